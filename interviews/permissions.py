"""Who may do what to an interview they can see (visibility itself is ``for_user``).

Owners and recruiters do everything; interviewers take part (lifecycle, outcome, scorecards,
messages) only in interviews they participate in; candidates post messages on their own
interviews and nothing else.
"""

from typing import Any

from interview_tracker.models import MANAGER_ROLES, STAFF_ROLES, Role, WorkspaceOwned

from .models import Interview, Participant
from .selectors import owes_feedback_on


def role_of(user: Any, interview: Interview) -> str | None:
    return user.role_in(interview.workspace_id)


def can_manage(user: Any, interview: Interview) -> bool:
    return role_of(user, interview) in MANAGER_ROLES


def is_participant(user: Any, interview: Interview) -> bool:
    return Participant.objects.filter(interview_id=interview.pk, user_id=user.pk).exists()


def can_take_part(user: Any, interview: Interview) -> bool:
    """Lifecycle transitions, outcome and scorecards."""
    if can_manage(user, interview):
        return True
    return role_of(user, interview) == Role.INTERVIEWER and is_participant(user, interview)


def can_message(user: Any, interview: Interview) -> bool:
    """The thread is for participants who are members (any role) and owners/recruiters."""
    if can_manage(user, interview):
        return True
    return role_of(user, interview) is not None and is_participant(user, interview)


def is_candidate_view(user: Any, row: WorkspaceOwned) -> bool:
    """Candidates (and anyone without a staff role there) get the restricted view of the
    interviews of ``row``'s workspace (an interview, or the candidate whose rounds a panel lists):
    no notes, evaluations, scorecards nor the round's outcome."""
    return is_candidate_view_in(user, row.workspace_id)


def is_candidate_view_in(user: Any, workspace_id: Any) -> bool:
    """``is_candidate_view`` for a row read as values (its workspace id)."""
    return user.role_in(workspace_id) not in STAFF_ROLES


def can_approve_offer(user: Any, offer: Any) -> bool:
    """An owner of the workspace, or the member the offer names as its approver while they are
    on the workspace's team."""
    role = user.role_in(offer.workspace_id)
    return role == Role.OWNER or (offer.approver_id == user.pk and role in STAFF_ROLES)


def is_offer_candidate(user: Any, offer: Any) -> bool:
    """The candidate the offer is for, through their portal account."""
    return offer.candidate.user_id == user.pk


def can_read_debrief(user: Any, workspace_id: Any, candidate_id: Any) -> bool:
    """Managers always; an interviewer once every scorecard they owe this candidate is in."""
    role = user.role_in(workspace_id)
    if role in MANAGER_ROLES:
        return True
    return role == Role.INTERVIEWER and not owes_feedback_on(user, candidate_id)
