"""The candidates API: CRUD, filters, the pipeline, embeds and role rules."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Prefetch
from rest_framework import serializers

from candidates.models import Candidate
from interview_tracker.extensions import ApiEmbed, registry
from interview_tracker.models import ActivityEvent, StatusChange
from interviews.models import Interview
from tests.factories import CandidateFactory, InterviewFactory, PositionFactory
from tests.positions.helpers import assert_envelope, ids

pytestmark = pytest.mark.django_db

URL = "/api/v1/candidates/"


def detail(candidate) -> str:
    return f"{URL}{candidate.pk}/"


def test_create_returns_201_with_the_canonical_body_and_status_applied(owner_client, workspace):
    position = PositionFactory(workspace=workspace)
    response = owner_client.post(
        URL,
        {
            "name": "John Doe",
            "email": "john.doe@example.com",
            "position": str(position.pk),
            "links": ["https://github.com/jdoe"],
            "tags": ["python"],
            "source": "referral",
        },
    )
    assert response.status_code == 201, response.content
    candidate = Candidate.objects.get()
    body = response.json()
    assert body == {
        "id": str(candidate.pk),
        "workspace": str(workspace.pk),
        "name": "John Doe",
        "email": "john.doe@example.com",
        "phone": "",
        "links": ["https://github.com/jdoe"],
        "position": str(position.pk),
        "source": "referral",
        "notes": "",
        "resume": None,
        "user": None,
        "status": "applied",
        "rejection_reason": "",
        "tags": ["python"],
        "consent_given_at": None,
        "consent_note": "",
        "anonymised_at": None,
        "possible_duplicates": [],
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    assert owner_client.get(detail(candidate)).json() == body
    event = ActivityEvent.objects.get(object_id=candidate.pk)
    assert event.verb == "created"
    # The opening's timeline shows the new candidate too.
    assert ActivityEvent.objects.filter(object_id=position.pk, verb="created").exists()


@pytest.mark.parametrize("email", ["john.doe@example.com", "JOHN.DOE@Example.com"])
def test_a_duplicate_email_is_409_case_insensitively(owner_client, workspace, email):
    CandidateFactory(workspace=workspace, email="john.doe@example.com")
    response = owner_client.post(URL, {"name": "John", "email": email})
    assert_envelope(response, 409, "RESOURCE_CONFLICT")
    assert Candidate.objects.count() == 1


def test_the_same_email_in_another_workspace_is_fine(owner_client, other_workspace):
    CandidateFactory(workspace=other_workspace, email="john@example.com")
    assert owner_client.post(URL, {"name": "John", "email": "john@example.com"}).status_code == 201


def test_a_racing_duplicate_is_decided_by_the_database(owner, workspace):
    """No check-then-insert in the service: a row committed by a concurrent request between any
    check and our insert still ends in a ConflictError, through the unique constraint."""
    from candidates.services import candidate_create
    from interview_tracker.errors import ConflictError

    candidate_create(workspace=workspace, actor=owner, name="A", email="race@example.com")
    with pytest.raises(ConflictError):
        candidate_create(workspace=workspace, actor=owner, name="B", email="RACE@example.com")
    assert Candidate.objects.count() == 1


def test_changing_the_email_to_a_taken_one_is_409(owner_client, workspace):
    CandidateFactory(workspace=workspace, email="taken@example.com")
    candidate = CandidateFactory(workspace=workspace)
    response = owner_client.patch(detail(candidate), {"email": "Taken@example.com"})
    assert_envelope(response, 409, "RESOURCE_CONFLICT")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "John", "email": "not-an-email"}, "email"),
        ({"name": "", "email": "a@example.com"}, "name"),
        ({"email": "a@example.com"}, "name"),
        ({"name": "John", "email": "a@example.com", "status": "lost"}, "status"),
        ({"name": "John", "email": "a@example.com", "links": ["nope"]}, "links.0"),
        ({"name": "John", "email": "a@example.com", "position": str(uuid.uuid4())}, "position"),
    ],
)
def test_invalid_input_is_422(owner_client, payload, field):
    error = assert_envelope(owner_client.post(URL, payload), 422, "VALIDATION_ERROR")
    assert field in error["field_errors"]
    assert not Candidate.objects.exists()


def test_a_foreign_workspace_is_422_and_nothing_is_written(owner_client, other_workspace):
    response = owner_client.post(
        URL, {"name": "J", "email": "j@example.com", "workspace": str(other_workspace.pk)}
    )
    assert "workspace" in assert_envelope(response, 422, "VALIDATION_ERROR")["field_errors"]
    assert not Candidate.objects.exists()


def test_patch_changes_status_through_the_pipeline(owner_client, owner, workspace):
    candidate = CandidateFactory(workspace=workspace)
    response = owner_client.patch(detail(candidate), {"status": "interviewing", "notes": "Strong"})
    assert response.status_code == 200
    assert response.json()["status"] == "interviewing"
    assert response.json()["notes"] == "Strong"
    response = owner_client.patch(
        detail(candidate), {"status": "rejected", "rejection_reason": "Chose another"}
    )
    assert response.json()["rejection_reason"] == "Chose another"
    history = list(
        StatusChange.objects.filter(object_id=candidate.pk).values_list(
            "from_status", "to_status", "changed_by"
        )
    )
    assert history == [
        ("applied", "interviewing", owner.pk),
        ("interviewing", "rejected", owner.pk),
    ]
    verbs = set(ActivityEvent.objects.filter(object_id=candidate.pk).values_list("verb", flat=True))
    assert verbs == {"updated", "status_changed"}


def test_delete_then_404_and_interviews_go_with_the_candidate(owner_client, workspace):
    candidate = CandidateFactory(workspace=workspace)
    InterviewFactory(workspace=workspace, candidate=candidate)
    assert owner_client.delete(detail(candidate)).status_code == 204
    assert_envelope(owner_client.get(detail(candidate)), 404, "RESOURCE_NOT_FOUND")
    assert_envelope(owner_client.delete(detail(candidate)), 404, "RESOURCE_NOT_FOUND")
    assert not Interview.objects.exists()


def test_unknown_and_malformed_ids_are_404(owner_client):
    assert_envelope(owner_client.get(f"{URL}{uuid.uuid4()}/"), 404, "RESOURCE_NOT_FOUND")
    assert owner_client.get(f"{URL}zzz/").status_code == 404


@pytest.mark.parametrize(
    ("name", "size", "expected"),
    [
        ("resume.pdf", 10, 201),
        ("resume.docx", 10, 201),
        ("resume.png", 10, 422),
        ("r.pdf", 99, 422),
    ],
)
def test_resume_upload_limits(owner_client, settings, name, size, expected):
    settings.MAX_UPLOAD_BYTES = 50
    upload = SimpleUploadedFile(name, b"x" * size)
    response = owner_client.post(
        URL, {"name": "Jo", "email": "jo@example.com", "resume": upload}, format="multipart"
    )
    assert response.status_code == expected, response.content
    if expected == 201:
        candidate = response.json()
        # The access-checked download view, never the storage's address.
        assert candidate["resume"] == f"http://testserver{URL}{candidate['id']}/resume"
    else:
        assert "resume" in response.json()["error"]["field_errors"]
        assert not Candidate.objects.exists()


# Filters -------------------------------------------------------------------------------------


@pytest.fixture
def people(workspace):
    opening = PositionFactory(workspace=workspace)
    return {
        "ada": CandidateFactory(
            workspace=workspace,
            name="Ada Lovelace",
            email="ada@engines.org",
            status="interviewing",
            source="referral",
            tags=["math", "senior"],
            position=opening,
        ),
        "bob": CandidateFactory(
            workspace=workspace,
            name="Bob Builder",
            email="bob@site.com",
            status="applied",
            source="linkedin",
            tags=["junior"],
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=interviewing", ["ada"]),
        ("status=hired", []),
        ("source=LinkedIn", ["bob"]),
        ("source=job-board", []),
        ("tags=math", ["ada"]),
        ("tags=junior&tags=math", ["ada", "bob"]),
        ("tags=unknown", []),
        ("search=lovelace", ["ada"]),
        ("search=site.com", ["bob"]),
        ("search=zzz", []),
        ("ordering=name", ["ada", "bob"]),
        ("ordering=-name", ["bob", "ada"]),
    ],
)
def test_filters_both_ways(owner_client, people, query, expected):
    result = ids(owner_client.get(f"{URL}?{query}"))
    if query.startswith("ordering"):
        assert result == [str(people[k].pk) for k in expected]
    else:
        assert sorted(result) == sorted(str(people[k].pk) for k in expected)


def test_position_filter_both_ways(owner_client, people, workspace):
    opening = people["ada"].position_id
    assert ids(owner_client.get(f"{URL}?position={opening}")) == [str(people["ada"].pk)]
    assert ids(owner_client.get(f"{URL}?position={uuid.uuid4()}")) == []
    assert_envelope(owner_client.get(f"{URL}?position=nope"), 422, "VALIDATION_ERROR")


def test_workspace_filter(owner_client, people, workspace):
    assert len(ids(owner_client.get(f"{URL}?workspace={workspace.pk}"))) == 2
    assert ids(owner_client.get(f"{URL}?workspace={uuid.uuid4()}")) == []


# Roles ---------------------------------------------------------------------------------------

ROLES = ["owner", "recruiter", "interviewer", "candidate", "outsider"]
READ = {"owner": 200, "recruiter": 200, "interviewer": 200, "candidate": 404, "outsider": 404}
WRITE = {"owner": 200, "recruiter": 200, "interviewer": 403, "candidate": 404, "outsider": 404}


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(role, cast, api_client_for, workspace):
    candidate = CandidateFactory(workspace=workspace, name="Untouched", notes="secret")
    client = api_client_for(cast[role])
    assert client.get(detail(candidate)).status_code == READ[role]
    assert client.get(f"{detail(candidate)}activity/").status_code == READ[role]
    assert ids(client.get(URL)) == ([str(candidate.pk)] if READ[role] == 200 else [])
    assert client.patch(detail(candidate), {"name": "Changed"}).status_code == WRITE[role]
    assert client.delete(detail(candidate)).status_code == (
        204 if WRITE[role] == 200 else WRITE[role]
    )
    created = client.post(URL, {"name": "New", "email": "new@example.com"})
    assert created.status_code == {"owner": 201, "recruiter": 201}.get(
        role, 403 if role != "outsider" else 201
    )
    if WRITE[role] != 200:
        candidate.refresh_from_db()
        assert candidate.name == "Untouched"
        assert not Candidate.objects.filter(workspace=workspace, email="new@example.com").exists()


def test_a_candidate_member_sees_only_their_own_status_and_name(
    candidate_client, candidate_user, workspace
):
    own = CandidateFactory(
        workspace=workspace,
        user=candidate_user,
        name="Casey",
        status="offer",
        notes="Negotiating hard",
        tags=["top"],
        rejection_reason="",
    )
    CandidateFactory(workspace=workspace, notes="other person's notes")
    body = candidate_client.get(detail(own)).json()
    assert body == {
        "id": str(own.pk),
        "name": "Casey",
        "status": "offer",
        "updated_at": body["updated_at"],
    }
    listing = candidate_client.get(URL).json()
    assert listing["count"] == 1
    assert listing["results"] == [body]
    assert candidate_client.get(f"{detail(own)}activity/").status_code == 403
    assert candidate_client.patch(detail(own), {"status": "hired"}).status_code == 403
    own.refresh_from_db()
    assert own.status == "offer"


# Embeds registered by later apps -------------------------------------------------------------


class RoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Interview
        fields = ["id", "title"]


@pytest.fixture
def rounds_embed(monkeypatch):
    calls = []

    def prefetch(request):
        calls.append(request.user.pk)
        return Prefetch("interviews", queryset=Interview.objects.order_by("title", "id"))

    def rows(request, candidate_ids, full):
        calls.append(request.user.pk)
        found = {}
        rounds = Interview.objects.filter(candidate_id__in=candidate_ids).order_by("title", "id")
        for pk, title, candidate_id in rounds.values_list("id", "title", "candidate_id"):
            found.setdefault(candidate_id, []).append({"id": str(pk), "title": title})
        return found

    embed = ApiEmbed(
        prefetch=prefetch,
        serializer=lambda full: RoundSerializer(source="interviews", many=True, read_only=True),
        rows=rows,
    )
    monkeypatch.setitem(registry.api_embeds, "candidates.candidate", {"rounds": embed})
    return calls


def test_expand_embeds_registered_relations_in_lists(owner_client, workspace, rounds_embed):
    candidate = CandidateFactory(workspace=workspace)
    first = InterviewFactory(workspace=workspace, candidate=candidate, title="A")
    plain = owner_client.get(URL).json()["results"][0]
    assert "rounds" not in plain
    assert rounds_embed == []
    expanded = owner_client.get(f"{URL}?expand=rounds,unknown").json()["results"][0]
    assert expanded["rounds"] == [{"id": str(first.pk), "title": "A"}]


def test_detail_always_embeds_every_registered_relation(owner_client, workspace, rounds_embed):
    candidate = CandidateFactory(workspace=workspace)
    InterviewFactory(workspace=workspace, candidate=candidate, title="B")
    assert [r["title"] for r in owner_client.get(detail(candidate)).json()["rounds"]] == ["B"]


def test_the_embed_registry_is_restored_after_the_fixture():
    assert "rounds" not in registry.api_embeds.get("candidates.candidate", {})


# Query budgets -------------------------------------------------------------------------------


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_count_is_constant(
    page_size, owner_client, workspace, django_assert_num_queries
):
    CandidateFactory.create_batch(60, workspace=workspace)
    # 1 user (JWT), 2 memberships (workspace_roles, for each row's shape), 3 COUNT(*), 4 page,
    # 5 the page's possible duplicates.
    with django_assert_num_queries(5):
        assert owner_client.get(f"{URL}?page_size={page_size}").status_code == 200


@pytest.mark.parametrize("page_size", [5, 50])
def test_expanded_list_query_count_is_constant(
    page_size, owner_client, workspace, rounds_embed, django_assert_num_queries
):
    for candidate in CandidateFactory.create_batch(60, workspace=workspace):
        InterviewFactory(workspace=workspace, candidate=candidate)
    # user, memberships, COUNT(*), page, the embed's prefetch, the page's possible duplicates.
    with django_assert_num_queries(6):
        response = owner_client.get(f"{URL}?expand=rounds&page_size={page_size}")
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [5, 50])
def test_activity_query_count_is_constant(
    page_size, owner_client, workspace, django_assert_num_queries
):
    candidate = CandidateFactory(workspace=workspace)
    for index in range(60):
        owner_client.patch(detail(candidate), {"notes": f"n{index}"})
    # user, the candidate, memberships (role check), COUNT(*), events with actors.
    with django_assert_num_queries(5):
        owner_client.get(f"{detail(candidate)}activity/?page_size={page_size}")
