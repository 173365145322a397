"""Duplicates: flagged on reads, merged with everything they hold, undone within 30 days."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from candidates.models import Candidate, Merge
from interview_tracker.models import ActivityEvent, StatusChange
from interview_tracker.services import activity_record
from interviews.models import Feedback, Interview, Message
from tests.factories import (
    CandidateFactory,
    FeedbackFactory,
    InterviewFactory,
    MessageFactory,
    PositionFactory,
)
from tests.positions.helpers import assert_envelope

pytestmark = pytest.mark.django_db

URL = "/api/v1/candidates/"
ROLES = ["owner", "recruiter", "interviewer", "candidate", "outsider"]
EXPECTED = {"owner": 200, "recruiter": 200, "interviewer": 403}


def _history(candidate):
    content_type = ContentType.objects.get_for_model(Candidate)
    return {"content_type": content_type, "object_id": candidate.pk}


def test_reads_carry_possible_duplicates_by_email_phone_and_name_at_the_company(
    owner_client, workspace, other_workspace
):
    position = PositionFactory(workspace=workspace)
    same_company = PositionFactory(workspace=workspace, company=position.company)
    jane = CandidateFactory(
        workspace=workspace, name="Jane Doe", phone="+44 20 7946-0000", position=position
    )
    by_phone = CandidateFactory(workspace=workspace, name="J. Doe", phone="442079460000")
    by_name = CandidateFactory(workspace=workspace, name="jane doe", position=same_company)
    CandidateFactory(workspace=workspace, name="Jane Doe")  # no company: no name match
    CandidateFactory(workspace=other_workspace, name="Jane Doe", phone="442079460000")

    body = owner_client.get(f"{URL}{jane.pk}/").json()

    assert sorted(body["possible_duplicates"]) == sorted([str(by_phone.pk), str(by_name.pk)])
    listing = {
        row["id"]: row["possible_duplicates"]
        for row in owner_client.get(f"{URL}?page_size=50").json()["results"]
    }
    assert listing[str(by_phone.pk)] == [str(jane.pk)]
    assert listing[str(by_name.pk)] == [str(jane.pk)]


def test_a_created_candidate_is_flagged_at_once(owner_client, workspace):
    existing = CandidateFactory(workspace=workspace, phone="020 7946 0000")
    created = owner_client.post(
        URL, {"name": "New", "email": "new@example.com", "phone": "(020) 7946-0000"}
    )
    assert created.status_code == 201
    assert created.json()["possible_duplicates"] == [str(existing.pk)]


@pytest.fixture
def pair(workspace, owner):
    kept = CandidateFactory(workspace=workspace, name="Jane Doe", email="jane@example.com")
    other = CandidateFactory(
        workspace=workspace, name="Jane D.", email="jane.d@example.com", notes="From the fair"
    )
    interview = InterviewFactory(workspace=workspace, candidate=other, title="Fair chat")
    MessageFactory(interview=interview, author=owner, body="Nice to meet you")
    FeedbackFactory(interview=interview, author=owner)
    ActivityEvent.objects.create(
        workspace=workspace, verb="created", summary="Candidate Jane D. added", **_history(other)
    )
    StatusChange.objects.create(workspace=workspace, to_status="applied", **_history(other))
    return kept, other, interview


def test_merge_moves_everything_onto_the_kept_record_and_undo_restores_both(owner_client, pair):
    kept, other, interview = pair

    response = owner_client.post(f"{URL}{kept.pk}/merge/", {"other": str(other.pk)})

    assert response.status_code == 200, response.content
    body = response.json()
    merge = Merge.objects.get()
    assert body["merge"] == str(merge.pk)
    assert body["candidate"]["id"] == str(kept.pk)
    assert not Candidate.objects.filter(pk=other.pk).exists()
    assert Interview.objects.get(pk=interview.pk).candidate_id == kept.pk
    assert Message.objects.filter(interview__candidate=kept).count() == 1
    assert Feedback.objects.filter(interview__candidate=kept).count() == 1
    assert StatusChange.objects.filter(**_history(kept)).count() == 1
    verbs = set(ActivityEvent.objects.filter(**_history(kept)).values_list("verb", flat=True))
    assert verbs == {"created", "merged"}

    undone = owner_client.post(f"/api/v1/merges/{merge.pk}/undo/")

    assert undone.status_code == 200, undone.content
    restored = Candidate.objects.get(pk=other.pk)
    assert (restored.name, restored.email, restored.notes) == (
        "Jane D.",
        "jane.d@example.com",
        "From the fair",
    )
    assert restored.created_at == other.created_at
    assert undone.json()["other"]["id"] == str(other.pk)
    assert Interview.objects.get(pk=interview.pk).candidate_id == other.pk
    assert StatusChange.objects.filter(**_history(other)).count() == 1
    assert ActivityEvent.objects.filter(**_history(other), verb="created").exists()
    assert set(ActivityEvent.objects.filter(**_history(kept)).values_list("verb", flat=True)) == {
        "merged",
        "unmerged",
    }
    again = owner_client.post(f"/api/v1/merges/{merge.pk}/undo/")
    assert_envelope(again, 404, "RESOURCE_NOT_FOUND")


def test_undo_is_refused_after_30_days(owner_client, pair):
    kept, other, _ = pair
    assert owner_client.post(f"{URL}{kept.pk}/merge/", {"other": str(other.pk)}).status_code == 200
    merge = Merge.objects.get()
    # The merge is dated back rather than the clock moved on: the client's token would expire.
    Merge.objects.filter(pk=merge.pk).update(created_at=merge.created_at - dt.timedelta(days=31))
    assert_envelope(
        owner_client.post(f"/api/v1/merges/{merge.pk}/undo/"), 404, "RESOURCE_NOT_FOUND"
    )
    Merge.objects.filter(pk=merge.pk).update(created_at=merge.created_at - dt.timedelta(days=29))
    assert owner_client.post(f"/api/v1/merges/{merge.pk}/undo/").status_code == 200


def test_merging_with_itself_or_another_workspace_is_422(owner_client, workspace, outsider):
    kept = CandidateFactory(workspace=workspace)
    foreign = CandidateFactory(workspace=outsider.default_workspace)
    for other in (kept, foreign):
        response = owner_client.post(f"{URL}{kept.pk}/merge/", {"other": str(other.pk)})
        assert_envelope(response, 422, "VALIDATION_ERROR")
    assert Candidate.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_merge_and_undo_permission_walk(role, cast, api_client_for, owner_client, workspace):
    kept = CandidateFactory(workspace=workspace)
    other = CandidateFactory(workspace=workspace)
    client = api_client_for(cast[role])
    expected = EXPECTED.get(role, 404)
    response = client.post(f"{URL}{kept.pk}/merge/", {"other": str(other.pk)})
    assert response.status_code == expected
    if expected != 200:
        assert Candidate.objects.filter(pk=other.pk).exists()
        assert (
            owner_client.post(f"{URL}{kept.pk}/merge/", {"other": str(other.pk)}).status_code == 200
        )
    merge = Merge.objects.get()
    undo = client.post(f"/api/v1/merges/{merge.pk}/undo/")
    assert undo.status_code == expected
    assert Candidate.objects.filter(pk=other.pk).exists() == (expected == 200)


@pytest.mark.parametrize("size", [2, 12])
def test_the_merge_page_lists_duplicates_merges_and_undoes(
    size, login, owner, workspace, django_assert_num_queries
):
    kept = CandidateFactory(workspace=workspace, phone="555 010 0000")
    others = [
        CandidateFactory(workspace=workspace, phone="555-010-0000", name=f"Dup {index}")
        for index in range(size)
    ]
    client = login(owner)
    # session, user, the candidate, roles, the duplicates' keys (one query for any number), the
    # menu's memberships, the duplicates with positions, the undoable merges.
    with django_assert_num_queries(8):
        page = client.get(f"/candidates/{kept.pk}/merge/")
    html = page.content.decode()
    assert all(other.name in html for other in others)
    assert (
        client.post(f"/candidates/{kept.pk}/merge/", {"other": str(others[0].pk)}).status_code
        == 302
    )
    assert not Candidate.objects.filter(pk=others[0].pk).exists()
    merge = Merge.objects.get()
    assert "Undo" in client.get(f"/candidates/{kept.pk}/merge/").content.decode()
    assert client.post(f"/candidates/merges/{merge.pk}/undo/").status_code == 302
    assert Candidate.objects.filter(pk=others[0].pk).exists()


def test_create_and_import_flag_possible_duplicates_on_the_timeline(owner, workspace):
    import io

    from candidates.importers import CandidateImporter
    from candidates.services import candidate_create
    from interview_tracker.importing import open_source, run_import

    existing = CandidateFactory(workspace=workspace, phone="+1 (415) 555-0100")
    created = candidate_create(
        workspace=workspace, actor=owner, name="A", email="a@example.com", phone="14155550100"
    )
    flags = ActivityEvent.objects.filter(verb="possible_duplicate", **_history(created))
    assert [event.details for event in flags] == [{"candidates": [str(existing.pk)]}]
    assert not ActivityEvent.objects.filter(verb="possible_duplicate", **_history(existing))
    text = "name,email,phone\nB,b@example.com,1-415-555-0100\nC,c@example.com,\n"
    with open_source(io.BytesIO(text.encode()), "people.csv", CandidateImporter.aliases()) as src:
        report = run_import(CandidateImporter(workspace, actor=owner), src)
    assert report.created == 2
    imported = Candidate.objects.get(email="b@example.com")
    flags = ActivityEvent.objects.filter(verb="possible_duplicate", **_history(imported))
    assert sorted(flags.get().details["candidates"]) == sorted([str(existing.pk), str(created.pk)])
    clean = Candidate.objects.get(email="c@example.com")
    assert not ActivityEvent.objects.filter(verb="possible_duplicate", **_history(clean))


def test_a_merge_whose_other_record_is_gone_meanwhile_is_a_conflict(owner, pair):
    from candidates import services
    from interview_tracker.errors import ConflictError

    kept, other, _ = pair
    Candidate.objects.filter(pk=other.pk).delete()  # another request merged it first
    with pytest.raises(ConflictError):
        services.candidate_merge(kept=kept, other=other, actor=owner)
    assert not Merge.objects.exists()


def test_the_page_says_why_an_undo_is_refused(login, owner, pair):
    kept, other, _ = pair
    client = login(owner)
    client.post(f"/candidates/{kept.pk}/merge/", {"other": str(other.pk)})
    # Meanwhile someone re-entered the person with the merged record's e-mail.
    CandidateFactory(workspace=kept.workspace, email=other.email)
    merge = Merge.objects.get()
    response = client.post(f"/candidates/merges/{merge.pk}/undo/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "jane.d@example.com already exists in this workspace" in html
    assert "Merge that record into this one or change its e-mail, then undo the merge." in html
    assert not Candidate.objects.filter(pk=other.pk).exists()


def test_an_undo_restores_what_still_exists_of_the_records_links(owner_client, pair, workspace):
    kept, other, _ = pair
    opening = PositionFactory(workspace=workspace)
    Candidate.objects.filter(pk=other.pk).update(position=opening)
    assert owner_client.post(f"{URL}{kept.pk}/merge/", {"other": str(other.pk)}).status_code == 200
    opening.delete()
    undone = owner_client.post(f"/api/v1/merges/{Merge.objects.get().pk}/undo/")
    assert undone.status_code == 200, undone.content
    assert Candidate.objects.get(pk=other.pk).position_id is None


def test_anonymising_erases_the_merged_record_and_the_name_on_related_timelines(
    owner_client, owner, pair, workspace, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from candidates import services

    kept, other, interview = pair
    opening = PositionFactory(workspace=workspace, title="Platform Engineer")
    kept.position = opening
    kept.resume.save("kept.pdf", ContentFile(b"%PDF kept"))
    other.resume.save("other.pdf", ContentFile(b"%PDF other"))
    kept.save()
    activity_record(
        actor=None, verb="candidate_added", target=opening, summary="Candidate Jane Doe added"
    )
    assert owner_client.post(f"{URL}{kept.pk}/merge/", {"other": str(other.pk)}).status_code == 200
    merge = Merge.objects.get()
    activity_record(
        actor=None,
        verb="interview_scheduled",
        target=interview,
        summary="Fair chat with Jane Doe scheduled",
    )
    other_file = other.resume.name
    storage = other.resume.storage

    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_anonymise(candidate=Candidate.objects.get(pk=kept.pk), actor=owner)

    assert not Merge.objects.exists()  # the other record's fields went with it
    assert not storage.exists(other_file)
    assert_envelope(
        owner_client.post(f"/api/v1/merges/{merge.pk}/undo/"), 404, "RESOURCE_NOT_FOUND"
    )
    summaries = ActivityEvent.objects.filter(workspace=workspace).values_list("summary", flat=True)
    assert not [s for s in summaries if "Jane Doe" in s]
    assert "Candidate Anonymised candidate added" in summaries
    assert "Fair chat with Anonymised candidate scheduled" in summaries
