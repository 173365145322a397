"""A candidate's nested interviews and their feedback in a JSON import (P1's candidate list:
``{"interviews": [{"interviewer", "scheduled_at", "result", "feedback": [{"rating",
"comment"}]}]}``), registered for the candidates importer from ``InterviewsConfig.ready()``.

They are created with a new candidate only: a re-import finds the candidate by its e-mail and
leaves its interviews as they are.
"""

from datetime import datetime
from typing import Any

from django.utils import timezone

from interview_tracker.importing import Importer, RowInvalid, as_text

from .models import Feedback, Interview

# P1's interview results, read as our outcomes.
INTERVIEW_RESULTS = {
    "pass": Interview.Outcome.PASSED,
    "passed": Interview.Outcome.PASSED,
    "hired": Interview.Outcome.PASSED,
    "fail": Interview.Outcome.FAILED,
    "failed": Interview.Outcome.FAILED,
    "rejected": Interview.Outcome.FAILED,
    "cancelled": Interview.Outcome.CANCELLED,
}


def clean_interviews(value: Any) -> list[dict[str, Any]]:
    """A row's nested interviews (``interviewer``, ``scheduled_at``, ``result``, ``feedback``
    of ``rating`` 1-5 and ``comment``), checked; RowInvalid names the interview by its place."""
    if not value or not isinstance(value, list):
        return []
    interviews = []
    for place, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise RowInvalid({"interviews": f"Interview {place} is not an object."})
        try:
            scheduled = datetime.fromisoformat(as_text(item.get("scheduled_at")))
        except ValueError:
            raise RowInvalid(
                {"interviews": f"Interview {place}: scheduled_at is not an ISO 8601 date-time."}
            ) from None
        if timezone.is_naive(scheduled):
            scheduled = timezone.make_aware(scheduled)
        result = as_text(item.get("result")).lower()
        outcome = INTERVIEW_RESULTS.get(result, Interview.Outcome.PENDING)
        feedback = []
        for entry in item.get("feedback") or []:
            rating = entry.get("rating") if isinstance(entry, dict) else None
            if not isinstance(rating, int) or not 1 <= rating <= 5:
                raise RowInvalid({"interviews": f"Interview {place}: a rating must be 1 to 5."})
            feedback.append({"rating": rating, "comment": as_text(entry.get("comment"))})
        interviews.append(
            {
                "interviewer": as_text(item.get("interviewer"))[:200],
                "scheduled_at": scheduled,
                "status": Interview.Status.COMPLETED if result else Interview.Status.SCHEDULED,
                "outcome": outcome,
                "feedback": feedback,
            }
        )
    return interviews


def write_interviews(importer: Importer[Any], rows: list[tuple[Any, list[dict[str, Any]]]]) -> None:
    """The batch's new candidates' interviews, then their feedback: two inserts."""
    interviews: list[Interview] = []
    feedback: list[Feedback] = []
    for candidate, items in rows:
        for item in items:
            interview = Interview(
                workspace=importer.workspace,
                candidate=candidate,
                position_id=candidate.position_id,
                interviewer_name=item["interviewer"],
                scheduled_at=item["scheduled_at"],
                status=Interview.Status.COMPLETED if item["feedback"] else item["status"],
                outcome=item["outcome"],
                created_by=importer.actor,
            )
            interviews.append(interview)
            feedback += [Feedback(interview=interview, **entry) for entry in item["feedback"]]
    Interview.objects.bulk_create(interviews)
    Feedback.objects.bulk_create(feedback)
