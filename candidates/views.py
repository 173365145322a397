"""Dashboard pages of candidates: table, kanban, detail, forms, and the status move."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Q, QuerySet, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interview_tracker.errors import DomainError
from interview_tracker.forms import apply_domain_error
from interview_tracker.models import CLOSED_STATUSES, PipelineStatus, Workspace
from interview_tracker.pages import (
    paginate,
    require_manager,
    require_staff,
    sort_headers,
    sort_order,
    staff_workspace_id,
)
from interview_tracker.pipeline import (
    StatusForm,
    card_facts,
    kanban_columns,
    pipeline_move,
    status_history,
    timeline,
)
from interview_tracker.typing import AuthedHttpRequest
from positions.models import Position

from . import services
from .api.filters import CandidateFilter
from .forms import CandidateForm
from .models import Candidate, Merge
from .selectors import possible_duplicates

SORTS = ["name", "email", "status", "created_at", "updated_at"]
POSITION_OPTIONS = 50


def _candidates(request: AuthedHttpRequest) -> QuerySet[Candidate]:
    return Candidate.objects.for_user(request.user).select_related("position", "position__company")


def _candidate(request: AuthedHttpRequest, pk: Any) -> tuple[Candidate, bool]:
    candidate = get_object_or_404(_candidates(request), pk=pk)
    # A candidate member may read their own record through for_user, but not these pages.
    return candidate, require_staff(request, candidate.workspace_id)


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _position_options(workspace_id: Any, selected: uuid.UUID | None) -> list[Position]:
    """The position filter's suggestions: the selected position first (so its title can be
    shown), then the most recently updated open positions, at most ``POSITION_OPTIONS``.
    A workspace may hold thousands of positions; listing them all would make the page 0.5 MB."""
    return list(
        Position.objects.filter(workspace_id=workspace_id)
        .filter(~Q(status__in=CLOSED_STATUSES) | Q(pk=selected))
        .select_related("company")
        .order_by(Case(When(pk=selected, then=0), default=1), "-updated_at", "id")[
            :POSITION_OPTIONS
        ]
    )


@login_required
@require_GET
def candidate_list(request: AuthedHttpRequest) -> HttpResponse:
    workspace_id = staff_workspace_id(request)
    queryset = _candidates(request).filter(workspace_id=workspace_id)
    data = request.GET.copy()
    # The position filter takes an id (links from other pages, the datalist's values) or,
    # typed by hand, part of a position's title.
    position = data.get("position", "").strip()
    position_id = _uuid(position)
    position_title = position if position and position_id is None else ""
    if position_title:
        data.pop("position")
    filterset = CandidateFilter(data, queryset=queryset)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    if position_title:
        rows = rows.filter(position__title__icontains=position_title)
    search = request.GET.get("q", "").strip()
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(email__icontains=search))
    sort, ordering = sort_order(request, SORTS, "-created_at")
    context = {
        "page_obj": paginate(request, rows.order_by(*ordering)),
        "filter_errors": filterset.errors,
        "sort": sort,
        "headers": sort_headers(
            request,
            [
                ("name", "Name"),
                ("email", "E-mail"),
                ("", "Position"),
                ("status", "Status"),
                ("", "Source"),
                ("created_at", "Added"),
            ],
            sort,
        ),
        "search": search,
        "statuses": PipelineStatus.choices,
        "position": position,
        "positions": _position_options(workspace_id, position_id),
        "can_manage": request.user.can_manage(workspace_id),
    }
    template = "candidates/candidate_list.html"
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        template += "#results"
    return render(request, template, context)


@login_required
@require_GET
def candidate_kanban(request: AuthedHttpRequest) -> HttpResponse:
    workspace_id = staff_workspace_id(request)
    can_manage = request.user.can_manage(workspace_id)
    # Only what a card shows: 350 cards with every column of candidate, position and company
    # were a third of the board's time spent building model instances.
    rows = (
        Candidate.objects.for_user(request.user)
        .filter(workspace_id=workspace_id)
        .select_related("position")
        .only("name", "status", "source", "created_at", "updated_at", "position__title")
    )
    position = request.GET.get("position", "")
    if position:
        filterset = CandidateFilter({"position": position}, queryset=rows)
        rows = filterset.qs if filterset.is_valid() else rows.none()
    return render(
        request,
        "candidates/candidate_kanban.html",
        {
            "columns": kanban_columns(
                rows.order_by("-updated_at", "id"),
                list_url=reverse("candidates:list"),
                detail_url="candidates:detail",
                status_url="candidates:status",
                card_annotations=card_facts(Candidate, scores=can_manage),
            ),
            "can_manage": can_manage,
        },
    )


@login_required
@require_GET
def candidate_detail(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    candidate, can_manage = _candidate(request, pk)
    return render(
        request,
        "candidates/candidate_detail.html",
        {
            "candidate": candidate,
            "can_manage": can_manage,
            "status_form": StatusForm(
                initial={"status": candidate.status, "rejection_reason": candidate.rejection_reason}
            ),
            "history": status_history(candidate),
            "events": timeline(candidate),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_create(request: AuthedHttpRequest) -> HttpResponse:
    workspace_id = staff_workspace_id(request)
    require_manager(request, workspace_id)
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = CandidateForm(*data, workspace_id=workspace_id, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_create(
                workspace=Workspace.objects.get(pk=workspace_id),
                actor=request.user,
                **form.service_data(),
            )
        except DomainError as exc:
            apply_domain_error(form, exc, field="email")
        else:
            messages.success(request, f"{candidate.name} added to the pipeline.")
            return redirect("candidates:detail", pk=candidate.pk)
    return render(request, "candidates/candidate_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def candidate_edit(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    candidate, _ = _candidate(request, pk)
    require_manager(request, candidate.workspace_id)
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = CandidateForm(*data, instance=candidate, workspace_id=candidate.workspace_id)
    if request.method == "POST" and form.is_valid():
        fresh = _candidates(request).get(pk=candidate.pk)
        form.instance = fresh
        try:
            services.candidate_update(candidate=fresh, actor=request.user, **form.service_data())
        except DomainError as exc:
            apply_domain_error(form, exc, field="email")
        else:
            messages.success(request, "Candidate saved.")
            return redirect("candidates:detail", pk=candidate.pk)
    return render(request, "candidates/candidate_form.html", {"form": form, "candidate": candidate})


@login_required
@require_POST
def candidate_delete(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    candidate, _ = _candidate(request, pk)
    require_manager(request, candidate.workspace_id)
    services.candidate_delete(candidate=candidate, actor=request.user)
    messages.success(request, f"{candidate.name} deleted.")
    return redirect("candidates:list")


@login_required
@require_POST
def candidate_status(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    """The one place the kanban (drag-and-drop and the status menu), the table and the detail
    page move a candidate; a plain form POST, so it works without JavaScript."""
    candidate, _ = _candidate(request, pk)
    require_manager(request, candidate.workspace_id)
    return pipeline_move(
        request,
        candidate,
        lambda status, reason: services.candidate_change_status(
            candidate=candidate, status=status, actor=request.user, rejection_reason=reason
        ),
        reverse("candidates:detail", args=[candidate.pk]),
    )


@login_required
@require_GET
def candidate_export(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    """Everything held about the person, readable: what the JSON export holds, section by
    section, with a link to the JSON itself."""
    candidate, _ = _candidate(request, pk)
    require_manager(request, candidate.workspace_id)
    return render(
        request,
        "candidates/candidate_export.html",
        {"candidate": candidate, "data": services.candidate_export(candidate=candidate)},
    )


@login_required
@require_POST
def candidate_anonymise(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    candidate, _ = _candidate(request, pk)
    require_manager(request, candidate.workspace_id)
    services.candidate_anonymise(candidate=candidate, actor=request.user)
    messages.success(request, "Personal data erased; the history and statistics are kept.")
    return redirect("candidates:detail", pk=candidate.pk)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_merge(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    """The merge page: this record's possible duplicates, each with a button that merges it
    into this one, and the merges of the last 30 days with their undo."""
    candidate, _ = _candidate(request, pk)
    require_manager(request, candidate.workspace_id)
    if request.method == "POST":
        other = get_object_or_404(
            _candidates(request), pk=_uuid(request.POST.get("other", "")) or uuid.uuid4()
        )
        try:
            services.candidate_merge(kept=candidate, other=other, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{other.name} merged into {candidate.name}.")
        return redirect("candidates:merge", pk=candidate.pk)
    duplicate_ids = possible_duplicates([candidate]).get(candidate.pk, [])
    duplicates = _candidates(request).filter(pk__in=duplicate_ids).order_by("created_at", "id")
    merges = (
        Merge.objects.for_user(request.user)
        .undoable(timezone.now())
        .filter(kept=candidate)
        .select_related("merged_by")
    )
    return render(
        request,
        "candidates/candidate_merge.html",
        {"candidate": candidate, "duplicates": duplicates, "merges": merges},
    )


@login_required
@require_POST
def merge_undo(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    merge = get_object_or_404(Merge.objects.for_user(request.user).undoable(timezone.now()), pk=pk)
    require_manager(request, merge.workspace_id)
    try:
        _, other = services.merge_undo(merge=merge, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{other.name} is a separate record again.")
    return redirect("candidates:merge", pk=merge.kept_id)
