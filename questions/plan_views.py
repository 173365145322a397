"""Dashboard pages of interview plans: the opening's plan panel (stages and each candidate's
progress), the plan editor (reorder by drag or by the Up/Down buttons), and the printable kit.
They live beside the question bank because a stage's kit is made of its questions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interview_tracker.errors import DomainError, ValidationFailed
from interview_tracker.models import MANAGER_ROLES
from interview_tracker.typing import AuthedHttpRequest
from interviews import selectors
from interviews import services as interview_services
from interviews.models import Interview, PlanStage
from interviews.permissions import can_take_part, is_candidate_view
from positions.models import Position

from . import plans
from .forms import PlanCopyForm, PlanStageForm


def _position(request: AuthedHttpRequest, pk: Any) -> Position:
    return get_object_or_404(
        Position.objects.for_user(request.user).select_related("company", "workspace"), pk=pk
    )


def _stage_form(stage: PlanStage, workspace_id: Any) -> PlanStageForm:
    return PlanStageForm(
        initial={
            "name": stage.name,
            "kind": stage.kind,
            "duration_minutes": stage.duration_minutes,
            "instructions": stage.instructions,
            "default_interviewers": list(stage.default_interviewers.all()),
            "criteria": stage.criteria,
            "questions": [link.question for link in stage.kit_questions.all()],
        },
        workspace_id=workspace_id,
    )


@login_required
@require_GET
def plan_panel(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    """The opening page's panel: the plan's stages and each candidate's progress through it."""
    position = _position(request, pk)
    if not position.workspace.is_hiring:
        return HttpResponse(
            "<p class='muted'>Interview plans belong to a hiring team's openings.</p>"
        )
    stages = list(plans.plan_of(position.pk))
    progress = (
        selectors.plan_progress(position.pk, [stage.pk for stage in stages]) if stages else []
    )
    return render(
        request,
        "questions/plan_panel.html",
        {
            "position": position,
            "stages": stages,
            "progress": progress,
            "can_manage": request.user.role_in(position.workspace_id) in MANAGER_ROLES,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    """The plan editor; a POST adds a stage."""
    position = _position(request, pk)
    can_manage = request.user.role_in(position.workspace_id) in MANAGER_ROLES
    form = PlanStageForm(request.POST or None, workspace_id=position.workspace_id)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid() and _save(
            request,
            form,
            lambda data: plans.plan_stage_create(actor=request.user, position=position, **data),
        ):
            messages.success(request, f"Stage “{form.cleaned_data['name']}” added.")
            return redirect("questions:plan", pk=position.pk)
    stages = list(plans.plan_of(position.pk))
    context = {
        "position": position,
        "stages": stages,
        "form": form,
        "copy_form": PlanCopyForm(position=position),
        "can_manage": can_manage,
    }
    return render(request, "questions/plan_edit.html", context, status=422 if form.errors else 200)


def _save(request: AuthedHttpRequest, form: PlanStageForm, call: Any) -> bool:
    try:
        call(form.cleaned_data)
    except ValidationFailed as exc:
        for field, message in exc.field_errors.items():
            name = field.split(".")[0]
            form.add_error(name if name in form.fields else None, message)
        return False
    return True


def _managed_position(request: AuthedHttpRequest, pk: Any) -> Position:
    """The opening, for its workspace's owners and recruiters (others: not found)."""
    position = _position(request, pk)
    if request.user.role_in(position.workspace_id) not in MANAGER_ROLES:
        raise Http404
    return position


def _managed_stage(request: AuthedHttpRequest, pk: Any, stage_id: Any) -> PlanStage:
    position = _managed_position(request, pk)
    return get_object_or_404(plans.plan_of(position.pk).select_related("position"), pk=stage_id)


@login_required
@require_http_methods(["GET", "POST"])
def plan_stage_edit(request: AuthedHttpRequest, pk: Any, stage_id: Any) -> HttpResponse:
    stage = _managed_stage(request, pk, stage_id)
    form = (
        PlanStageForm(request.POST, workspace_id=stage.workspace_id)
        if request.method == "POST"
        else _stage_form(stage, stage.workspace_id)
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            request,
            form,
            lambda data: plans.plan_stage_update(actor=request.user, stage=stage, **data),
        )
    ):
        messages.success(request, f"Stage “{form.cleaned_data['name']}” saved.")
        return redirect(reverse("questions:plan", args=[pk]) + f"#stage-{stage.pk}")
    return render(
        request,
        "questions/plan_stage_form.html",
        {"stage": stage, "position": stage.position, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def plan_stage_move(request: AuthedHttpRequest, pk: Any, stage_id: Any) -> HttpResponse:
    """Up/Down buttons send ``direction``; a drop sends the new ``order`` (0-based)."""
    stage = _managed_stage(request, pk, stage_id)
    direction = request.POST.get("direction")
    try:
        order = (
            int(request.POST["order"])
            if direction is None
            else stage.order + (-1 if direction == "up" else 1)
        )
    except (KeyError, ValueError):
        return HttpResponse("Give an order or a direction.", status=400)
    interview_services.plan_stage_update(actor=request.user, stage=stage, order=max(order, 0))
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return redirect(reverse("questions:plan", args=[pk]) + f"#stage-{stage.pk}")


@login_required
@require_POST
def plan_stage_delete(request: AuthedHttpRequest, pk: Any, stage_id: Any) -> HttpResponse:
    stage = _managed_stage(request, pk, stage_id)
    interview_services.plan_stage_delete(actor=request.user, stage=stage)
    messages.success(request, f"Stage “{stage.name}” removed.")
    return redirect("questions:plan", pk=pk)


@login_required
@require_POST
def plan_copy(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    position = _managed_position(request, pk)
    form = PlanCopyForm(request.POST, position=position)
    if form.is_valid():
        try:
            plans.plan_copy(
                actor=request.user,
                position=position,
                from_position=form.cleaned_data["from_position"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Plan copied.")
    else:
        messages.error(request, "Choose an opening with a plan to copy.")
    return redirect("questions:plan", pk=pk)


@login_required
@require_GET
def kit(request: AuthedHttpRequest, interview_id: Any) -> HttpResponse:
    """The printable kit, for the interview's interviewers and managers."""
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related("candidate", "position"),
        pk=interview_id,
    )
    if is_candidate_view(request.user, interview) or not can_take_part(request.user, interview):
        raise Http404
    return render(request, "questions/kit.html", plans.kit(interview))
