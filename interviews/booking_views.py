"""The candidate's side of a booking link: ``/book/<token>/``, no account needed.

The secret in the URL is the only credential, so the page shows the interview's own facts
(what, how long, how, for which opening) and the offered times, nothing else of the workspace:
no people, notes or other interviews. It answers a form post (with the page's CSRF token) or a
JSON body; JSON carries no ambient credential (no cookie is read), so it needs no CSRF token.
"""

import datetime as dt
import json
import uuid
import zoneinfo
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from interview_tracker.api.exceptions import error_body
from interview_tracker.errors import BusinessRuleError, ConflictError, ValidationFailed
from interview_tracker.models import User
from interview_tracker.pages import throttled

from . import services
from .models import BookingLink

KNOWN_ZONES = frozenset(zoneinfo.available_timezones() - {"localtime"})
ZONES = sorted(KNOWN_ZONES)
# Pages of a link that can no longer change anything answer 410 Gone, with the reason.
CLOSED_STATES = {"expired", "closed", "cancelled", "replaced"}


def _zone(link: BookingLink, name: object) -> ZoneInfo:
    """The zone the candidate asked for, else the organiser's (the browser corrects it)."""
    if isinstance(name, str) and name in KNOWN_ZONES:  # a JSON body may send anything
        return ZoneInfo(name)
    organiser = link.interview.created_by
    fallback = organiser.time_zone if organiser else settings.TIME_ZONE
    return ZoneInfo(fallback if fallback in KNOWN_ZONES else "UTC")


def _remaining(link: BookingLink, now: dt.datetime) -> list[dt.datetime]:
    """The offered times still ahead and free (its current time aside), in UTC."""
    ahead = [slot for slot in link.offered if slot > now]
    if not ahead:
        return []
    interview = link.interview
    free = set(
        services.booking_free_times(
            interview=interview,
            start=ahead[0],
            end=ahead[-1] + dt.timedelta(minutes=interview.duration_minutes),
            zone=ZoneInfo("UTC"),
        )
    )
    held = interview.scheduled_at if link.status == BookingLink.Status.BOOKED else None
    return [slot for slot in ahead if slot in free and slot != held]


def _taken(exc: ConflictError, start: str, zone: ZoneInfo) -> str:
    """The double-booking refusal in the candidate's words: the interviewer by name and the
    time they asked for, in their zone; never the interviewer's e-mail or their other
    interview (the API's message carries both, for staff)."""
    try:
        interviewer = User.objects.filter(pk=uuid.UUID(str(exc.details["interviewer"]))).first()
    except (KeyError, ValueError):  # a conflict that names nobody
        interviewer = None
    who = (interviewer.get_full_name() if interviewer else "") or "The interviewer"
    try:
        when = dt.datetime.fromisoformat(start).astimezone(zone)
    except ValueError:
        return f"{who} is no longer free then. Choose another time."
    return f"{who} is no longer free on {when:%A %d %B at %H:%M} ({zone.key}). Choose another time."


def _reload(link: BookingLink) -> BookingLink:
    return BookingLink.objects.with_interview().get(pk=link.pk)


def _by_day(slots: list[dt.datetime], zone: ZoneInfo) -> dict[dt.date, list[dt.datetime]]:
    days: dict[dt.date, list[dt.datetime]] = {}
    for slot in slots:
        local = slot.astimezone(zone)
        days.setdefault(local.date(), []).append(local)
    return days


@csrf_exempt
# A secret URL: no shared cache keeps its page.
@never_cache
@throttled("booking", frozenset({"GET", "POST"}))
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, token: str) -> HttpResponseBase:
    link = BookingLink.objects.with_interview().by_token(token).first()
    if link is None:
        raise Http404("No such booking link.")
    if request.method == "POST" and request.content_type == "application/json":
        return _answer_json(request, link)
    return _page(request, link)


@csrf_protect
def _page(request: HttpRequest, link: BookingLink) -> HttpResponse:
    zone = _zone(link, request.POST.get("tz") or request.GET.get("tz"))
    problem = ""
    status = 200
    if request.method == "POST":
        try:
            _act(link, request.POST.get("action", "book"), request.POST.get("start", ""), zone)
        except ConflictError as exc:
            # The same rule as every other path that books an interviewer.
            problem, status = _taken(exc, request.POST.get("start", ""), zone), 409
        except ValidationFailed as exc:
            problem, status = " ".join(exc.field_errors.values()), 422
        except BusinessRuleError:
            pass  # the link closed meanwhile: the page below says why
        else:
            return redirect(f"{request.path}?tz={zone.key}")
        link = _reload(link)
    now = timezone.now()
    state = link.state(now)
    if state in CLOSED_STATES:
        status = 410
    interview = link.interview
    context: dict[str, Any] = {
        "link": link,
        "state": state,
        "interview": interview,
        "zone": zone.key,
        "zones": ZONES,
        "problem": problem,
        "taken": status == 409,
        "days": _by_day(_remaining(link, now), zone) if state in {"open", "booked"} else {},
    }
    return render(request, "interviews/booking_link.html", context, status=status)


def _act(link: BookingLink, action: str, start: str, zone: ZoneInfo) -> None:
    if action == "cancel":
        services.booking_link_cancel(link=link)
        return
    try:
        when = dt.datetime.fromisoformat(start)
    except ValueError:
        raise ValidationFailed({"start": "Choose one of the offered times."}) from None
    services.booking_link_book(link=link, start=when, time_zone=zone.key)


def _answer_json(request: HttpRequest, link: BookingLink) -> JsonResponse:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse(error_body("BAD_REQUEST", "The body is not valid JSON."), status=400)
    if not isinstance(body, dict):
        return JsonResponse(error_body("BAD_REQUEST", "Send a JSON object."), status=400)
    zone = _zone(link, body.get("time_zone"))
    start = str(body.get("start", ""))
    try:
        _act(link, str(body.get("action", "book")), start, zone)
    except ConflictError as exc:
        remaining = _remaining(_reload(link), timezone.now())
        details = {"slots": [slot.astimezone(zone).isoformat() for slot in remaining]}
        conflict = error_body("RESOURCE_CONFLICT", _taken(exc, start, zone), details=details)
        return JsonResponse(conflict, status=409)
    except ValidationFailed as exc:
        body = error_body("VALIDATION_ERROR", exc.message, field_errors=exc.field_errors)
        return JsonResponse(body, status=422)
    except BusinessRuleError as exc:
        body = error_body("BUSINESS_LOGIC_ERROR", exc.message, details=exc.details)
        return JsonResponse(body, status=400)
    link = _reload(link)
    return JsonResponse(
        {
            "state": link.state(timezone.now()),
            "scheduled_at": link.interview.scheduled_at.astimezone(zone).isoformat(),
            "time_zone": zone.key,
        }
    )
