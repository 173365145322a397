"""Adding an application from a job posting: schema.org data (JSON-LD, microdata) or the page
title pre-fills a draft; URLs are fetched under the outbound rules; nothing is saved."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from positions.models import Position
from positions.postings import posting_parse

PAGES = Path(__file__).parent / "postings"
DRAFT = "/api/v1/positions/from-posting"


def page(name: str) -> str:
    return (PAGES / name).read_text()


def test_json_ld_in_a_graph_with_a_salary_range_and_two_places():
    draft = posting_parse(page("with_json_ld.html"))

    assert draft.as_dict() == {
        "title": "Senior Backend Engineer (Python)",
        "company_name": "Nordlicht GmbH",
        "location": "Berlin, BE, DE; Hamburg, DE",
        "is_remote": False,
        "salary_min": 85000,
        "salary_max": 105000,
        "currency": "EUR",
        "description": (
            "We build energy-trading software.\nYou will:\n"
            "Own Django services\nMentor two engineers"
        ),
        "url": "https://nordlicht.example/jobs/senior-backend-python",
        "found_in": "json-ld",
    }


def test_microdata_only():
    draft = posting_parse(page("with_microdata.html"), url="https://fjord.example/jobs/7")

    assert draft.as_dict() == {
        "title": "Product Designer",
        "company_name": "Fjord Labs",
        "location": "Oslo, Norway",
        "is_remote": True,
        "salary_min": 650000,
        "salary_max": 780000,
        "currency": "NOK",
        "description": "Design tools for fishery logistics. Figma, user research.",
        "url": "https://fjord.example/jobs/7",
        "found_in": "microdata",
    }


def test_neither_falls_back_to_the_title():
    draft = posting_parse(page("with_neither.html"))

    assert (draft.title, draft.company_name, draft.found_in) == (
        "Data Analyst",
        "Brightwater Health",
        "title",
    )
    assert draft.description.startswith("Brightwater Health is hiring")


@pytest.mark.django_db
def test_the_api_drafts_from_pasted_html_and_saves_nothing(owner_client):
    response = owner_client.post(DRAFT, {"html": page("with_json_ld.html")}, format="json")

    assert response.status_code == 200
    assert response.json()["company_name"] == "Nordlicht GmbH"
    assert Position.objects.count() == 0


@pytest.fixture
def posting_server():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = page("with_microdata.html").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/jobs/7"
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.mark.django_db
def test_a_private_address_is_refused(owner_client, posting_server):
    response = owner_client.post(DRAFT, {"url": posting_server}, format="json")

    assert response.status_code == 422
    assert "private or local" in response.json()["error"]["field_errors"]["url"]


@pytest.mark.django_db
def test_a_url_is_fetched_when_the_setting_allows_it(owner_client, posting_server, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True

    response = owner_client.post(DRAFT, {"url": posting_server}, format="json")

    assert response.status_code == 200
    assert response.json()["title"] == "Product Designer"
    assert response.json()["url"] == posting_server


@pytest.mark.django_db
def test_other_schemes_and_empty_requests_are_refused(owner_client):
    ftp = owner_client.post(DRAFT, {"url": "ftp://example.com/job"}, format="json")
    empty = owner_client.post(DRAFT, {}, format="json")

    assert ftp.status_code == 422
    assert empty.status_code == 422
    assert "url" in empty.json()["error"]["field_errors"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("recruiter", 200),
        ("interviewer", 403),
        ("candidate", 403),
        ("outsider", 200),
    ],
)
def test_who_may_draft(who, status, cast, api_client_for):
    # An outsider manages their own workspace (their personal one); interviewers and candidate
    # members of this one manage none.
    response = api_client_for(cast[who]).post(
        DRAFT, {"html": page("with_neither.html")}, format="json"
    )

    assert response.status_code == status


@pytest.mark.django_db
def test_the_page_prefills_the_new_application_and_warns_of_an_earlier_one(
    owner, client, workspace
):
    from tests.factories import CompanyFactory, PositionFactory

    earlier = PositionFactory(
        workspace=workspace,
        company=CompanyFactory(workspace=workspace, name="Nordlicht GmbH"),
        title="senior backend engineer (python)",
        status="rejected",
    )
    owner.default_workspace = workspace
    owner.save(update_fields=["default_workspace"])
    client.force_login(owner)

    response = client.post("/positions/new/from-posting/", {"page": page("with_json_ld.html")})

    assert response.status_code == 302
    assert response["Location"] == "/positions/new/"
    form_page = client.get("/positions/new/")
    form = form_page.context["form"]
    assert form.initial["title"] == "Senior Backend Engineer (Python)"
    assert form.initial["company_name"] == "Nordlicht GmbH"
    assert form.initial["salary_min"] == 85000
    assert form.initial["source"] == "nordlicht.example"
    shown = [str(message) for message in form_page.context["messages"]]
    assert any(earlier.title in text and "rejected" in text for text in shown)
    assert Position.objects.count() == 1  # nothing saved yet
    # The draft is used once.
    assert "title" not in client.get("/positions/new/").context["form"].initial


@pytest.mark.django_db
def test_the_page_shows_a_refusal_by_the_field(owner, client, workspace):
    owner.default_workspace = workspace
    owner.save(update_fields=["default_workspace"])
    client.force_login(owner)

    response = client.post("/positions/new/from-posting/", {"url": "http://127.0.0.1:9/job"})

    assert response.status_code == 200
    assert "private or local" in str(response.context["form"].errors["url"])
