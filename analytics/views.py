"""Dashboard pages that read across apps: the home page and the analytics page."""

import functools
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from interview_tracker import cache
from interview_tracker.models import MANAGER_ROLES, STAFF_ROLES, Role, Workspace, WorkspaceKind
from interview_tracker.typing import AuthedHttpRequest

from . import selectors
from .feed import activity_feed
from .forms import StatisticsFilterForm
from .selectors import StatsFilters

TOP = 10  # bars per chart: a chart of 200 companies is legible to no one
# The figures of the analytics page and the home page are cached per user and filters for
# this many seconds: computing them runs statistics queries over the whole workspace (seconds
# at 10,000 candidates), and a dashboard a minute behind is fine. No invalidation: the short
# lifetime bounds staleness, and both pages say so.
FIGURES_TTL = 60


@login_required
@require_GET
def home(request: AuthedHttpRequest) -> HttpResponse:
    """The first page: a hiring team's pipeline, or a job-seeker's day."""
    user = request.user
    workspace_id = user.default_workspace_id
    role = user.role_in(workspace_id) if workspace_id else None
    if role == Role.CANDIDATE:
        return redirect("interviews:portal")
    if workspace_id is None or role not in STAFF_ROLES:
        return render(request, "analytics/home.html", {"is_staff_member": False})
    hiring = Workspace.objects.filter(pk=workspace_id, kind=WorkspaceKind.HIRING).exists()
    context: dict[str, Any] = {
        "is_staff_member": True,
        "hiring": hiring,
        "can_manage": role in MANAGER_ROLES,
        "upcoming": (
            selectors.upcoming_interviews(user, workspace_id)
            if hiring
            else selectors.upcoming_with_prep(user, workspace_id)
        ),
        "events": activity_feed(user, workspace_id),
    }
    if hiring:
        context.update(
            stages=selectors.stage_totals(user, workspace_id),
            openings=selectors.openings_pipeline(user, workspace_id),
            feedback_owed=selectors.feedback_owed(user, workspace_id),
        )
    else:
        # The same cached figures as the statistics page of this workspace (its overview).
        figures = _figures(user, StatsFilters(workspace=workspace_id), ["overview", "stale"])
        context.update(
            kpis=figures["overview"],
            follow_ups=selectors.follow_ups_due(user, workspace_id),
            notes_due=selectors.notes_to_write(user, workspace_id),
            stale_positions=figures["stale"]["positions"][:5],
            stale_total=figures["stale"]["total_positions"],
            reviews_due=selectors.reviews_due(user, workspace_id),
            ttl=FIGURES_TTL,
        )
    return render(request, "analytics/home.html", context)


def _series(labels: list[str], **datasets: list[Any]) -> dict[str, Any]:
    return {
        "labels": labels,
        "datasets": [{"label": label, "data": data} for label, data in datasets.items()],
    }


def _charts(figures: dict[str, Any]) -> dict[str, Any]:
    """Chart.js series, shaped from the selectors' figures (at most ``TOP`` bars each)."""
    funnel = figures["funnel"]["positions"]["stages"]
    candidates = figures["funnel"]["candidates"]["stages"]
    timeline = figures["timeline"]
    companies = figures["companies"]["companies"][:TOP]
    # A hiring team's applications are its candidates; a job search's, its positions.
    hiring = figures["overview"]["kind"] == WorkspaceKind.HIRING
    sources = figures["sources"]["candidates" if hiring else "positions"][:TOP]
    gaps = figures["skill_gaps"]["skills"][:TOP]
    return {
        "funnel": _series(
            [s["status"] for s in funnel],
            Positions=[s["reached"] for s in funnel],
            Candidates=[s["reached"] for s in candidates],
        ),
        "timeline": _series(
            [m["month"] for m in timeline["applications_per_month"]],
            Applications=[m["count"] for m in timeline["applications_per_month"]],
            Interviews=[m["count"] for m in timeline["interviews_per_month"]],
        ),
        "companies": _series(
            [c["company_name"] for c in companies],
            Applications=[c["total_applications"] for c in companies],
            Interviews=[c["total_interviews"] for c in companies],
        ),
        "sources": _series(
            [s["source"] or "(not recorded)" for s in sources],
            Positions=[s["count"] for s in sources],
            Interviewed=[s["interviewed"] for s in sources],
        ),
        "skill_gaps": _series(
            [g["name"] for g in gaps],
            **{"Positions requiring it": [g["positions_count"] for g in gaps]},
        ),
    }


# Each statistic the pages show, cached apart so that the home page and the analytics page
# share what they both show (the overview of the current workspace).
FIGURES: dict[str, Callable[[Any, StatsFilters], dict[str, Any]]] = {
    "overview": selectors.overview,
    "timeline": selectors.timeline,
    "companies": selectors.companies,
    "funnel": selectors.funnel,
    "sources": selectors.sources,
    "skill_gaps": selectors.skill_gaps,
    "stale": selectors.stale,
}
CHARTED = ["overview", "timeline", "companies", "funnel", "sources", "skill_gaps"]


def _figures(user: Any, filters: StatsFilters, names: list[str]) -> dict[str, Any]:
    """The named statistics for ``filters``: one cache round trip, then the missing ones
    computed and cached for ``FIGURES_TTL`` seconds."""
    keys = {name: _figures_key(user, filters, name) for name in names}
    # The workspace and its kind are settled once, and only if a statistic must be computed.
    settled = functools.cache(lambda: selectors.current_scope(user, filters))
    return cache.read_many(keys, lambda name: FIGURES[name](user, settled()), FIGURES_TTL)


def _figures_key(user: Any, filters: StatsFilters, name: str) -> str:
    """Per statistic, per user and their current roles (the figures follow what they may
    see, and skill gaps are their own: a changed or revoked membership makes a new key) and
    per filter set; the workspace is one of the filters."""
    parts = [
        name,
        cache.reader_part(user),
        # Unnamed, the workspace is the current one, which the user may switch.
        str(filters.workspace or user.default_workspace_id or ""),
        str(filters.start_date or ""),
        str(filters.end_date or ""),
        filters.company,
        filters.status,
    ]
    return cache.make_key("analytics:figures", parts)


@login_required
@require_GET
def dashboard(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    data = request.GET.copy()
    current = user.default_workspace_id
    # The page works on the current workspace unless the form names another of the user's.
    if not data.get("workspace") and current and user.role_in(current) in STAFF_ROLES:
        data["workspace"] = str(current)
    form = StatisticsFilterForm(data, user=user)
    # Invalid filters show their errors next to the fields; the charts then go unfiltered.
    clean: dict[str, Any] = (
        form.cleaned_data if form.is_valid() else {"workspace": data.get("workspace", "")}
    )
    workspace = clean.get("workspace") if clean.get("workspace") in form.workspace_ids else ""
    filters = StatsFilters(
        start_date=clean.get("start_date"),
        end_date=clean.get("end_date"),
        company=(clean.get("company") or "").strip(),
        status=clean.get("status") or "",
        workspace=uuid.UUID(workspace) if workspace else None,
    )
    figures = _figures(user, filters, CHARTED)
    context = {
        "form": form,
        "figures": figures,
        "charts": _charts(figures),
        "top": TOP,
        "ttl": FIGURES_TTL,
    }
    template = "analytics/dashboard.html"
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "charts":
        template += "#charts"
    return render(request, template, context)
