"""The pipeline on the dashboard, shared by positions and candidates: the board's columns,
the status form and its handler, and the history and timeline of one object."""

import operator
import uuid
from collections.abc import Callable
from functools import reduce
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Avg, Count, F, Max, Min, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join

from interview_tracker.models import ActivityEvent, PipelineStatus, StatusChange
from interview_tracker.pages import safe_next
from interview_tracker.typing import AuthedHttpRequest

# Cards per kanban column; a column with more links to the table filtered by its status.
KANBAN_CARDS = 50


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=PipelineStatus.choices, error_messages={"invalid_choice": "Choose a stage."}
    )
    rejection_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason for rejecting",
        help_text="Kept with the record; reports group rejections by it.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A form that offers the reason asks for it when rejecting; the board's plain moves
        # carry no reason field and never reject.
        if (
            data.get("status") == PipelineStatus.REJECTED
            and "rejection_reason" in self.data
            and not data.get("rejection_reason", "").strip()
        ):
            self.add_error("rejection_reason", "Say why, in a few words.")
        return data


def _url_of_each(name: str) -> Callable[[Any], str]:
    """``reverse(name, args=[pk])`` for many primary keys at the cost of one ``reverse``
    (350 of them would be a third of the board's rendering time); for UUID keys, whose path
    converter writes ``str(pk)``."""
    placeholder = uuid.UUID(int=0)
    before, after = reverse(name, args=[placeholder]).split(str(placeholder))
    return lambda pk: f"{before}{pk}{after}"


def kanban_columns(
    items: QuerySet[Any],
    *,
    list_url: str,
    detail_url: str,
    status_url: str,
    per_column: int | None = None,
    card_annotations: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """One column per pipeline status, in pipeline order, each with its total and its first
    ``per_column`` cards in the query's order; the rest are a link to the filtered table.
    Each card gets its ``detail_url`` and ``status_url`` (URL names taking its id).

    Two queries whatever the workspace's size: the totals, and the cards, whose ids are one
    top-N subquery per status, each an index walk that stops after ``per_column`` rows (a
    board of 10,000 candidates with every card is 12 MB; one window over all of them would
    sort 10,000 joined rows to keep 350). Not a UNION of the slices: SQLite refuses LIMIT in
    a compound query. ``card_annotations`` (what a card shows: its next interview, say) are
    computed in the cards' query only, for the few hundred cards shown."""
    per_column = per_column or KANBAN_CARDS
    totals = dict(items.order_by().values_list("status").annotate(total=Count("pk")))
    first = reduce(
        operator.or_,
        (
            Q(pk__in=items.filter(status=value).values("pk")[:per_column])
            for value in PipelineStatus.values
        ),
    )
    cards = items.filter(first)
    if card_annotations:
        cards = cards.annotate(**card_annotations)
    columns: dict[str, dict[str, Any]] = {
        value: {
            "status": value,
            "label": label,
            "items": [],
            "total": totals.get(value, 0),
            "more_url": f"{list_url}?status={value}",
            # The cards' "Move to…" buttons (every card of the column shares them; rejecting
            # has its own form, which asks why): rendered once per column, as looping over the
            # statuses in each of 350 cards was most of the board's rendering time.
            "moves": format_html_join(
                "",
                '<li><button type="submit" name="status" value="{}" class="secondary outline">'
                "{}</button></li>",
                (
                    (v, text)
                    for v, text in PipelineStatus.choices
                    if v not in (value, PipelineStatus.REJECTED)
                ),
            ),
        }
        for value, label in PipelineStatus.choices
    }
    detail_of, status_of = _url_of_each(detail_url), _url_of_each(status_url)
    for item in cards:
        item.detail_url, item.status_url = detail_of(item.pk), status_of(item.pk)
        columns[item.status]["items"].append(item)
    return list(columns.values())


def card_facts(model: type[Model], *, scores: bool) -> dict[str, Any]:
    """What a board card shows a recruiter deciding on it, as annotations for
    ``kanban_columns(card_annotations=...)``: since when it is in its stage (its last status
    change, else its creation), its next scheduled and its last interview, and with ``scores``
    the average overall rating of its scorecards: only for readers of every scorecard of the
    workspace (its managers), since an interviewer may read some of them only once they have
    submitted their own (``FeedbackQuerySet.visible_to``). Candidates and positions both
    reach their interviews as ``interviews`` (and the scorecards as ``interviews__feedback``)."""
    now = timezone.now()
    last_change = StatusChange.objects.filter(
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        object_id=OuterRef("pk"),
    ).order_by("-created_at", "-id")
    return {
        "stage_since": Coalesce(Subquery(last_change.values("created_at")[:1]), F("created_at")),
        # "scheduled" is Interview.Status.SCHEDULED; the pipeline pages do not import interviews.
        "next_interview": Min(
            "interviews__scheduled_at",
            filter=Q(interviews__status="scheduled", interviews__scheduled_at__gte=now),
        ),
        "last_interview": Max(
            "interviews__scheduled_at", filter=Q(interviews__scheduled_at__lt=now)
        ),
        **({"average_score": Avg("interviews__feedback__rating")} if scores else {}),
    }


def _of(obj: Model) -> dict[str, Any]:
    return {
        "content_type__app_label": obj._meta.app_label,
        "content_type__model": obj._meta.model_name,
        "object_id": obj.pk,
    }


def status_history(obj: Model) -> QuerySet[StatusChange]:
    return StatusChange.objects.filter(**_of(obj)).select_related("changed_by")


def timeline(obj: Model, limit: int = 50) -> QuerySet[ActivityEvent]:
    return (
        ActivityEvent.objects.filter(**_of(obj))
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


def pipeline_move(
    request: AuthedHttpRequest,
    obj: Any,
    move: Callable[[str, str | None], object],
    fallback_url: str,
) -> HttpResponse:
    """Handle a status form (kanban drag-and-drop, the card's menu, a detail page) with the
    app's status service ``move(status, rejection_reason)``; then back to ``next``."""
    form = StatusForm(request.POST)
    if form.is_valid():
        # A reason only when the form had the field: the kanban's menu must not erase one.
        reason = (
            form.cleaned_data["rejection_reason"] if "rejection_reason" in request.POST else None
        )
        move(form.cleaned_data["status"], reason)
        messages.success(request, f"“{obj}” moved to {obj.get_status_display()}.")
    else:
        errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, f"“{obj}” was not moved: {' '.join(errors)}")
    return redirect(safe_next(request, fallback_url))
