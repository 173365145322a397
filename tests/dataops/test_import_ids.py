import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DataError, connection, transaction
from django.db.models.signals import post_init

from candidates.models import Candidate
from interview_tracker.bulk import (
    COPY_FROM_ROWS,
    Alike,
    insert_alike,
    insert_rows,
    new_record,
    ordered_id,
)
from interview_tracker.models import ActivityEvent

FIELDS = [f for f in Candidate._meta.concrete_fields if not f.generated]


def with_others(workspace, built):
    """``built`` and enough other new candidates for PostgreSQL to take them by COPY."""
    others = [
        new_record(Candidate, {"workspace_id": workspace.pk, "name": "O", "email": f"o{n}@x.org"})
        for n in range(COPY_FROM_ROWS)
    ]
    return [*built, *others]


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
    insert_rows(Candidate, with_others(workspace, [built]))
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


def test_a_record_is_not_built_from_names_that_are_not_its_fields():
    with pytest.raises(TypeError, match="Not fields of Candidate: \\['nmae'\\]"):
        new_record(Candidate, {"nmae": "Bo"})


@pytest.mark.django_db
def test_copied_cells_are_what_saving_writes(workspace):
    """The remembered JSON encodings and a stored file name, as the rows of ``save()``."""
    rows = [
        {"name": "A", "email": "a@example.com", "tags": ["x", "y"], "resume": "resumes/a.pdf"},
        {"name": "B", "email": "b@example.com", "tags": ["x", "y"], "links": ["https://b.example"]},
        {"name": "C", "email": "c@example.com", "tags": [], "links": [{"not": "text"}]},
    ]
    built = [new_record(Candidate, {"workspace_id": workspace.pk, **row}) for row in rows]
    insert_rows(Candidate, with_others(workspace, built))
    saved = [Candidate(workspace=workspace, **{**row, "email": "s" + row["email"]}) for row in rows]
    for candidate in saved:
        candidate.save()
    fields = ("name", "tags", "links", "resume")
    stored = {c.email: [str(getattr(c, f)) for f in fields] for c in Candidate.objects.all()}
    for row in rows:
        assert stored[row["email"]] == stored["s" + row["email"]]
    assert stored["a@example.com"][3] == "resumes/a.pdf"
    assert stored["c@example.com"][2] == "[{'not': 'text'}]"


@pytest.mark.django_db
def test_rows_alike_get_shared_values_their_own_value_defaults_and_ordered_ids(workspace, owner):
    targets = [uuid.uuid4() for _ in range(3)]
    shared = {
        "workspace_id": workspace.pk,
        "actor_id": owner.pk,
        "verb": "imported",
        "content_type_id": ContentType.objects.get_for_model(Candidate).pk,
        "summary": "Imported from “people;\ttabs.csv”",
    }
    insert_alike(Alike(ActivityEvent, shared, "object_id", targets))
    events = list(ActivityEvent.objects.filter(workspace=workspace).order_by("id"))
    assert [event.object_id for event in events] == targets
    for event in events:
        assert {name: getattr(event, name) for name in shared} == shared
        assert event.details == {}
        assert event.id.version == 7
    # Listed newest first (the model's order), the last value comes first.
    assert list(ActivityEvent.objects.filter(workspace=workspace)) == events[::-1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps text of any length")
@pytest.mark.django_db
def test_a_shared_value_too_long_for_its_column_is_refused_not_cut(workspace):
    shared = {
        "workspace_id": workspace.pk,
        "verb": "v" * 65,  # the column holds 64
        "content_type_id": ContentType.objects.get_for_model(Candidate).pk,
        "summary": "Imported",
    }
    with pytest.raises(DataError), transaction.atomic():
        insert_alike(Alike(ActivityEvent, shared, "object_id", [uuid.uuid4()]))
    assert not ActivityEvent.objects.filter(workspace=workspace).exists()
