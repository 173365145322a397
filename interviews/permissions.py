"""Who may do what to an interview they can see (visibility itself is ``for_user``).

Owners and recruiters do everything; interviewers take part (lifecycle, outcome, scorecards,
messages) only in interviews they participate in; candidates post messages on their own
interviews and nothing else.
"""

from typing import Any

from interview_tracker.models import MANAGER_ROLES, STAFF_ROLES, Role, WorkspaceOwned

from .models import Interview, Participant


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
    return user.role_in(row.workspace_id) not in STAFF_ROLES
