"""Dashboard pages that read across apps: the home page and the analytics page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from interview_tracker.models import ActivityEvent
from interview_tracker.typing import AuthedHttpRequest


@login_required
@require_GET
def home(request: AuthedHttpRequest) -> HttpResponse:
    events = (
        ActivityEvent.objects.filter(workspace=request.user.default_workspace)
        .select_related("actor")
        .order_by("-created_at", "-id")[:15]
    )
    return render(request, "analytics/home.html", {"events": events})
