"""The positions API: CRUD, filters and ordering, plus companies, roles, skills, CV versions,
contacts and the activity timeline."""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from interview_tracker.models import ActivityEvent, StatusChange
from interviews.models import Interview
from positions.models import Company, Contact, CVVersion, JobRole, Position, Skill
from tests.factories import (
    CandidateFactory,
    CompanyFactory,
    ContactFactory,
    CVVersionFactory,
    InterviewFactory,
    JobRoleFactory,
    PositionFactory,
    SkillFactory,
)
from tests.positions.helpers import assert_envelope, ids

pytestmark = pytest.mark.django_db

URL = "/api/v1/positions/"
ANY = object()


def detail(position) -> str:
    return f"{URL}{position.pk}/"


def test_create_with_a_company_name_returns_the_canonical_body(owner_client, workspace):
    skill = SkillFactory(workspace=workspace, name="Python")
    response = owner_client.post(
        URL,
        {
            "title": "Senior Software Engineer",
            "company_name": "Tech Corp",
            "description": "Full-stack development role",
            "location": "Remote",
            "is_remote": True,
            "seniority": "senior",
            "salary_min": 90000,
            "salary_max": 120000,
            "currency": "EUR",
            "salary_range": "90k-120k",
            "required_skills": [str(skill.pk)],
            "required_experience_years": 5,
            "source": "LinkedIn",
            "url": "https://example.com/jobs/1",
            "application_date": "2024-01-15",
            "tags": ["python", " backend ", "python"],
            "next_follow_up": "2024-01-22",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    position = Position.objects.get()
    company = Company.objects.get()
    assert body == {
        "id": str(position.pk),
        "workspace": str(workspace.pk),
        "title": "Senior Software Engineer",
        "company": str(company.pk),
        "role": None,
        "description": "Full-stack development role",
        "location": "Remote",
        "is_remote": True,
        "seniority": "senior",
        "salary_min": 90000,
        "salary_max": 120000,
        "currency": "EUR",
        "salary_range": "90k-120k",
        "required_skills": [str(skill.pk)],
        "required_experience_years": 5,
        "source": "LinkedIn",
        "url": "https://example.com/jobs/1",
        "application_date": "2024-01-15",
        "preparation_notes": "",
        "cv_version": None,
        "status": "applied",
        "rejection_reason": "",
        "next_follow_up": "2024-01-22",
        "offer_salary": None,
        "offer_deadline": None,
        "offer_notes": "",
        "tags": ["python", "backend"],
        "opening_status": "open",
        "hiring_manager": None,
        "headcount": 1,
        "department": "",
        "company_name": "Tech Corp",
        "interview_count": 0,
        "last_activity_at": body["last_activity_at"],
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    assert body["last_activity_at"] is not None
    assert company.name == "Tech Corp"
    assert company.workspace_id == workspace.pk
    assert owner_client.get(detail(position)).json() == body


def test_company_name_finds_the_existing_company_case_insensitively(owner_client, workspace):
    company = CompanyFactory(workspace=workspace, name="Tech Corp")
    response = owner_client.post(URL, {"title": "Dev", "company_name": "tech CORP"})
    assert response.status_code == 201
    assert response.json()["company"] == str(company.pk)
    assert response.json()["company_name"] == "Tech Corp"
    assert Company.objects.count() == 1


def test_create_needs_a_company(owner_client):
    error = assert_envelope(owner_client.post(URL, {"title": "Dev"}), 422, "VALIDATION_ERROR")
    assert "company_name" in error["field_errors"]
    assert not Position.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": ""}, "title"),
        ({"salary_min": 10, "salary_max": 5}, "salary_max"),
        ({"status": "lost"}, "status"),
        ({"seniority": "wizard"}, "seniority"),
        ({"url": "not a url"}, "url"),
        ({"application_date": "15/01/2024"}, "application_date"),
    ],
)
def test_invalid_fields_are_422_and_nothing_is_written(owner_client, payload, field):
    response = owner_client.post(URL, {"title": "Dev", "company_name": "Acme", **payload})
    error = assert_envelope(response, 422, "VALIDATION_ERROR")
    assert field in error["field_errors"]
    assert not Position.objects.exists()
    assert not Company.objects.exists()


def test_create_goes_to_the_default_workspace_or_the_named_one(
    owner_client, owner, workspace, other_workspace
):
    assert owner_client.post(URL, {"title": "A", "company_name": "X"}).json()["workspace"] == str(
        workspace.pk
    )
    response = owner_client.post(
        URL, {"title": "B", "company_name": "X", "workspace": str(other_workspace.pk)}
    )
    error = assert_envelope(response, 422, "VALIDATION_ERROR")
    assert "workspace" in error["field_errors"]
    assert Position.objects.filter(workspace=other_workspace).count() == 0


def test_a_reference_from_another_workspace_is_rejected(owner_client, other_workspace):
    foreign = CompanyFactory(workspace=other_workspace)
    response = owner_client.post(URL, {"title": "A", "company": str(foreign.pk)})
    assert "company" in assert_envelope(response, 422, "VALIDATION_ERROR")["field_errors"]


def test_put_updates_and_patch_changes_one_field(owner_client, workspace):
    position = PositionFactory(workspace=workspace, title="Old")
    response = owner_client.put(
        detail(position), {"title": "New", "company_name": "Other Inc", "is_remote": True}
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "New"
    assert response.json()["company_name"] == "Other Inc"
    response = owner_client.patch(detail(position), {"preparation_notes": "Read the blog"})
    assert response.json()["preparation_notes"] == "Read the blog"
    assert response.json()["title"] == "New"
    verbs = list(ActivityEvent.objects.filter(object_id=position.pk).values_list("verb", flat=True))
    assert verbs.count("updated") == 2


def test_patch_status_goes_through_the_pipeline(owner_client, owner, workspace):
    position = PositionFactory(workspace=workspace)
    response = owner_client.patch(detail(position), {"status": "screening"})
    assert response.json()["status"] == "screening"
    change = StatusChange.objects.get(object_id=position.pk)
    assert (change.from_status, change.to_status, change.changed_by_id) == (
        "applied",
        "screening",
        owner.pk,
    )


def test_put_status_records_history_activity_and_the_rejection_reason(
    owner_client, owner, workspace
):
    position = PositionFactory(workspace=workspace)
    response = owner_client.put(
        f"{detail(position)}status/", {"status": "rejected", "rejection_reason": "Too junior"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "rejected"
    assert response.json()["rejection_reason"] == "Too junior"
    change = StatusChange.objects.get(object_id=position.pk)
    assert (change.from_status, change.to_status) == ("applied", "rejected")
    event = ActivityEvent.objects.get(object_id=position.pk, verb="status_changed")
    assert event.details == {"from": "applied", "to": "rejected"}
    assert event.actor_id == owner.pk


def test_put_status_with_an_unknown_status_is_422(owner_client, workspace):
    position = PositionFactory(workspace=workspace)
    response = owner_client.put(f"{detail(position)}status/", {"status": "lost"})
    assert "status" in assert_envelope(response, 422, "VALIDATION_ERROR")["field_errors"]
    assert not StatusChange.objects.exists()


def test_missing_and_malformed_ids_are_404(owner_client):
    assert_envelope(owner_client.get(f"{URL}{uuid.uuid4()}/"), 404, "RESOURCE_NOT_FOUND")
    assert owner_client.get(f"{URL}not-a-uuid/").status_code == 404


def test_delete_then_404(owner_client, workspace):
    position = PositionFactory(workspace=workspace)
    assert owner_client.delete(detail(position)).status_code == 204
    assert_envelope(owner_client.get(detail(position)), 404, "RESOURCE_NOT_FOUND")


def test_delete_removes_rounds_detaches_candidates_and_their_interviews(owner_client, workspace):
    position = PositionFactory(workspace=workspace)
    own_round = InterviewFactory(workspace=workspace, position=position, candidate=None)
    candidate = CandidateFactory(workspace=workspace, position=position)
    candidate_round = InterviewFactory(workspace=workspace, position=position, candidate=candidate)
    ContactFactory(workspace=workspace, position=position)
    assert owner_client.delete(detail(position)).status_code == 204
    assert not Interview.objects.filter(pk=own_round.pk).exists()
    candidate_round.refresh_from_db()
    assert candidate_round.position_id is None
    candidate.refresh_from_db()
    assert candidate.position_id is None
    assert not Contact.objects.exists()


def test_interview_count_and_last_activity(owner_client, workspace):
    position = PositionFactory(workspace=workspace)
    InterviewFactory.create_batch(2, workspace=workspace, position=position, candidate=None)
    body = owner_client.get(detail(position)).json()
    assert body["interview_count"] == 2
    assert body["last_activity_at"] is None
    owner_client.patch(detail(position), {"title": "Renamed"})
    assert owner_client.get(detail(position)).json()["last_activity_at"] is not None


# Filters, search, ordering, pagination ---------------------------------------------------


@pytest.fixture
def three_positions(workspace):
    today = timezone.localdate()
    return {
        "python": PositionFactory(
            workspace=workspace,
            title="Python Developer",
            company=CompanyFactory(workspace=workspace, name="TechCorp"),
            application_date=today - dt.timedelta(days=30),
            status="interviewing",
            is_remote=True,
            seniority="senior",
            tags=["python", "backend"],
            description="Django and PostgreSQL",
        ),
        "frontend": PositionFactory(
            workspace=workspace,
            title="Frontend Engineer",
            company=CompanyFactory(workspace=workspace, name="StartupInc"),
            application_date=today - dt.timedelta(days=10),
            status="applied",
            seniority="junior",
            tags=["react"],
        ),
        "data": PositionFactory(
            workspace=workspace,
            title="Data Engineer",
            company=CompanyFactory(workspace=workspace, name="Bigtech"),
            application_date=today - dt.timedelta(days=1),
            status="rejected",
            tags=["python", "spark"],
        ),
    }


def test_default_order_is_newest_application_first(owner_client, three_positions):
    p = three_positions
    assert ids(owner_client.get(URL)) == [str(p[k].pk) for k in ("data", "frontend", "python")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=interviewing", ["python"]),
        ("status=offer", []),
        ("company=tech", ["data", "python"]),
        ("company=nomatch", []),
        ("is_remote=true", ["python"]),
        ("is_remote=false", ["data", "frontend"]),
        ("seniority=junior", ["frontend"]),
        ("seniority=staff", []),
        ("tags=python", ["data", "python"]),
        ("tags=react&tags=spark", ["data", "frontend"]),
        ("tags=go", []),
        ("search=engineer", ["data", "frontend"]),
        ("search=postgres", ["python"]),
        ("search=startupinc", ["frontend"]),
        ("search=nothing-here", []),
        ("ordering=title", ["data", "frontend", "python"]),
        ("ordering=-title", ["python", "frontend", "data"]),
        ("ordering=application_date", ["python", "frontend", "data"]),
        ("ordering=company_name", ["data", "frontend", "python"]),
        ("ordering=-company_name", ["python", "frontend", "data"]),
    ],
)
def test_filters_search_and_ordering(owner_client, three_positions, query, expected):
    assert ids(owner_client.get(f"{URL}?{query}")) == [str(three_positions[k].pk) for k in expected]


def test_date_range_filters_both_ways(owner_client, three_positions):
    today = timezone.localdate()
    p = three_positions
    since = (today - dt.timedelta(days=15)).isoformat()
    assert ids(owner_client.get(f"{URL}?date_from={since}")) == [
        str(p["data"].pk),
        str(p["frontend"].pk),
    ]
    assert ids(owner_client.get(f"{URL}?date_to={since}")) == [str(p["python"].pk)]
    assert ids(owner_client.get(f"{URL}?date_from={today.isoformat()}")) == []


def test_an_invalid_filter_value_is_422(owner_client):
    assert_envelope(owner_client.get(f"{URL}?status=lost"), 422, "VALIDATION_ERROR")
    assert_envelope(owner_client.get(f"{URL}?date_from=yesterday"), 422, "VALIDATION_ERROR")


def test_pagination_envelope(owner_client, three_positions):
    body = owner_client.get(f"{URL}?page=2&page_size=2").json()
    assert body["count"] == 3
    assert body["next"] is None
    assert body["previous"].endswith("page_size=2")
    assert [row["id"] for row in body["results"]] == [str(three_positions["python"].pk)]


def test_workspace_filter_narrows_to_one_of_my_workspaces(api_client_for, owner, workspace):
    from tests.factories import MembershipFactory, WorkspaceFactory

    second = WorkspaceFactory()
    MembershipFactory(user=owner, workspace=second, role="owner")
    mine = PositionFactory(workspace=workspace)
    theirs = PositionFactory(workspace=second)
    client = api_client_for(owner)
    assert set(ids(client.get(URL))) == {str(mine.pk), str(theirs.pk)}
    assert ids(client.get(f"{URL}?workspace={second.pk}")) == [str(theirs.pk)]
    assert ids(client.get(f"{URL}?workspace={uuid.uuid4()}")) == []
    assert_envelope(client.get(f"{URL}?workspace=nope"), 422, "VALIDATION_ERROR")


# Roles ---------------------------------------------------------------------------------------

READERS = {"owner": 200, "recruiter": 200, "interviewer": 200, "candidate": 404, "outsider": 404}
WRITERS = {"owner": 200, "recruiter": 200, "interviewer": 403, "candidate": 404, "outsider": 404}


@pytest.mark.parametrize("role", list(READERS))
def test_role_matrix_for_reads(role, cast, api_client_for, workspace):
    position = PositionFactory(workspace=workspace)
    client = api_client_for(cast[role])
    assert client.get(detail(position)).status_code == READERS[role]
    assert client.get(f"{detail(position)}activity/").status_code == READERS[role]
    assert client.get(f"{detail(position)}contacts/").status_code == READERS[role]
    listed = ids(client.get(URL))
    assert listed == ([str(position.pk)] if READERS[role] == 200 else [])


@pytest.mark.parametrize("role", list(WRITERS))
def test_role_matrix_for_writes(role, cast, api_client_for, workspace):
    position = PositionFactory(workspace=workspace, title="Untouched")
    client = api_client_for(cast[role])
    expected = WRITERS[role]
    assert client.patch(detail(position), {"title": "Changed"}).status_code == expected
    assert client.put(f"{detail(position)}status/", {"status": "offer"}).status_code == expected
    response = client.post(f"{detail(position)}contacts/", {"name": "Jane"})
    assert response.status_code == (201 if expected == 200 else expected)
    assert client.delete(detail(position)).status_code == (204 if expected == 200 else expected)
    if expected != 200:
        position.refresh_from_db()
        assert (position.title, position.status) == ("Untouched", "applied")
        assert not Contact.objects.exists()
        assert not StatusChange.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [("owner", 201), ("recruiter", 201), ("interviewer", 403), ("candidate", 403)],
)
def test_role_matrix_for_create(role, expected, cast, api_client_for, workspace):
    response = api_client_for(cast[role]).post(URL, {"title": "Dev", "company_name": "Acme"})
    assert response.status_code == expected
    assert Position.objects.filter(workspace=workspace).count() == (1 if expected == 201 else 0)


def test_outsider_create_goes_to_their_own_workspace(outsider_client, other_workspace, workspace):
    response = outsider_client.post(URL, {"title": "Dev", "company_name": "Acme"})
    assert response.json()["workspace"] == str(other_workspace.pk)
    assert not Position.objects.filter(workspace=workspace).exists()


# Contacts ------------------------------------------------------------------------------------


def test_contacts_crud_and_timeline(owner_client, workspace):
    position = PositionFactory(workspace=workspace)
    base = f"{detail(position)}contacts/"
    response = owner_client.post(
        base, {"name": "Jane Recruiter", "email": "jane@techcorp.com", "title": "Recruiter"}
    )
    assert response.status_code == 201, response.content
    contact = Contact.objects.get()
    assert response.json() == {
        "id": str(contact.pk),
        "workspace": str(workspace.pk),
        "position": str(position.pk),
        "name": "Jane Recruiter",
        "email": "jane@techcorp.com",
        "phone": "",
        "title": "Recruiter",
        "notes": "",
        "created_at": response.json()["created_at"],
        "updated_at": response.json()["updated_at"],
    }
    assert owner_client.get(base).json()["count"] == 1
    response = owner_client.patch(f"{base}{contact.pk}/", {"phone": "+49 30 1234"})
    assert response.json()["phone"] == "+49 30 1234"
    assert owner_client.get(f"{base}{contact.pk}/").json()["phone"] == "+49 30 1234"
    assert owner_client.delete(f"{base}{contact.pk}/").status_code == 204
    assert owner_client.get(f"{base}{contact.pk}/").status_code == 404
    verbs = list(
        ActivityEvent.objects.filter(object_id=position.pk)
        .order_by("created_at", "id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["contact_added", "contact_updated", "contact_removed"]


def test_a_contact_of_another_position_is_404(owner_client, workspace):
    position = PositionFactory(workspace=workspace)
    foreign = ContactFactory(workspace=workspace)
    response = owner_client.get(f"{detail(position)}contacts/{foreign.pk}/")
    assert_envelope(response, 404, "RESOURCE_NOT_FOUND")
    assert owner_client.post(f"{detail(position)}contacts/", {"email": "x"}).status_code == 422


def test_activity_lists_events_newest_first(owner_client, workspace):
    response = owner_client.post(URL, {"title": "Dev", "company_name": "Acme"})
    pid = response.json()["id"]
    owner_client.put(f"{URL}{pid}/status/", {"status": "screening"})
    body = owner_client.get(f"{URL}{pid}/activity/").json()
    assert body["count"] == 2
    first = body["results"][0]
    assert first["verb"] == "status_changed"
    assert first["summary"] == "Status changed from applied to screening"
    assert first["actor_name"]
    assert set(first) == {"id", "verb", "summary", "details", "actor", "actor_name", "created_at"}


# Companies, roles, skills, CV versions -------------------------------------------------------


def test_company_canonical_body_and_case_insensitive_uniqueness(owner_client, workspace):
    response = owner_client.post(
        "/api/v1/companies/", {"name": "Acme", "industry": "Retail", "website": "https://acme.io"}
    )
    assert response.status_code == 201, response.content
    company = Company.objects.get()
    assert response.json() == {
        "id": str(company.pk),
        "workspace": str(workspace.pk),
        "name": "Acme",
        "industry": "Retail",
        "size": "",
        "headquarters": "",
        "website": "https://acme.io",
        "description": "",
        "created_at": response.json()["created_at"],
        "updated_at": response.json()["updated_at"],
    }
    duplicate = owner_client.post("/api/v1/companies/", {"name": "ACME"})
    assert_envelope(duplicate, 409, "RESOURCE_CONFLICT")
    assert Company.objects.count() == 1


def test_a_company_with_positions_cannot_be_deleted(owner_client, workspace):
    position = PositionFactory(workspace=workspace)
    url = f"/api/v1/companies/{position.company_id}/"
    error = assert_envelope(owner_client.delete(url), 400, "BUSINESS_LOGIC_ERROR")
    assert "used by 1 record" in error["message"]
    assert Company.objects.filter(pk=position.company_id).exists()
    position.delete()
    assert owner_client.delete(url).status_code == 204


def test_role_and_skill_bodies(owner_client, workspace):
    skill_response = owner_client.post(
        "/api/v1/skills/", {"name": "Go", "skill_type": "technical", "market_demand": "high"}
    )
    skill = Skill.objects.get()
    assert skill_response.json() == {
        "id": str(skill.pk),
        "workspace": str(workspace.pk),
        "name": "Go",
        "category": "",
        "skill_type": "technical",
        "description": "",
        "is_trending": False,
        "market_demand": "high",
        "created_at": skill_response.json()["created_at"],
        "updated_at": skill_response.json()["updated_at"],
    }
    response = owner_client.post(
        "/api/v1/roles/", {"name": "Backend Engineer", "typical_skills": [str(skill.pk)]}
    )
    role = JobRole.objects.get()
    assert response.json() == {
        "id": str(role.pk),
        "workspace": str(workspace.pk),
        "name": "Backend Engineer",
        "category": "",
        "description": "",
        "typical_skills": [str(skill.pk)],
        "created_at": response.json()["created_at"],
        "updated_at": response.json()["updated_at"],
    }
    bad = owner_client.post("/api/v1/skills/", {"name": "Rust", "skill_type": "magic"})
    assert "skill_type" in assert_envelope(bad, 422, "VALIDATION_ERROR")["field_errors"]


@pytest.mark.parametrize(
    ("name", "size", "expected"),
    [("cv.pdf", 100, 201), ("cv.md", 100, 201), ("cv.exe", 100, 422), ("cv.pdf", 2048, 422)],
)
def test_cv_version_upload_limits(owner_client, settings, name, size, expected):
    settings.MAX_UPLOAD_BYTES = 1024
    upload = SimpleUploadedFile(name, b"x" * size, content_type="application/octet-stream")
    response = owner_client.post(
        "/api/v1/cv-versions/", {"label": "Backend CV", "file": upload}, format="multipart"
    )
    assert response.status_code == expected, response.content
    if expected == 201:
        cv = response.json()
        assert cv["file"] == f"http://testserver/api/v1/cv-versions/{cv['id']}/file"
        assert CVVersion.objects.get().label == "Backend CV"
    else:
        assert "file" in response.json()["error"]["field_errors"]
        assert not CVVersion.objects.exists()


# Query budgets -------------------------------------------------------------------------------


def _list_queries(client, url, django_assert_num_queries, count):
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


LISTS = {
    # queries: session-less JWT user, its memberships (the scope names their workspace ids),
    # COUNT, rows (+ prefetches noted per entry).
    "positions": (URL, lambda ws: PositionFactory(workspace=ws, tags=["a"]), 5),  # + skills
    "companies": ("/api/v1/companies/", lambda ws: CompanyFactory(workspace=ws), 4),
    "skills": ("/api/v1/skills/", lambda ws: SkillFactory(workspace=ws), 4),
    "roles": ("/api/v1/roles/", lambda ws: JobRoleFactory(workspace=ws), 5),  # + typical skills
    "cv-versions": ("/api/v1/cv-versions/", lambda ws: CVVersionFactory(workspace=ws), 4),
}


@pytest.mark.parametrize("name", list(LISTS))
@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_count_is_constant(
    name, page_size, owner_client, workspace, django_assert_num_queries
):
    url, make, queries = LISTS[name]
    for _ in range(60):
        make(workspace)
    # 1 user (JWT), 2 memberships, 3 COUNT(*), 4 the page, 5 the prefetch where there is one.
    _list_queries(owner_client, f"{url}?page_size={page_size}", django_assert_num_queries, queries)


@pytest.mark.parametrize("page_size", [5, 50])
def test_contacts_and_activity_query_counts(
    page_size, owner_client, workspace, django_assert_num_queries
):
    position = PositionFactory(workspace=workspace)
    ContactFactory.create_batch(60, workspace=workspace, position=position)
    for index in range(60):
        owner_client.patch(detail(position), {"title": f"T{index}"})
    # 1 user, 2 memberships, 3 the position (with its stats), 4 COUNT(*), 5 the page.
    _list_queries(
        owner_client,
        f"{detail(position)}contacts/?page_size={page_size}",
        django_assert_num_queries,
        5,
    )
    # 1 user, 2 memberships, 3 the position, 4 COUNT(*), 5 the events with their actors.
    _list_queries(
        owner_client,
        f"{detail(position)}activity/?page_size={page_size}",
        django_assert_num_queries,
        5,
    )


CATALOGS = {
    "companies": (CompanyFactory, {"name": "Changed Co"}),
    "skills": (SkillFactory, {"name": "Changed skill"}),
    "roles": (JobRoleFactory, {"name": "Changed role"}),
    "cv-versions": (CVVersionFactory, {"label": "Changed CV"}),
}


@pytest.mark.parametrize("kind", list(CATALOGS))
@pytest.mark.parametrize("role", list(WRITERS))
def test_role_matrix_for_the_catalogs(kind, role, cast, api_client_for, workspace):
    factory, change = CATALOGS[kind]
    obj = factory(workspace=workspace)
    before = {field: getattr(obj, field) for field in change}
    client = api_client_for(cast[role])
    url = f"/api/v1/{kind}/{obj.pk}/"
    assert client.get(url).status_code == READERS[role]
    assert ids(client.get(f"/api/v1/{kind}/")) == ([str(obj.pk)] if READERS[role] == 200 else [])
    assert client.patch(url, change).status_code == WRITERS[role]
    assert client.delete(url).status_code == (204 if WRITERS[role] == 200 else WRITERS[role])
    if WRITERS[role] != 200:
        obj.refresh_from_db()
        assert {field: getattr(obj, field) for field in change} == before
