from django.urls import URLPattern

from interview_tracker.api.routing import api_path

from .views import (
    CalendarFeedUrlView,
    CandidateInterviewsView,
    InterviewViewSet,
    PositionInterviewsView,
)

# Router registrations: (prefix, viewset, basename).
routes: list[tuple[str, type, str]] = [("interviews", InterviewViewSet, "interview")]
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
    api_path("calendar/feed-url", CalendarFeedUrlView.as_view(), name="calendar-feed-url"),
]
