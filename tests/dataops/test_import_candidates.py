import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import Candidate
from interview_tracker.models import ActivityEvent, StatusChange
from tests.factories import CandidateFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_headers_match_aliases_case_insensitively_with_a_bom_and_semicolons(run, write, workspace):
    path = write(
        "people.csv",
        "\ufeffFull Name;E-MAIL;Stage;Labels;Favourite colour\n"
        'Ada Lovelace;ada@example.com;Screening;"python; maths";blue\n',
    )
    result = run("import_candidates", str(path), workspace=str(workspace.pk))
    ada = Candidate.objects.get(workspace=workspace)
    assert (ada.name, ada.email, ada.status, ada.tags) == (
        "Ada Lovelace",
        "ada@example.com",
        "screening",
        ["python", "maths"],
    )
    assert "Full Name → name" in result.out
    assert "Ignored columns: Favourite colour" in result.out
    assert "1 rows: 1 created, 0 updated, 0 unchanged, 0 invalid." in result.out
    # The creation shows on the candidate's timeline.
    assert ActivityEvent.objects.filter(object_id=ada.pk, verb="imported").count() == 1


def test_tab_delimited_files_are_detected(run, write, workspace):
    path = write("people.tsv", "name\temail\nGrace Hopper\tgrace@example.com\n")
    run("import_candidates", str(path), workspace=workspace.name)
    assert Candidate.objects.get().email == "grace@example.com"


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(run, write, workspace):
    path = write(
        "people.csv",
        "name,email,status\n"
        "Ada,ada@example.com,applied\n"
        "Bob,not-an-email,applied\n"
        ",carol@example.com,promoted\n",
    )
    with pytest.raises(CommandError, match="2 of 3 rows are invalid; nothing was written"):
        run("import_candidates", str(path), workspace=str(workspace.pk))
    assert Candidate.objects.count() == 0
    assert ActivityEvent.objects.count() == 0


def test_the_report_lists_every_bad_cell(write, workspace):
    from candidates.importers import CandidateImporter
    from interview_tracker.importing import RowError, open_source, run_import

    path = write("people.csv", "name,email,status\nBob,not-an-email,promoted\n,c@example.com,\n")
    with (
        path.open("rb") as stream,
        open_source(stream, path.name, CandidateImporter.aliases()) as source,
    ):
        report = run_import(CandidateImporter(workspace), source)
    assert report.errors == [
        RowError(2, "email", "Enter a valid email address."),
        # The API's CandidateWriteSerializer speaks here: the same rule, the same words.
        RowError(2, "status", '"promoted" is not a valid choice.'),
        RowError(3, "name", "This column is required."),
    ]
    assert (report.invalid, report.written) == (2, False)


def test_skip_invalid_writes_the_valid_rows_and_reports_the_rest(run, write, workspace):
    path = write("people.csv", "name,email\nAda,ada@example.com\nBob,nope\nCyd,cyd@example.com\n")
    result = run("import_candidates", str(path), workspace=str(workspace.pk), skip_invalid=True)
    assert sorted(Candidate.objects.values_list("email", flat=True)) == [
        "ada@example.com",
        "cyd@example.com",
    ]
    assert "Row 3, column email: Enter a valid email address." in result.err
    assert "3 rows: 2 created, 0 updated, 0 unchanged, 1 invalid." in result.out


def test_dry_run_reports_but_writes_nothing(run, write, workspace):
    CandidateFactory(workspace=workspace, email="ada@example.com")
    path = write("people.csv", "name,email\nAda,ADA@example.com\nBob,bob@example.com\n")
    result = run("import_candidates", str(path), workspace=str(workspace.pk), dry_run=True)
    assert "Dry run: 2 rows: 1 created, 0 updated, 1 unchanged, 0 invalid." in result.out
    assert Candidate.objects.count() == 1


def test_importing_twice_creates_nothing_new(run, write, workspace):
    path = write("people.csv", "name,email\nAda,ada@example.com\nBob,bob@example.com\n")
    run("import_candidates", str(path), workspace=str(workspace.pk))
    second = run("import_candidates", str(path), workspace=str(workspace.pk))
    assert Candidate.objects.count() == 2
    assert "2 rows: 0 created, 0 updated, 2 unchanged, 0 invalid." in second.out


def test_update_changes_records_matched_on_email_case_insensitively(run, write, workspace):
    ada = CandidateFactory(workspace=workspace, name="Ada L.", email="ada@example.com")
    path = write(
        "people.csv",
        "name,email,status,phone\nAda Lovelace,ADA@EXAMPLE.COM,offer,+44 1\n"
        "Bob,bob@example.com,,\n",
    )
    without = run("import_candidates", str(path), workspace=str(workspace.pk))
    assert "1 created, 0 updated, 1 unchanged" in without.out
    ada.refresh_from_db()
    assert ada.name == "Ada L."

    result = run("import_candidates", str(path), workspace=str(workspace.pk), update=True)
    assert "2 rows: 0 created, 1 updated, 1 unchanged, 0 invalid." in result.out
    ada.refresh_from_db()
    assert (ada.name, ada.status, ada.phone) == ("Ada Lovelace", "offer", "+44 1")
    # The status moved through the pipeline service, so it is in the history.
    change = StatusChange.objects.get(object_id=ada.pk)
    assert (change.from_status, change.to_status) == ("applied", "offer")


def test_a_position_is_found_by_title_and_company(run, write, workspace):
    opening = PositionFactory(workspace=workspace, title="Backend Engineer")
    PositionFactory(workspace=workspace, title="Backend Engineer")  # another company
    path = write(
        "people.csv",
        "name,email,position,company\n"
        f"Ada,ada@example.com,backend engineer,{opening.company.name}\n"
        "Bob,bob@example.com,Backend Engineer,\n"
        "Cyd,cyd@example.com,Astronaut,\n",
    )
    result = run("import_candidates", str(path), workspace=str(workspace.pk), skip_invalid=True)
    assert Candidate.objects.get(email="ada@example.com").position_id == opening.pk
    assert "Row 3, column company: Several companies have “Backend Engineer”" in result.err
    # A title alone that no position has cannot make one (a position needs its company): the
    # person comes without a position, the title kept in their notes.
    cyd = Candidate.objects.get(email="cyd@example.com")
    assert (cyd.position_id, cyd.notes) == (None, "Position named in the import: Astronaut")


def test_a_position_or_company_too_long_to_create_is_a_row_error(run, write, workspace):
    long = "x" * 201
    path = write(
        "people.csv",
        "name,email,position,company\n"
        f"Ada,ada@example.com,{long},Acme\n"
        f"Bob,bob@example.com,Engineer,{long}\n"
        "Cyd,cyd@example.com,Engineer,Acme\n",
    )
    result = run("import_candidates", str(path), workspace=str(workspace.pk), skip_invalid=True)
    assert "Row 2, column position: At most 200 characters." in result.err
    assert "Row 3, column company: At most 200 characters." in result.err
    assert list(Candidate.objects.values_list("email", "position__title")) == [
        ("cyd@example.com", "Engineer")
    ]


def test_a_second_column_of_the_same_name_is_ignored_as_the_mapping_says(run, write, workspace):
    path = write("people.csv", "Name,Email,Phone,Email\nAnn,ann@example.com,123456,\n")
    result = run("import_candidates", str(path), workspace=str(workspace.pk))
    assert "1 created" in result.out
    assert list(Candidate.objects.values_list("name", "email")) == [("Ann", "ann@example.com")]


def test_a_row_is_numbered_by_the_line_it_starts_on(run, write, workspace):
    path = write(
        "people.csv",
        'name,email,notes\nAda,not-an-address,"first\nsecond\nthird"\n'
        'Bob,bob@example.com,"one\ntwo"\nCyd,also-not-one,\n',
    )
    result = run("import_candidates", str(path), workspace=str(workspace.pk), skip_invalid=True)
    assert "Row 2, column email:" in result.err
    assert "Row 7, column email:" in result.err
    assert Candidate.objects.get().notes == "one\ntwo"


def test_json_lists_of_objects_are_read_in_small_chunks(run, write, workspace, monkeypatch):
    from interview_tracker.importing import JsonSource

    monkeypatch.setattr(JsonSource, "CHUNK", 7)  # every object crosses a chunk boundary
    path = write(
        "people.json",
        '[\n {"Full Name": "Ada", "E-mail": "ada@example.com", "tags": ["x", "y;z"]},\n'
        ' {"name": "Bö", "email": "bo@example.com", "links": ["https://bo.example.com"]}\n]',
    )
    run("import_candidates", str(path), workspace=str(workspace.pk))
    rows = Candidate.objects.order_by("email").values_list("name", "tags", "links")
    assert list(rows) == [("Ada", ["x", "y;z"], []), ("Bö", [], ["https://bo.example.com"])]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\n\n", "The file is empty."),
        (b"colour,shape\nred,round\n", "No recognisable header"),
        (b"name,email\n", "The file has a header but no rows."),
        (b"name,email\n\xff\xfe,x\n", "not UTF-8"),
        (b"[]", "The file is empty."),
        (b'{"name": "x"}', "must be a list of objects"),
        (b'[{"colour": "red"}]', "No recognisable header"),
        (b'[{"name": "x", "email": "x@example.com"', "Malformed JSON"),
        (b"[1, 2]", "must be a list of objects"),
    ],
)
def test_files_that_cannot_be_imported_get_a_clear_error(run, write, workspace, content, message):
    name = "file.json" if content.startswith((b"[", b"{")) else "file.csv"
    path = write(name, content)
    with pytest.raises(CommandError, match=message):
        run("import_candidates", str(path), workspace=str(workspace.pk))
    assert Candidate.objects.count() == 0


def test_an_unreadable_file_is_a_clear_error(run, tmp_path, workspace):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_candidates", str(tmp_path / "missing.csv"), workspace=str(workspace.pk))


@pytest.mark.parametrize("reference", ["No Such Team", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_workspace_is_a_clear_error(run, write, workspace, reference):
    path = write("people.csv", "name,email\nAda,ada@example.com\n")
    with pytest.raises(CommandError, match="Unknown workspace"):
        run("import_candidates", str(path), workspace=reference)
    assert Candidate.objects.count() == 0


def test_with_debug_on_the_query_log_holds_no_more_than_one_batch(write, workspace, settings):
    # Under DEBUG Django logs every query's SQL; an import's INSERTs carry its rows, so the log
    # is cleared between batches and memory does not grow with the file.
    from django.db import connection, reset_queries

    from candidates.importers import CandidateImporter
    from interview_tracker.importing import open_source, run_import

    settings.DEBUG = True
    lines = ["name,email"] + [f"Person {n},p{n}@example.com" for n in range(60)]
    path = write("people.csv", "\n".join(lines) + "\n")
    reset_queries()
    connection.force_debug_cursor = True
    try:
        with (
            path.open("rb") as stream,
            open_source(stream, path.name, CandidateImporter.aliases()) as source,
        ):
            report = run_import(CandidateImporter(workspace), source, batch_size=10)
        logged = len(connection.queries_log)
    finally:
        connection.force_debug_cursor = False
    assert report.created == 60
    one_batch = 12
    assert 0 < logged <= one_batch


def _moved_file(write, name: str, count: int, status: str):
    rows = "".join(f"P{n},p{n}@example.com,{status}\n" for n in range(count))
    return write(name, "name,email,status\n" + rows)


def test_an_update_moves_statuses_in_a_constant_number_of_statements(run, write, workspace):
    # Moved one by one, a weekly re-import of an ATS export ran at about 230 rows a second.
    counts = []
    for count in (2, 5, 25):  # the first warms the content-type cache
        first = _moved_file(write, f"a{count}.csv", count, "applied")
        run("import_candidates", str(first), workspace=str(workspace.pk))
        before = {c.pk: c.updated_at for c in Candidate.objects.filter(workspace=workspace)}
        with CaptureQueriesContext(connection) as ctx:
            result = run(
                "import_candidates",
                str(_moved_file(write, f"b{count}.csv", count, "Phone Screen")),
                workspace=str(workspace.pk),
                update=True,
            )
        counts.append(len(ctx.captured_queries))
        assert f"{count} rows: 0 created, {count} updated, 0 unchanged" in result.out
        moved = Candidate.objects.filter(workspace=workspace, email__startswith="p")
        assert {c.status for c in moved} == {"screening"}
        assert all(c.updated_at > before[c.pk] for c in moved)
        for candidate in moved:
            [change] = StatusChange.objects.filter(object_id=candidate.pk)
            assert (change.from_status, change.to_status) == ("applied", "screening")
            [event] = ActivityEvent.objects.filter(object_id=candidate.pk, verb="status_changed")
            assert event.details == {"from": "applied", "to": "screening"}
        Candidate.objects.filter(workspace=workspace).delete()
        StatusChange.objects.all().delete()
    assert counts[1] == counts[2]


def test_an_update_that_edits_one_field_writes_it_and_stamps_the_record(run, write, workspace):
    ada = CandidateFactory(workspace=workspace, email="ada@example.com", notes="old", phone="1")
    stamped = ada.updated_at
    path = write("people.csv", "name,email,notes\nAda,ada@example.com,new\n")
    run("import_candidates", str(path), workspace=str(workspace.pk), update=True)
    ada.refresh_from_db()
    assert (ada.name, ada.notes, ada.phone) == ("Ada", "new", "1")
    assert ada.updated_at > stamped
    assert not StatusChange.objects.filter(object_id=ada.pk).exists()


def test_the_next_batch_is_read_while_a_batch_is_written_and_a_bad_row_there_stops_the_run(
    write, workspace, monkeypatch
):
    """The next batch is read and checked between sending a batch's rows and ending their
    insert; a bad row found there still means nothing is written, and the report lists it."""
    from candidates.importers import CandidateImporter
    from interview_tracker import importing

    calls = []
    insert_rows = importing.insert_rows

    def watched(model, objects, meanwhile=None, then=None):
        def noted():
            calls.append((model, len(objects)))
            meanwhile()

        return insert_rows(model, objects, noted if meanwhile else None, then)

    monkeypatch.setattr(importing, "insert_rows", watched)
    lines = ["name,email"] + [f"Person {n},p{n}@example.com" for n in range(5)]
    lines.append("Bad,not-an-email")
    path = write("people.csv", "\n".join(lines) + "\n")
    with (
        path.open("rb") as stream,
        importing.open_source(stream, path.name, CandidateImporter.aliases()) as source,
    ):
        report = importing.run_import(CandidateImporter(workspace), source, batch_size=2)
    # Batches of 2: the first two were written, each reading the next batch meanwhile; the
    # third holds the bad row (read during the second's insert), so it is not written.
    assert calls == [(Candidate, 2), (Candidate, 2)]
    assert not report.written
    assert report.rows == 6
    assert [(e.row, e.column) for e in report.errors] == [(7, "email")]
    assert not Candidate.objects.filter(workspace=workspace).exists()


def test_progress_counts_the_rows_of_the_batches_written_not_the_one_read_ahead(write, workspace):
    from candidates.importers import CandidateImporter
    from interview_tracker import importing

    lines = ["name,email"] + [f"Person {n},p{n}@example.com" for n in range(5)]
    path = write("people.csv", "\n".join(lines) + "\n")
    seen = []

    def progress(rows, done, total):
        seen.append((rows, Candidate.objects.filter(workspace=workspace).count()))

    with (
        path.open("rb") as stream,
        importing.open_source(stream, path.name, CandidateImporter.aliases()) as source,
    ):
        importing.run_import(CandidateImporter(workspace), source, batch_size=2, progress=progress)
    # Each figure is what is written by then: after each batch of two, then at the end.
    assert seen == [(2, 2), (4, 4), (5, 5), (5, 5)]


def test_foreign_keys_are_checked_at_commit_again_after_an_import(run, write, workspace):
    # An import checks foreign keys as its statements end (so while it reads the next
    # batch); the rest of the transaction keeps Django's deferred checks: a row may still
    # point at a parent written after it.
    import uuid

    from django.db import transaction

    with transaction.atomic():
        path = write("people.csv", "name,email\nAda Lovelace,ada@example.com\n")
        run("import_candidates", str(path), workspace=str(workspace.pk))
        parent = uuid.uuid4()
        CandidateFactory(workspace=workspace, email="grace@example.com", position_id=parent)
        PositionFactory(id=parent, workspace=workspace)
    assert Candidate.objects.get(email="grace@example.com").position_id == parent
