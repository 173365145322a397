import pytest
from django.db.models.signals import post_init

from candidates.models import Candidate
from interview_tracker.importing import insert_rows, new_record, ordered_id

FIELDS = [f for f in Candidate._meta.concrete_fields if not f.generated]


def test_imported_rows_get_increasing_version_7_ids():
    # Increasing ids keep an import's index writes at the end of each index, and rows created
    # in the same moment list in the file's order (exports read created_at, then id).
    ids = [ordered_id() for _ in range(20_000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert {i.version for i in ids} == {7}
    assert {i.variant for i in ids} == {"specified in RFC 4122"}


@pytest.mark.django_db
def test_a_record_built_for_an_import_is_what_the_model_builds(workspace):
    values = {
        "workspace_id": workspace.pk,
        "name": "Ann Lee",
        "email": "ann@example.com",
        "tags": ["a", "b"],
    }
    built = new_record(Candidate, values)
    model = Candidate(**values, pk=built.pk)
    assert built._state.adding
    assert built._state.db is None
    assert [getattr(built, f.attname) for f in FIELDS] == [
        getattr(model, f.attname) for f in FIELDS
    ]
    assert built.workspace == workspace  # relations resolve as on any instance
    insert_rows(Candidate, [built])
    stored = Candidate.objects.get(pk=built.pk)
    assert (stored.name, stored.email, stored.tags, stored.links) == (
        "Ann Lee",
        "ann@example.com",
        ["a", "b"],
        [],
    )
    assert stored.created_at == built.created_at
    assert stored.updated_at == built.updated_at
    assert not built._state.adding


@pytest.mark.django_db
def test_a_model_with_init_listeners_is_built_through_its_init():
    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(listener, sender=Candidate)
    try:
        built = new_record(Candidate, {"name": "Bo"})
    finally:
        post_init.disconnect(listener, sender=Candidate)
    assert seen == [built]
