"""Findings of the schema fuzzing, pinned: each response matches the schema the app serves."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import InterviewFactory, QuestionFactory

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


@pytest.mark.parametrize("component", ["Interview", "InterviewDetail"])
def test_a_blank_meeting_url_is_a_plain_string_in_the_schema(component, components):
    assert "format" not in components[component]["properties"]["meeting_url"]


def test_an_interview_without_a_link_reads_as_a_blank_meeting_url(owner_client, workspace):
    interview = InterviewFactory(workspace=workspace, meeting_url="")
    assert owner_client.get(f"/api/v1/interviews/{interview.id}/").json()["meeting_url"] == ""
