"""Dashboard pages: agenda, month calendar, interview detail (lifecycle, participants, thread,
scorecards), create/edit, the candidate portal, panels for candidate/position pages, and the
private calendar feed."""

import calendar as pycalendar
import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber, TruncDate
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from candidates.models import Candidate
from interview_tracker.errors import BusinessRuleError, ConflictError, DomainError, ValidationFailed
from interview_tracker.models import STAFF_ROLES, ActivityEvent, Role, User
from interview_tracker.pages import paginate, safe_next
from interview_tracker.typing import AuthedHttpRequest
from positions.models import Position

from . import selectors, services
from .calendar import feed_ics, interview_ics
from .forms import (
    AvailabilityForm,
    BookingLinkForm,
    FeedbackForm,
    InterviewForm,
    MessageForm,
    OutcomeForm,
    ParticipantForm,
    ReflectionForm,
)
from .models import BookingLink, Feedback, Interview, Message, Offer, Participant, PlanStage
from .permissions import can_manage, can_message, can_take_part, is_candidate_view
from .slots import availability_of, free_slots, slot_range

DONE_MESSAGES = {
    "start": "Interview started.",
    "complete": "Interview completed.",
    "cancel": "Interview cancelled.",
}
THREAD_SIZE = 50
# The picker and a booking link offer the next two weeks: enough to choose from, one page to scan.
PICKER_DAYS = 14
# The interview page lists its latest booking links (older ones are replaced anyway).
BOOKING_LINKS_SHOWN = 3
# Interviews listed in one day's cell of the month view; the rest are a "+k more" link to the
# agenda of that day (a busy month holds thousands; rendering them all takes seconds).
CALENDAR_PER_DAY = 4


def _workspace_role(request: AuthedHttpRequest) -> str | None:
    workspace_id = request.user.default_workspace_id
    return request.user.role_in(workspace_id) if workspace_id else None


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of ``day`` and of the next day, in the current time zone."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)


@login_required
@require_GET
def agenda(request: AuthedHttpRequest) -> HttpResponse:
    """Upcoming interviews; with ``?day=YYYY-MM-DD`` (the month view's "+k more" link) every
    interview of that day, whatever its status."""
    if _workspace_role(request) == Role.CANDIDATE:
        return redirect("interviews:portal")
    # The id, not the row: filtering needs no query for the workspace itself.
    workspace_id = request.user.default_workspace_id
    try:
        day: dt.date | None = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = None
    if day is None:
        interviews = selectors.upcoming_for(request.user, workspace_id)
    else:
        start, end = _day_bounds(day)
        interviews = (
            Interview.objects.for_user(request.user)
            .filter(workspace=workspace_id, scheduled_at__gte=start, scheduled_at__lt=end)
            .select_related("candidate", "position")
            .order_by("scheduled_at", "id")
        )
    page_obj = paginate(request, interviews)
    owed = selectors.feedback_owed_by(request.user).filter(workspace=workspace_id)[:10]
    context = {
        "page_obj": page_obj,
        "owed": owed,
        "can_create": _can_create(request),
        "day": day,
    }
    if request.headers.get("HX-Request"):
        return render(request, "interviews/interview_agenda.html#rows", context)
    return render(request, "interviews/interview_agenda.html", context)


def _can_create(request: AuthedHttpRequest) -> bool:
    return _workspace_role(request) in {Role.OWNER, Role.RECRUITER}


@login_required
@require_GET
def month(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year, month_number = (int(part) for part in request.GET.get("month", "").split("-"))
        first = dt.date(year, month_number, 1)
    except ValueError:
        first = today.replace(day=1)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = _day_bounds(weeks[0][0])[0], _day_bounds(weeks[-1][-1])[1]
    # One query: the first CALENDAR_PER_DAY interviews of each local day, each row carrying
    # its day's total (window functions partitioned by the local date).
    local_day = TruncDate("scheduled_at", tzinfo=timezone.get_current_timezone())
    interviews = (
        Interview.objects.for_user(request.user)
        .filter(workspace=request.user.default_workspace_id)
        .filter(scheduled_at__gte=start, scheduled_at__lt=end)
        # What a cell shows: the whole month is sorted by day, narrow rows sort faster.
        .only("title", "kind", "status", "scheduled_at")
        .annotate(
            day=local_day,
            day_rank=Window(
                RowNumber(), partition_by=[local_day], order_by=[F("scheduled_at"), F("id")]
            ),
            day_total=Window(Count("id"), partition_by=[local_day]),
        )
        .filter(day_rank__lte=CALENDAR_PER_DAY)
        .order_by("scheduled_at", "id")
    )
    by_day: dict[dt.date, list[Interview]] = {}
    totals: dict[dt.date, int] = {}
    for interview in interviews:
        day: dt.date = interview.day  # type: ignore[attr-defined]  # annotated above
        by_day.setdefault(day, []).append(interview)
        totals[day] = interview.day_total  # type: ignore[attr-defined]
    agenda_url = reverse("interviews:agenda")
    grid = [
        [
            {
                "date": day,
                "interviews": by_day.get(day, []),
                "total": totals.get(day, 0),
                "more": totals.get(day, 0) - len(by_day.get(day, [])),
                "agenda_url": f"{agenda_url}?day={day.isoformat()}",
            }
            for day in week
        ]
        for week in weeks
    ]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "interviews/interview_calendar.html",
        {
            "grid": grid,
            "first": first,
            "today": today,
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "weekdays": [pycalendar.day_abbr[i] for i in range(7)],
        },
    )


def _visible(request: AuthedHttpRequest, pk: Any) -> Interview:
    return get_object_or_404(
        Interview.objects.for_user(request.user).select_related(
            "candidate", "position", "position__company", "created_by", "workspace"
        ),
        pk=pk,
    )


def _template_rows(interview: Interview) -> list[dict[str, Any]]:
    """A new scorecard of a plan stage: one row per criterion of its template, to be scored."""
    return [
        {"name": criterion["name"], "score": "", "note": ""}
        for criterion in _scorecard_template(interview)
    ]


def _scorecard_template(interview: Interview) -> list[dict[str, str]]:
    """The criteria of the interview's plan stage, which its scorecards must score."""
    if interview.plan_stage_id is None:
        return []
    return (
        PlanStage.objects.filter(pk=interview.plan_stage_id)
        .values_list("criteria", flat=True)
        .first()
        or []
    )


def _detail_context(request: AuthedHttpRequest, interview: Interview) -> dict[str, Any]:
    user = request.user
    restricted = is_candidate_view(user, interview)
    participants = list(
        Participant.objects.filter(interview=interview)
        .select_related("user")
        .order_by("created_at", "id")
    )
    context: dict[str, Any] = {
        "interview": interview,
        "restricted": restricted,
        # A job-seeker's own interview has no panel to invite and no scorecards to collect.
        "recruiting": interview.workspace.is_hiring,
        "participants": participants,
        "can_manage": can_manage(user, interview),
        "can_take_part": not restricted and can_take_part(user, interview),
        "can_message": can_message(user, interview),
        "moves": [] if restricted else _legal_moves(interview),
        "participant_form": ParticipantForm(),
        "message_form": MessageForm(),
        "outcome_form": OutcomeForm(initial={"outcome": interview.outcome}),
    }
    if context["can_message"]:
        context["thread"] = _thread(interview)
    if context["can_manage"] and context["recruiting"]:
        today = timezone.localdate()
        context["booking_form"] = BookingLinkForm(
            initial={"first_day": today, "last_day": today + dt.timedelta(days=PICKER_DAYS)}
        )
        context["booking_links"] = list(
            BookingLink.objects.filter(interview=interview).order_by("-created_at", "id")[
                :BOOKING_LINKS_SHOWN
            ]
        )
    if not restricted:
        feedback = list(
            Feedback.objects.visible_to(user)
            .filter(interview=interview)
            .select_related("author")
            .order_by("created_at", "id")
        )
        own = next((f for f in feedback if f.author_id == user.pk), None)
        context |= {
            "feedback": feedback,
            "own_feedback": own,
            "feedback_form": FeedbackForm(
                initial={
                    "rating": own.rating,
                    "recommendation": own.recommendation,
                    "comment": own.comment,
                }
                if own
                else None,
                criteria=own.criteria if own else _template_rows(interview),
            ),
            "overdue": list(selectors.feedback_overdue().filter(interview=interview)),
            "events": ActivityEvent.objects.filter(
                content_type__app_label="interviews",
                content_type__model="interview",
                object_id=interview.pk,
            )
            .select_related("actor")
            .order_by("-created_at", "-id")[:30],
        }
    return context


def _legal_moves(interview: Interview) -> list[tuple[str, str]]:
    # In the order the buttons show.
    labels = {
        Interview.Status.ONGOING: ("start", "Start"),
        Interview.Status.COMPLETED: ("complete", "Complete"),
        Interview.Status.CANCELLED: ("cancel", "Cancel interview"),
    }
    allowed = Interview.TRANSITIONS[interview.status]
    return [label for status, label in labels.items() if status in allowed]


def _thread(interview: Interview) -> list[Message]:
    return list(
        Message.objects.filter(interview=interview)
        .select_related("author")
        .order_by("-created_at", "-id")[:THREAD_SIZE]
    )


@login_required
@require_GET
def detail(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    interview = _visible(request, pk)
    return render(request, "interviews/interview_detail.html", _detail_context(request, interview))


def _apply(request: AuthedHttpRequest, call: Any, success: str) -> None:
    try:
        call()
    except DomainError as exc:
        text = exc.message
        if isinstance(exc, ValidationFailed):
            text = " ".join(exc.field_errors.values())
        messages.error(request, text)
    else:
        messages.success(request, success)


def _apply_form(
    request: AuthedHttpRequest,
    interview: Interview,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Any],
    success: str,
) -> None:
    """A form of the round's participants: refused without the role, its errors shown, else
    ``call`` with its cleaned data."""
    if not can_take_part(request.user, interview):
        messages.error(request, "Your role does not allow this on this interview.")
    elif form.is_valid():
        _apply(request, lambda: call(form.cleaned_data), success)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))


@login_required
@require_POST
def transition(request: AuthedHttpRequest, pk: Any, move: str) -> HttpResponse:
    interview = _visible(request, pk)
    service = {
        "start": services.interview_start,
        "complete": services.interview_complete,
        "cancel": services.interview_cancel,
    }.get(move)
    if service is None:
        raise Http404("No such move.")
    if not can_take_part(request.user, interview):
        messages.error(request, "Your role does not allow this on this interview.")
    else:
        _apply(
            request,
            lambda: service(actor=request.user, interview=interview),
            DONE_MESSAGES[move],
        )
    return redirect("interviews:detail", pk=interview.pk)


@login_required
@require_POST
def outcome(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    interview = _visible(request, pk)
    _apply_form(
        request,
        interview,
        OutcomeForm(request.POST),
        lambda data: services.interview_set_outcome(
            actor=request.user, interview=interview, outcome=data["outcome"]
        ),
        "Outcome recorded.",
    )
    return redirect("interviews:detail", pk=interview.pk)


@login_required
@require_POST
def participant_add(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    interview = _visible(request, pk)
    form = ParticipantForm(request.POST)
    if not can_manage(request.user, interview):
        messages.error(request, "Only owners and recruiters manage participants.")
    elif not form.is_valid():
        messages.error(request, "Give a valid e-mail address and a role.")
    else:
        _apply(
            request,
            lambda: services.participant_add(
                actor=request.user, interview=interview, **form.cleaned_data
            ),
            f"{form.cleaned_data['email']} added.",
        )
    return redirect("interviews:detail", pk=interview.pk)


@login_required
@require_POST
def participant_remove(request: AuthedHttpRequest, pk: Any, pid: Any) -> HttpResponse:
    interview = _visible(request, pk)
    participant = get_object_or_404(Participant, interview=interview, pk=pid)
    if not can_manage(request.user, interview):
        messages.error(request, "Only owners and recruiters manage participants.")
    else:
        _apply(
            request,
            lambda: services.participant_remove(actor=request.user, participant=participant),
            "Participant removed.",
        )
    return redirect("interviews:detail", pk=interview.pk)


@login_required
@require_http_methods(["GET", "POST"])
def thread(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    """The message thread: htmx polls it, and posting returns it with the new message."""
    interview = _visible(request, pk)
    if not can_message(request.user, interview):
        raise Http404("No thread for you here.")
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_post(
                actor=request.user, interview=interview, body=form.cleaned_data["body"]
            )
        except ValidationFailed as exc:
            form.add_error("body", exc.field_errors.get("body", exc.message))
        else:
            form = MessageForm()
    context = {"interview": interview, "thread": _thread(interview), "message_form": form}
    if request.headers.get("HX-Request"):
        return render(request, "interviews/interview_detail.html#thread", context)
    if request.method == "POST":
        return redirect(reverse("interviews:detail", args=[interview.pk]) + "#messages")
    return render(request, "interviews/interview_detail.html#thread", context)


@login_required
@require_POST
def feedback(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    interview = _visible(request, pk)
    if not can_take_part(request.user, interview):
        messages.error(request, "Only the interview's interviewers submit scorecards.")
        return redirect("interviews:detail", pk=interview.pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        own = Feedback.objects.filter(interview=interview, author=request.user).first()
        data = form.cleaned_data
        if own is None:
            _apply(
                request,
                lambda: services.feedback_submit(actor=request.user, interview=interview, **data),
                "Scorecard submitted.",
            )
        else:
            _apply(
                request,
                lambda: services.feedback_update(actor=request.user, feedback=own, **data),
                "Scorecard updated.",
            )
        return redirect("interviews:detail", pk=interview.pk)
    context = _detail_context(request, interview)
    context["feedback_form"] = form
    return render(request, "interviews/interview_detail.html", context, status=422)


@login_required
@require_POST
def reflection(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    """A job-seeker's notes after a round; from Today they return there (``next``)."""
    interview = _visible(request, pk)
    _apply_form(
        request,
        interview,
        ReflectionForm(request.POST),
        lambda data: services.interview_update(actor=request.user, interview=interview, **data),
        f"Notes on “{interview}” saved.",
    )
    fallback = reverse("interviews:detail", args=[interview.pk]) + "#reflection"
    return redirect(safe_next(request, fallback))


@login_required
@require_GET
def ics(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    interview = _visible(request, pk)
    response = HttpResponse(interview_ics(interview), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return response


SCORECARDS_SHOWN = 20


@login_required
@require_GET
def scorecards(request: AuthedHttpRequest) -> HttpResponse:
    """The scorecards a member owes and the ones they wrote lately, in the current workspace
    (three queries whatever the workspace's size: both lists are capped)."""
    workspace_id = request.user.default_workspace_id
    if workspace_id is None or _workspace_role(request) not in STAFF_ROLES:
        raise Http404("No scorecards here.")
    owed = selectors.feedback_owed_by(request.user).filter(workspace_id=workspace_id)
    written = (
        Feedback.objects.filter(author=request.user, interview__workspace_id=workspace_id)
        .select_related("interview", "interview__candidate", "interview__position")
        .order_by("-updated_at", "-id")
    )
    context = {"owed": owed[:SCORECARDS_SHOWN], "written": written[:SCORECARDS_SHOWN]}
    return render(request, "interviews/scorecards.html", context)


@login_required
@require_POST
def feed_rotate(request: AuthedHttpRequest) -> HttpResponse:
    """A new private feed address (from the settings page, which shows it)."""
    services.calendar_token_rotate(user=request.user)
    messages.success(request, "New calendar address made; subscribe to it again.")
    return redirect(reverse("account-settings") + "#calendar")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private subscription feed: the secret in the URL is the only credential."""
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404("Unknown or revoked calendar feed.")
    interviews = (
        Interview.objects.for_user(user).select_related("created_by").order_by("scheduled_at", "id")
    )
    response = HttpResponse(
        feed_ics(interviews, f"Interviews · {user.email}"),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


def _save_form(request: AuthedHttpRequest, form: InterviewForm, interview: Interview | None):
    data = dict(form.cleaned_data)
    try:
        if interview is None:
            workspace = request.user.default_workspace
            assert workspace is not None
            return services.interview_create(actor=request.user, workspace=workspace, **data)
        return services.interview_update(actor=request.user, interview=interview, **data)
    except ValidationFailed as exc:
        for field, message in exc.field_errors.items():
            form.add_error(field if field in form.fields else None, message)
    except (BusinessRuleError, ConflictError) as exc:
        form.add_error(None, exc.message)
    return None


def _plan_stage(request: AuthedHttpRequest) -> PlanStage | None:
    try:
        stage_id = uuid.UUID(request.GET.get("plan_stage", ""))
    except ValueError:
        return None
    return PlanStage.objects.for_user(request.user).filter(pk=stage_id).first()


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthedHttpRequest) -> HttpResponse:
    if not _can_create(request):
        messages.error(request, "Only owners and recruiters schedule interviews here.")
        return redirect("interviews:agenda")
    initial: dict[str, Any] = {
        "candidate": request.GET.get("candidate"),
        "position": request.GET.get("position"),
    }
    stage = _plan_stage(request)
    if stage is not None:
        # The stage fills the form; the team's default interviewers join when it is saved.
        initial |= services.plan_stage_prefill(stage, {"position": stage.position_id})
        initial["plan_stage"] = stage.pk
    form = InterviewForm(
        request.POST or None,
        initial=initial,
        user=request.user,
        workspace=request.user.default_workspace,
    )
    if request.method == "POST" and form.is_valid():
        interview = _save_form(request, form, None)
        if interview is not None:
            messages.success(request, "Interview scheduled.")
            return redirect("interviews:detail", pk=interview.pk)
    return render(request, "interviews/interview_form.html", {"form": form, "interview": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    interview = _visible(request, pk)
    if not can_manage(request.user, interview):
        messages.error(request, "Only owners and recruiters edit interviews.")
        return redirect("interviews:detail", pk=interview.pk)
    initial = {
        name: getattr(interview, name)
        for name in InterviewForm.base_fields
        if name not in {"candidate", "position", "scheduled_at"}
    }
    initial |= {
        "candidate": interview.candidate_id,
        "position": interview.position_id,
        "scheduled_at": timezone.localtime(interview.scheduled_at),
    }
    form = InterviewForm(
        request.POST or None, initial=initial, user=request.user, workspace=interview.workspace_id
    )
    # The stage is chosen when scheduling; an edit changes the interview itself.
    del form.fields["plan_stage"]
    if request.method == "POST" and form.is_valid():
        saved = _save_form(request, form, interview)
        if saved is not None:
            messages.success(request, "Interview saved.")
            return redirect("interviews:detail", pk=interview.pk)
    return render(request, "interviews/interview_form.html", {"form": form, "interview": interview})


@login_required
@require_POST
def delete(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    interview = _visible(request, pk)
    if not can_manage(request.user, interview):
        messages.error(request, "Only owners and recruiters delete interviews.")
        return redirect("interviews:detail", pk=interview.pk)
    services.interview_delete(actor=request.user, interview=interview)
    messages.success(request, "Interview deleted.")
    return redirect("interviews:agenda")


@login_required
@require_GET
def portal(request: AuthedHttpRequest) -> HttpResponse:
    """An invited candidate's own interviews and their own pipeline status, nothing else."""
    user = request.user
    # Through for_user like every read: a seat or a candidate record of a workspace the user
    # was removed from shows nothing.
    interviews = (
        Interview.objects.for_user(user)
        .filter(participants__user=user)
        .order_by("-scheduled_at", "id")
        .distinct()
    )
    page_obj = paginate(request, interviews)
    records = (
        Candidate.objects.for_user(user)
        .filter(user=user)
        .select_related("position", "position__company")
    )
    offers = (
        Offer.objects.for_user(user)
        .filter(candidate__user=user)
        .select_related("position", "position__company")
        .order_by("-created_at", "id")
    )
    return render(
        request,
        "interviews/interview_portal.html",
        {"page_obj": page_obj, "records": records, "offers": offers, "now": timezone.now()},
    )


def _panel(request: AuthedHttpRequest, parent: Candidate | Position, field: str) -> HttpResponse:
    lookup = {field: parent}
    interviews = (
        Interview.objects.for_user(request.user)
        .filter(**lookup)
        .select_related("candidate", "position", "position__company")
        .order_by("-scheduled_at", "id")
    )
    context = {
        "page_obj": paginate(request, interviews),
        "lookup": lookup,
        # A candidate member may open the panel of their own record: the candidate view.
        "restricted": is_candidate_view(request.user, parent),
    }
    return render(request, "interviews/interview_panel.html", context)


@login_required
@require_GET
def candidate_panel(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    candidate = get_object_or_404(Candidate.objects.for_user(request.user), pk=pk)
    return _panel(request, candidate, "candidate")


@login_required
@require_GET
def position_panel(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    position = get_object_or_404(Position.objects.for_user(request.user), pk=pk)
    return _panel(request, position, "position")


@login_required
@require_http_methods(["GET", "POST"])
def availability_settings(request: AuthedHttpRequest) -> HttpResponse:
    availability = availability_of(request.user)
    form = AvailabilityForm(
        request.POST or None, initial=AvailabilityForm.initial_for(availability)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.availability_update(user=request.user, **form.service_arguments())
        except ValidationFailed as exc:
            for name, error in exc.field_errors.items():
                # "weekly_hours.monday.0" belongs to the Monday field.
                parts = name.split(".")
                field = parts[1] if parts[0] == "weekly_hours" and len(parts) > 1 else name
                form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, "Availability saved.")
            return redirect("availability-settings")
    return render(
        request,
        "interviews/availability_settings.html",
        {"form": form, "time_zone": request.user.time_zone},
    )


@login_required
@require_POST
def booking_link_offer(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    """Offer the candidate the interviewers' free times between two days through a new link,
    shown once on the interview page (only its digest is kept)."""
    interview = _visible(request, pk)
    if not can_manage(request.user, interview):
        messages.error(request, "Only owners and recruiters offer times to the candidate.")
        return redirect("interviews:detail", pk=interview.pk)
    form = BookingLinkForm(request.POST)
    token = None
    if form.is_valid():
        zone = ZoneInfo(request.user.time_zone)
        try:
            window = slot_range(
                form.cleaned_data["first_day"].isoformat(),
                form.cleaned_data["last_day"].isoformat(),
                zone=zone,
                now=timezone.now(),
            )
            _link, token = services.booking_link_create(
                actor=request.user,
                interview=interview,
                zone=zone,
                window=window,
                notify_candidate=form.cleaned_data["notify_candidate"],
            )
        except (ValidationFailed, BusinessRuleError) as exc:
            errors = exc.field_errors if isinstance(exc, ValidationFailed) else {}
            form.add_error(None, " ".join(errors.values()) or exc.message)
    context = _detail_context(request, interview)
    context["booking_form"] = form
    if token is not None:
        context["new_booking_url"] = services.booking_url(token)
        messages.success(request, "Link made: copy it now, it is shown only once.")
    return render(
        request,
        "interviews/interview_detail.html",
        context,
        status=200 if form.is_valid() and token else 422,
    )


@login_required
@require_http_methods(["GET", "POST"])
def slot_picker(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    """Free times for this interview's interviewers (its own length); choosing one moves it."""
    interview = _visible(request, pk)
    if not can_manage(request.user, interview) or interview.status != Interview.Status.SCHEDULED:
        messages.error(request, "Only owners and recruiters move scheduled interviews.")
        return redirect("interviews:detail", pk=interview.pk)
    if request.method == "POST":
        try:
            start = dt.datetime.fromisoformat(request.POST.get("start", ""))
        except ValueError:
            messages.error(request, "Choose one of the offered times.")
        else:
            _apply(
                request,
                lambda: services.interview_schedule(
                    actor=request.user, interview=interview, scheduled_at=start
                ),
                "Interview moved; participants are e-mailed the new time.",
            )
        return redirect("interviews:detail", pk=interview.pk)
    people = list(
        User.objects.filter(
            interview_participations__interview=interview,
            interview_participations__role=Participant.Role.INTERVIEWER,
        ).order_by("email")
    )
    zone = ZoneInfo(request.user.time_zone)
    now = timezone.now()
    found = (
        free_slots(
            people=people,
            duration=dt.timedelta(minutes=interview.duration_minutes),
            start=now,
            end=now + dt.timedelta(days=PICKER_DAYS),
            zone=zone,
            moving=interview.pk,
        )
        if people
        else []
    )
    days: dict[dt.date, list[dt.datetime]] = {}
    for slot in found:
        days.setdefault(slot.date(), []).append(slot)
    return render(
        request,
        "interviews/interview_slots.html",
        {"interview": interview, "people": people, "days": days, "time_zone": str(zone)},
    )
