"""Team management services (the API and the settings pages both call them): member_add,
member_change_role, member_remove, and the rule that people named on records are teammates."""

import pytest

from interview_tracker import services
from interview_tracker.errors import BusinessRuleError, ConflictError, ValidationFailed
from interview_tracker.models import Membership, Role, User
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


def membership_of(user, workspace):
    return Membership.objects.get(user=user, workspace=workspace)


def test_adding_an_unknown_address_creates_an_invited_account(workspace):
    membership = services.member_add(
        workspace=workspace, email=" New@Example.com ", role="recruiter"
    )
    invitee = User.objects.get(pk=membership.user_id)
    assert (invitee.email, membership.role) == ("New@example.com", "recruiter")
    assert not invitee.has_usable_password()
    # Invitations are accepted, not imposed: their own workspace is where they start.
    assert invitee.default_workspace_id != workspace.id
    assert invitee.default_workspace.is_personal


def test_without_invite_an_unknown_address_is_refused(workspace):
    with pytest.raises(ValidationFailed) as error:
        services.member_add(
            workspace=workspace, email="ghost@example.com", role="recruiter", invite=False
        )
    assert error.value.field_errors == {"email": "No user has this e-mail address."}
    assert not User.objects.filter(email="ghost@example.com").exists()


def test_adding_someone_twice_is_a_conflict(workspace, recruiter):
    with pytest.raises(ConflictError):
        services.member_add(workspace=workspace, email="RECRUITER@example.com", role="owner")
    assert membership_of(recruiter, workspace).role == Role.RECRUITER


def test_an_unknown_role_is_refused(workspace, recruiter):
    with pytest.raises(ValidationFailed) as added:
        services.member_add(workspace=workspace, email="x@example.com", role="admin")
    row = membership_of(recruiter, workspace)
    with pytest.raises(ValidationFailed) as changed:
        services.member_change_role(membership=row, role="admin")
    assert set(added.value.field_errors) == set(changed.value.field_errors) == {"role"}
    assert membership_of(recruiter, workspace).role == Role.RECRUITER
    assert not User.objects.filter(email="x@example.com").exists()


def test_the_last_owner_is_neither_demoted_nor_removed(workspace, owner):
    row = membership_of(owner, workspace)
    with pytest.raises(BusinessRuleError, match="at least one owner"):
        services.member_change_role(membership=row, role=Role.RECRUITER)
    with pytest.raises(BusinessRuleError, match="at least one owner"):
        services.member_remove(membership=row)
    assert membership_of(owner, workspace).role == Role.OWNER


def test_with_a_second_owner_the_first_may_leave(workspace, owner, recruiter):
    services.member_change_role(membership=membership_of(recruiter, workspace), role=Role.OWNER)
    services.member_remove(membership=membership_of(owner, workspace))
    assert not Membership.objects.filter(user=owner, workspace=workspace).exists()
    assert membership_of(recruiter, workspace).role == Role.OWNER


def test_a_removed_member_lands_in_their_oldest_other_workspace(workspace, interviewer):
    first = WorkspaceFactory(name="First")
    MembershipFactory(user=interviewer, workspace=first, role=Role.OWNER)
    MembershipFactory(user=interviewer, workspace=WorkspaceFactory(name="Later"), role=Role.OWNER)
    services.member_remove(membership=membership_of(interviewer, workspace))
    interviewer.refresh_from_db()
    assert interviewer.default_workspace_id == first.id


def test_removing_a_member_from_another_workspace_keeps_their_current_one(workspace, interviewer):
    other = WorkspaceFactory()
    row = MembershipFactory(user=interviewer, workspace=other, role=Role.RECRUITER)
    services.member_remove(membership=row)
    interviewer.refresh_from_db()
    assert interviewer.default_workspace_id == workspace.id


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("owner", True),
        ("recruiter", True),
        ("interviewer", True),
        ("candidate", False),
        ("outsider", False),
    ],
)
def test_people_named_on_records_are_the_teams_staff(workspace, cast, who, allowed):
    def check():
        services.require_team_member(
            workspace_id=workspace.id, user=cast[who], field="hiring_manager"
        )

    if allowed:
        check()
    else:
        with pytest.raises(ValidationFailed) as error:
            check()
        assert set(error.value.field_errors) == {"hiring_manager"}
