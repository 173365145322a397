"""What the interviews app holds about a person: about a candidate, for their personal-data
export and anonymisation (``registry.add_candidate_data``), and what a user wrote, for their
account-data download (``registry.add_user_data``); registered in ``apps.py``."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from candidates.models import Candidate
from interview_tracker.models import User

from .models import Feedback, Interview, Message

REDACTED = "[removed at the candidate's request]"


def interviews_export(candidate: Candidate) -> list[dict[str, Any]]:
    return [
        {
            "id": str(interview.pk),
            "title": interview.title,
            "kind": interview.kind,
            "format": interview.format,
            "scheduled_at": interview.scheduled_at,
            "duration_minutes": interview.duration_minutes,
            "status": interview.status,
            "outcome": interview.outcome,
            "notes": interview.notes,
            "overall_feedback": interview.overall_feedback,
            "strengths": interview.strengths,
            "areas_for_improvement": interview.areas_for_improvement,
        }
        for interview in Interview.objects.filter(candidate=candidate).order_by(
            "scheduled_at", "id"
        )
    ]


def _message_rows(messages: Any) -> list[dict[str, Any]]:
    return [
        {
            "interview": str(message.interview_id),
            "author": str(message.author) if message.author is not None else None,
            "body": message.body,
            "created_at": message.created_at,
        }
        for message in messages.select_related("author").order_by("created_at", "id")
    ]


def messages_export(candidate: Candidate) -> list[dict[str, Any]]:
    return _message_rows(Message.objects.filter(interview__candidate=candidate))


def user_messages_export(user: User) -> list[dict[str, Any]]:
    return _message_rows(Message.objects.filter(author=user))


def _scorecard_rows(scorecards: Any) -> list[dict[str, Any]]:
    return [
        {
            "interview": str(card.interview_id),
            "author": str(card.author) if card.author is not None else None,
            "rating": card.rating,
            "recommendation": card.recommendation,
            "criteria": card.criteria,
            "comment": card.comment,
            "created_at": card.created_at,
        }
        for card in scorecards.select_related("author").order_by("created_at", "id")
    ]


def scorecards_export(candidate: Candidate) -> list[dict[str, Any]]:
    return _scorecard_rows(Feedback.objects.filter(interview__candidate=candidate))


def user_scorecards_export(user: User) -> list[dict[str, Any]]:
    return _scorecard_rows(Feedback.objects.filter(author=user))


def messages_anonymise(candidate: Candidate) -> None:
    """Redact what the person wrote in their interviews' threads; the rows stay, so the
    threads keep their shape and counts."""
    if candidate.user_id is None:
        return
    Message.objects.filter(interview__candidate=candidate, author_id=candidate.user_id).update(
        body=REDACTED
    )


def interviews_timelines(candidate: Candidate) -> Q:
    """The timelines of the candidate's interviews: their events name the candidate."""
    return Q(
        content_type=ContentType.objects.get_for_model(Interview),
        object_id__in=Interview.objects.filter(candidate=candidate).values("pk"),
    )


def interviews_move(other: Candidate, kept: Candidate) -> list[str]:
    """A merge moves the other record's interviews; their scorecards, messages and seats
    follow them (they hang on the interview)."""
    moved = Interview.objects.filter(candidate=other)
    ids = [str(pk) for pk in moved.values_list("pk", flat=True)]
    moved.update(candidate=kept)
    return ids


def interviews_move_back(other: Candidate, ids: list[str]) -> None:
    Interview.objects.filter(pk__in=ids).update(candidate=other)
