from interview_tracker.importing import ordered_id


def test_imported_rows_get_increasing_version_7_ids():
    # Increasing ids keep an import's index writes at the end of each index, and rows created
    # in the same moment list in the file's order (exports read created_at, then id).
    ids = [ordered_id() for _ in range(20_000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert {i.version for i in ids} == {7}
    assert {i.variant for i in ids} == {"specified in RFC 4122"}
