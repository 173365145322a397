"""Dashboard pages of structured hiring: the candidate page's hiring panel, the debrief with
the decision form, the offers (list, draft, detail with its actions) and the candidate's answer
to an offer from the portal. They call the same services and selectors as the API."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from candidates.models import Candidate
from interview_tracker.errors import DomainError, ValidationFailed
from interview_tracker.models import MANAGER_ROLES, STAFF_ROLES, ActivityEvent, Workspace
from interview_tracker.pages import paginate
from interview_tracker.typing import AuthedHttpRequest

from . import selectors, services
from .forms import DecisionForm, OfferForm
from .models import Feedback, Offer
from .permissions import can_approve_offer, can_read_debrief, is_offer_candidate

# Which offer actions a page offers, and the permission rule each needs.
OFFER_ACTIONS: dict[str, tuple[Any, Any]] = {
    "approve": (services.offer_approve, can_approve_offer),
    "send": (services.offer_send, lambda user, offer: user.can_manage(offer.workspace_id)),
    "withdraw": (services.offer_withdraw, lambda user, offer: user.can_manage(offer.workspace_id)),
    "accept": (services.offer_accept, is_offer_candidate),
    "decline": (services.offer_decline, is_offer_candidate),
}


def _staff_candidate(request: AuthedHttpRequest, pk: Any) -> Candidate:
    candidate = get_object_or_404(
        Candidate.objects.for_user(request.user).select_related("position"), pk=pk
    )
    if request.user.role_in(candidate.workspace_id) not in STAFF_ROLES:
        raise Http404
    return candidate


@login_required
@require_GET
def candidate_panel(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    """The candidate page's "Hiring" panel: decisions, offers, and the way to the debrief."""
    candidate = _staff_candidate(request, pk)
    manages = request.user.can_manage(candidate.workspace_id)
    context = {
        "candidate": candidate,
        "can_manage": manages,
        "decisions": candidate.decisions.select_related("decided_by").order_by("-created_at")[:5],
        "offers": Offer.objects.for_user(request.user)
        .filter(candidate=candidate)
        .order_by("-created_at", "id")
        if manages
        else [],
    }
    return render(request, "interviews/hiring_panel.html", context)


@login_required
@require_GET
def debrief(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    candidate = _staff_candidate(request, pk)
    if not can_read_debrief(request.user, candidate.workspace_id, candidate.pk):
        messages.error(request, "Submit every scorecard you owe this candidate to see the debrief.")
        return redirect("candidates:detail", pk=candidate.pk)
    return _debrief_page(request, candidate, DecisionForm())


def _debrief_page(
    request: AuthedHttpRequest, candidate: Candidate, form: DecisionForm, status: int = 200
) -> HttpResponse:
    report = selectors.debrief(candidate.pk, request.user)
    manages = request.user.can_manage(candidate.workspace_id)
    context = {
        "candidate": candidate,
        "report": report,
        "tally": [
            (label, report["recommendations"][value])
            for value, label in Feedback.Recommendation.choices
        ],
        "form": form,
        "can_manage": manages,
        # An interviewer of a workspace that keeps scorecards blind reads those of the rounds
        # they scored: the page says so rather than showing the others as unscored.
        "blind": not manages
        and Workspace.objects.filter(pk=candidate.workspace_id, blind_feedback=True).exists(),
    }
    return render(request, "interviews/debrief.html", context, status=status)


@login_required
@require_POST
def decide(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    candidate = _staff_candidate(request, pk)
    if not request.user.can_manage(candidate.workspace_id):
        raise Http404
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if value not in ("", None)}
        try:
            services.candidate_decide(actor=request.user, candidate=candidate, **data)
        except ValidationFailed as exc:
            for field, message in exc.field_errors.items():
                form.add_error(field if field in form.fields else None, message)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Decision recorded: {data['decision']}.")
            return redirect("candidates:detail", pk=candidate.pk)
    return _debrief_page(request, candidate, form, status=422)


@login_required
@require_GET
def offer_list(request: AuthedHttpRequest) -> HttpResponse:
    workspace_id = request.user.default_workspace_id
    if workspace_id is None or request.user.role_in(workspace_id) not in MANAGER_ROLES:
        raise Http404
    offers = (
        Offer.objects.for_user(request.user)
        .filter(workspace_id=workspace_id)
        .select_related("candidate", "position")
        .order_by("-created_at", "id")
    )
    status = request.GET.get("status", "")
    if status in Offer.Status.values:
        offers = offers.filter(status=status)
    page_obj = paginate(request, offers)
    return render(
        request,
        "interviews/offer_list.html",
        {"page_obj": page_obj, "status": status, "statuses": Offer.Status.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request: AuthedHttpRequest) -> HttpResponse:
    try:
        candidate_id = uuid.UUID(request.GET.get("candidate", ""))
    except ValueError:
        raise Http404("Open the offer from the candidate's page.") from None
    candidate = _staff_candidate(request, candidate_id)
    if not request.user.can_manage(candidate.workspace_id):
        raise Http404
    form = OfferForm(request.POST or None, workspace_id=candidate.workspace_id)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                actor=request.user, candidate=candidate, **form.cleaned_data
            )
        except ValidationFailed as exc:
            for field, message in exc.field_errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "Offer drafted. An owner or its approver approves it next.")
            return redirect("interviews:offer", pk=offer.pk)
    return render(
        request,
        "interviews/offer_form.html",
        {"form": form, "candidate": candidate},
        status=422 if form.errors else 200,
    )


@login_required
@require_GET
def offer_detail(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    offer = get_object_or_404(
        Offer.objects.for_user(request.user).select_related(
            "candidate", "position", "approver", "created_by"
        ),
        pk=pk,
    )
    user = request.user
    actions = [
        name
        for name, (_, allowed) in OFFER_ACTIONS.items()
        if allowed(user, offer) and offer.can_transition(_target(name))
    ]
    manages = user.can_manage(offer.workspace_id)
    timeline = (
        ActivityEvent.objects.filter(
            content_type__app_label="candidates",
            object_id=offer.candidate_id,
            verb__startswith="offer_",
            details__offer=str(offer.pk),
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
        if manages
        else []
    )
    context = {"offer": offer, "actions": actions, "can_manage": manages, "timeline": timeline}
    return render(request, "interviews/offer_detail.html", context)


def _target(action: str) -> str:
    return {
        "approve": Offer.Status.APPROVED,
        "send": Offer.Status.SENT,
        "withdraw": Offer.Status.WITHDRAWN,
        "accept": Offer.Status.ACCEPTED,
        "decline": Offer.Status.DECLINED,
    }[action]


@login_required
@require_POST
def offer_move(request: AuthedHttpRequest, pk: Any, action: str) -> HttpResponse:
    offer = get_object_or_404(
        Offer.objects.for_user(request.user).select_related("candidate"), pk=pk
    )
    if action not in OFFER_ACTIONS:
        raise Http404
    service, allowed = OFFER_ACTIONS[action]
    if not allowed(request.user, offer):
        messages.error(request, "Your role does not allow this on this offer.")
    else:
        try:
            service(actor=request.user, offer=offer)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Offer {_target(action)}.")
    if is_offer_candidate(request.user, offer):
        return redirect("interviews:portal")
    return redirect("interviews:offer", pk=offer.pk)
