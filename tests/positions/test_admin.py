"""The admin of the pipeline models: every list, search, filter and change page renders."""

import pytest
from django.urls import reverse

from tests.factories import (
    CandidateFactory,
    CompanyFactory,
    ContactFactory,
    CVVersionFactory,
    JobRoleFactory,
    PositionFactory,
    SkillFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_web(client, workspace):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("label", "factory"),
    [
        ("positions_company", CompanyFactory),
        ("positions_skill", SkillFactory),
        ("positions_jobrole", JobRoleFactory),
        ("positions_cvversion", CVVersionFactory),
        ("positions_position", PositionFactory),
        ("positions_contact", ContactFactory),
        ("candidates_candidate", CandidateFactory),
    ],
)
def test_changelist_search_filter_and_change_pages_render(admin_web, workspace, label, factory):
    obj = factory(workspace=workspace)
    changelist = reverse(f"admin:{label}_changelist")
    assert admin_web.get(changelist).status_code == 200
    assert admin_web.get(changelist, {"q": "x"}).status_code == 200
    assert admin_web.get(reverse(f"admin:{label}_change", args=[obj.pk])).status_code == 200
    assert admin_web.get(reverse(f"admin:{label}_add")).status_code == 200


def test_status_history_is_shown_read_only_on_the_change_pages(admin_web, workspace, owner):
    from candidates.services import candidate_change_status

    candidate = CandidateFactory(workspace=workspace)
    candidate_change_status(candidate=candidate, status="offer", actor=owner)
    page = admin_web.get(reverse("admin:candidates_candidate_change", args=[candidate.pk])).text
    assert "Status history" in page or "status history" in page
    assert "offer" in page
    position = PositionFactory(workspace=workspace)
    ContactFactory(workspace=workspace, position=position, name="Inline Contact")
    page = admin_web.get(reverse("admin:positions_position_change", args=[position.pk])).text
    assert "Inline Contact" in page
