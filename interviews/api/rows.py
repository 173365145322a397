"""The interview list and the interviews embedded in candidates and positions, read with
``values()`` (see ``interview_tracker.api.rows``) in the shapes of ``InterviewSerializer``,
``InterviewEmbedSerializer`` and ``LeanInterviewEmbedSerializer``."""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet

from interview_tracker.api.rows import current_datetime_text, grouped

from ..models import Feedback, Interview
from ..permissions import is_candidate_view_in
from .serializers import (
    BASE_FIELDS,
    FEEDBACK_FIELDS,
    HIDDEN_FROM_CANDIDATES,
    LEAN_FEEDBACK_FIELDS,
    LEAN_INTERVIEW_FIELDS,
)

# The serializers' relations, read as their id columns.
INTERVIEW_COLUMNS = {
    "workspace": "workspace_id",
    "position": "position_id",
    "candidate": "candidate_id",
    "plan_stage": "plan_stage_id",
    "created_by": "created_by_id",
}
FEEDBACK_COLUMNS = {"interview": "interview_id", "author": "author_id"}
TIMES = {"scheduled_at", "created_at", "updated_at"}
AUTHOR = ("author__first_name", "author__last_name", "author__email")


def interview_rows(
    queryset: QuerySet[Interview],
    user: Any,
    fields: list[str],
    *,
    extra: Iterable[str] = (),
    paginate: Callable[[QuerySet[Any]], Iterable[tuple[Any, ...]] | None] = list,
) -> list[dict[str, Any]]:
    """``fields`` of each interview (of the page ``paginate`` cuts), without what the reader's
    role hides; each row also keeps the ``extra`` columns under their own names."""
    columns = [INTERVIEW_COLUMNS.get(name, name) for name in fields]
    wanted = list(dict.fromkeys([*columns, "workspace_id", *extra]))
    text = current_datetime_text()
    hidden_in: dict[Any, bool] = {}
    out = []
    for values in paginate(queryset.values_list(*wanted)) or []:
        row = dict(zip(wanted, values, strict=True))
        workspace_id = row["workspace_id"]
        if workspace_id not in hidden_in:
            hidden_in[workspace_id] = is_candidate_view_in(user, workspace_id)
        hidden = hidden_in[workspace_id]
        shown = {
            name: text(row[column]) if name in TIMES else row[column]
            for name, column in zip(fields, columns, strict=True)
            if not (hidden and name in HIDDEN_FROM_CANDIDATES)
        }
        shown.update((column, row[column]) for column in extra)
        out.append(shown)
    return out


def author_name(first_name: str | None, last_name: str | None, email: str | None) -> str:
    """``str(feedback.author)``: the full name, else the e-mail; no author, blank."""
    if email is None:
        return ""
    return f"{first_name} {last_name}".strip() or email


def criterion(item: dict[str, Any]) -> dict[str, Any]:
    """``CriterionSerializer``'s output of one stored criterion."""
    note = item.get("note", "")
    return {
        "name": None if item["name"] is None else str(item["name"]),
        "score": None if item["score"] is None else int(item["score"]),
        "note": None if note is None else str(note),
    }


def feedback_rows(
    user: Any, interview_ids: list[Any], fields: list[str]
) -> dict[Any, list[dict[str, Any]]]:
    """The scorecards of these interviews the user may read (``Feedback.visible_to``), by
    interview, oldest first."""
    if not interview_ids:
        return {}
    columns = [FEEDBACK_COLUMNS.get(name, name) for name in fields if name != "author_name"]
    wanted = list(dict.fromkeys(["interview_id", *columns, *AUTHOR]))
    rows = (
        Feedback.objects.visible_to(user)
        .filter(interview_id__in=interview_ids)
        .order_by("created_at", "id")
        .values_list(*wanted)
    )
    text = current_datetime_text()
    out = []
    for values in rows:
        row = dict(zip(wanted, values, strict=True))
        shown: dict[str, Any] = {"interview_id": row["interview_id"]}
        for name in fields:
            if name == "author_name":
                shown[name] = author_name(*(row[column] for column in AUTHOR))
            elif name == "criteria":
                criteria = row["criteria"]
                shown[name] = None if criteria is None else [criterion(c) for c in criteria]
            elif name in {"created_at", "updated_at"}:
                shown[name] = text(row[name])
            else:
                shown[name] = row[FEEDBACK_COLUMNS.get(name, name)]
        out.append(shown)
    return grouped(out, "interview_id")


def embedded_interviews(
    request: Any, parent_ids: list[Any], full: bool, *, parent: str
) -> dict[Any, list[dict[str, Any]]]:
    """The interviews of these candidates or positions (``parent``: the interview's column),
    each with the scorecards the reader may read: two queries for any number of parents."""
    user = request.user
    interviews = interview_rows(
        Interview.objects.for_user(user)
        .filter(**{f"{parent}__in": parent_ids})
        .order_by("scheduled_at", "id"),
        user,
        BASE_FIELDS if full else LEAN_INTERVIEW_FIELDS,
        extra=[f"{parent}_id", "workspace_id"],
    )
    staff_rows = [row for row in interviews if not is_candidate_view_in(user, row["workspace_id"])]
    feedback = feedback_rows(
        user, [row["id"] for row in staff_rows], FEEDBACK_FIELDS if full else LEAN_FEEDBACK_FIELDS
    )
    for row in interviews:
        del row["workspace_id"]
    for row in staff_rows:  # the candidate view hides scorecards
        row["feedback"] = feedback.get(row["id"], [])
    return grouped(interviews, f"{parent}_id")
