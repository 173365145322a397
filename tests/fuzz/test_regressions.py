"""Findings of the schema fuzzing and the benchmarks, pinned."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import InterviewFactory, PositionFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def components():
    return SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]


def test_a_question_without_a_company_has_a_null_company_name_on_every_response(
    owner_client, workspace, components
):
    question = QuestionFactory(workspace=workspace)
    for response in (
        owner_client.get(f"/api/v1/questions/{question.id}/"),
        owner_client.patch(f"/api/v1/questions/{question.id}/", {}),
    ):
        assert response.status_code == 200
        assert response.json()["company_name"] is None
    assert components["Question"]["properties"]["company_name"]["nullable"] is True


@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("Interview", "meeting_url"),
        ("InterviewDetail", "meeting_url"),
        ("Position", "url"),
        ("Position", "seniority"),
    ],
)
def test_a_blank_field_is_allowed_by_its_response_schema(component, field, components):
    """Blank URLs and choices are read back as "": the schema allows it besides the format."""
    alternatives = components[component]["properties"][field]["oneOf"]
    blank = {"type": "string", "maxLength": 0}
    assert blank in alternatives or {"$ref": "#/components/schemas/BlankEnum"} in alternatives


def test_a_position_without_url_or_seniority_reads_them_as_blank(owner_client, workspace):
    position = PositionFactory(workspace=workspace, url="", seniority="")
    body = owner_client.get(f"/api/v1/positions/{position.id}/").json()
    assert (body["url"], body["seniority"]) == ("", "")


def test_an_interview_without_a_link_reads_as_a_blank_meeting_url(owner_client, workspace):
    interview = InterviewFactory(workspace=workspace, meeting_url="")
    assert owner_client.get(f"/api/v1/interviews/{interview.id}/").json()["meeting_url"] == ""


@pytest.mark.parametrize(
    "scheduled_at", ["2030-03-01T14:60:00+01:00", "2030-02-30T10:00:00Z", "2030-03-01T25:00:00Z"]
)
def test_an_impossible_interview_time_is_a_validation_error(owner_client, scheduled_at):
    response = owner_client.post(
        "/api/v1/interviews/", {"title": "Screen", "scheduled_at": scheduled_at}
    )
    assert response.status_code == 422
    assert "scheduled_at" in response.json()["error"]["field_errors"]


def test_production_static_files_collect_with_a_manifest(settings, tmp_path):
    """Debug off stores static files with a manifest; a reference to a file that is not shipped
    (a vendored script's source map) failed ``collectstatic`` and so every deployment."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "static" / "staticfiles.json").exists()


def test_the_kanban_shows_the_first_cards_of_a_column_and_links_to_the_rest(
    owner, workspace, client, monkeypatch
):
    """A 10,000-candidate board rendered every card (12 MB, seconds): columns are capped."""
    from django.urls import reverse

    from interview_tracker import pipeline
    from tests.factories import CandidateFactory

    CandidateFactory.create_batch(4, workspace=workspace, status="screening")
    CandidateFactory(workspace=workspace, status="offer")
    monkeypatch.setattr(pipeline, "KANBAN_CARDS", 3)
    client.force_login(owner)
    response = client.get(reverse("candidates:kanban"))
    columns = {column["status"]: column for column in response.context["columns"]}
    assert (columns["screening"]["total"], len(columns["screening"]["items"])) == (4, 3)
    assert (columns["offer"]["total"], len(columns["offer"]["items"])) == (1, 1)
    assert f'href="{reverse("candidates:list")}?status=screening"' in response.text
    assert f'href="{reverse("candidates:list")}?status=offer"' not in response.text
