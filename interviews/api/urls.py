from django.urls import URLPattern

from interview_tracker.api.routing import api_path

from .hiring_views import DebriefView, DecisionView, EmailTemplateViewSet, OfferViewSet
from .views import (
    CalendarFeedUrlView,
    CandidateInterviewsView,
    InterviewViewSet,
    MemberAvailabilityView,
    MyAvailabilityView,
    PositionInterviewsView,
)

# Router registrations: (prefix, viewset, basename).
routes: list[tuple[str, type, str]] = [
    ("interviews", InterviewViewSet, "interview"),
    ("email-templates", EmailTemplateViewSet, "email-template"),
    ("offers", OfferViewSet, "offer"),
]
urlpatterns: list[URLPattern] = [
    api_path(
        "candidates/<uuid:parent_id>/interviews",
        CandidateInterviewsView.as_view(),
        name="candidate-interviews",
    ),
    api_path(
        "positions/<uuid:parent_id>/interviews",
        PositionInterviewsView.as_view(),
        name="position-interviews",
    ),
    api_path("candidates/<uuid:pk>/debrief", DebriefView.as_view(), name="debrief"),
    api_path("candidates/<uuid:pk>/decision", DecisionView.as_view(), name="decision"),
    api_path("users/me/availability", MyAvailabilityView.as_view(), name="my-availability"),
    api_path(
        "users/<uuid:user_id>/availability",
        MemberAvailabilityView.as_view(),
        name="member-availability",
    ),
    api_path("calendar/feed-url", CalendarFeedUrlView.as_view(), name="calendar-feed-url"),
]
