"""The workspace's activity feed on the home page: one entry per event, in words that name and
link what it is about ("Maria moved Sofia Nakamura to Offer · Data Scientist").

An event about an interview is stored once per timeline it belongs on (the interview's, its
candidate's and its position's: each timeline is then one index lookup), so the feed folds
those copies back into one entry. Detail pages keep reading their own timeline rows."""

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.urls import reverse

from candidates.models import Candidate
from interview_tracker.models import ActivityEvent, PipelineStatus, User, staff_workspace_ids
from interviews.models import Interview
from positions.models import Position

FEED_SIZE = 15
# Rows read to fill the feed: an interview event takes up to three.
ROWS_READ = FEED_SIZE * 3
# Copies of one event are written in one statement; their timestamps differ by microseconds.
SAME_EVENT = dt.timedelta(seconds=2)
STAGE_LABELS = dict(PipelineStatus.choices)


@dataclass(frozen=True)
class Subject:
    """How the feed names and links the objects of one model, and which relations that reads."""

    model: type[Model]
    related: tuple[str, ...]
    name: Callable[[Any], str]
    context: Callable[[Any], str]
    url_name: str


def _interview_context(interview: Interview) -> str:
    parts = [interview.candidate.name if interview.candidate else ""]
    parts.append(interview.position.title if interview.position else "")
    return ", ".join(part for part in parts if part)


SUBJECTS = {
    ("interviews", "interview"): Subject(
        Interview, ("candidate", "position"), str, _interview_context, "interviews:detail"
    ),
    ("candidates", "candidate"): Subject(
        Candidate,
        ("position",),
        lambda c: c.name,
        lambda c: c.position.title if c.position else "",
        "candidates:detail",
    ),
    ("positions", "position"): Subject(
        Position, ("company",), lambda p: p.title, lambda p: p.company.name, "positions:detail"
    ),
}
# Which copy of a folded event names it: the interview, else the candidate, else the position.
PRIORITY = list(SUBJECTS)

VERBS = {
    "created": "added",
    "updated": "updated",
    "interview_scheduled": "scheduled",
    "interview_rescheduled": "rescheduled",
    "interview_ongoing": "started",
    "interview_completed": "completed",
    "interview_cancelled": "cancelled",
    "booking_link_created": "offered times to book for",
    "interview_booked": "booked a time for",
    "interview_rebooked": "moved the booked time of",
    "interview_cancelled_by_candidate": "cancelled through the booking link",
    "interview_updated": "updated",
    "interview_notes_updated": "updated the notes of",
    "interview_outcome": "recorded the outcome of",
    "feedback_submitted": "submitted a scorecard on",
    "feedback_updated": "edited a scorecard on",
    "participant_added": "added a participant to",
    "participant_removed": "removed a participant from",
    "interview_question_added": "added a question to",
    "interview_question_updated": "updated a question of",
    "interview_question_removed": "removed a question from",
    "interview_deleted": "deleted an interview of",
    "contact_added": "added a contact to",
    "contact_updated": "updated a contact of",
    "contact_removed": "removed a contact from",
    "plan_stage_added": "added a plan stage to",
    "plan_stage_updated": "updated the plan of",
    "plan_stage_removed": "removed a plan stage from",
    "plan_copied": "copied a plan to",
    "opening_filled": "filled",
    "decision_recorded": "recorded a decision on",
    "follow_up_done": "followed up on",
    "follow_up_snoozed": "snoozed the follow-up of",
    "possible_duplicate": "flagged a possible duplicate:",
    "merged": "merged a duplicate into",
    "unmerged": "undid a merge into",
    "anonymised": "anonymised",
    "imported": "imported",
}


def _fold(rows: list[ActivityEvent]) -> list[ActivityEvent]:
    """One row per event: consecutive rows with the same actor, verb and summary written
    within ``SAME_EVENT`` of each other, each on a different kind of object (the copies
    ``activity_record(also=...)`` writes on a candidate's, an opening's and an interview's
    timelines), are one event; the most specific copy stands for them. Rows on the same kind
    of object are separate events (a purge anonymising candidate after candidate)."""
    events: list[list[ActivityEvent]] = []
    for row in rows:
        group = events[-1] if events else None
        if (
            group
            and (row.actor_id, row.verb, row.summary)
            == (group[0].actor_id, group[0].verb, group[0].summary)
            and group[0].created_at - row.created_at <= SAME_EVENT
            and row.content_type_id not in {copy.content_type_id for copy in group}
        ):
            group.append(row)
        else:
            events.append([row])

    def rank(row: ActivityEvent) -> int:
        key = (row.content_type.app_label, row.content_type.model)
        return PRIORITY.index(key) if key in PRIORITY else len(PRIORITY)

    return [min(group, key=rank) for group in events]


def _subjects(events: list[ActivityEvent]) -> dict[uuid.UUID, tuple[Subject, Any]]:
    """The live objects the events are about, one query per kind of subject present."""
    wanted: dict[tuple[str, str], set[uuid.UUID]] = defaultdict(set)
    for event in events:
        key = (event.content_type.app_label, event.content_type.model)
        if key in SUBJECTS:
            wanted[key].add(event.object_id)
    found: dict[uuid.UUID, tuple[Subject, Any]] = {}
    for key, ids in wanted.items():
        subject = SUBJECTS[key]
        rows = subject.model._default_manager.filter(pk__in=ids).select_related(*subject.related)
        found |= {row.pk: (subject, row) for row in rows}
    return found


def _words(event: ActivityEvent, name: str | None) -> tuple[str, str]:
    """What the actor did, split around the subject's name: ("moved", "to Offer")."""
    if name is None:  # deleted since, or not a subject the feed names: the stored summary
        return f"· {event.summary}", ""
    if event.verb == "status_changed":
        return "moved", f"to {STAGE_LABELS.get(event.details.get('to'), event.details.get('to'))}"
    return VERBS.get(event.verb, event.verb.replace("_", " ")), ""


def activity_feed(user: User, workspace_id: uuid.UUID) -> list[dict[str, Any]]:
    """The latest ``FEED_SIZE`` events of the workspace, for its staff members only."""
    rows = list(
        ActivityEvent.objects.filter(
            workspace_id=workspace_id, workspace_id__in=staff_workspace_ids(user)
        )
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")[:ROWS_READ]
    )
    events = _fold(rows)[:FEED_SIZE]
    subjects = _subjects(events)
    urls = {
        key: reverse(subject.url_name, args=[uuid.UUID(int=0)]) for key, subject in SUBJECTS.items()
    }
    entries = []
    for event in events:
        found = subjects.get(event.object_id)
        subject, obj = found if found else (None, None)
        name = subject.name(obj) if subject else None
        before, after = _words(event, name)
        url = ""
        if found:
            key = (event.content_type.app_label, event.content_type.model)
            url = urls[key].replace(str(uuid.UUID(int=0)), str(found[1].pk))
        entries.append(
            {
                "actor": str(event.actor) if event.actor else "Someone",
                "did": before,
                "name": name,
                "url": url,
                "after": after,
                "context": subject.context(obj) if subject else "",
                "created_at": event.created_at,
            }
        )
    return entries
