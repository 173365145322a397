from django.urls import URLPattern, re_path

from .views import (
    CalendarFeedUrlView,
    CandidateInterviewsView,
    InterviewViewSet,
    PositionInterviewsView,
)

UUID = r"[0-9a-fA-F-]{36}"

# Router registrations: (prefix, viewset, basename).
routes: list[tuple[str, type, str]] = [("interviews", InterviewViewSet, "interview")]
urlpatterns: list[URLPattern] = [
    re_path(
        rf"^candidates/(?P<parent_id>{UUID})/interviews/?$",
        CandidateInterviewsView.as_view(),
        name="candidate-interviews",
    ),
    re_path(
        rf"^positions/(?P<parent_id>{UUID})/interviews/?$",
        PositionInterviewsView.as_view(),
        name="position-interviews",
    ),
    re_path(r"^calendar/feed-url/?$", CalendarFeedUrlView.as_view(), name="calendar-feed-url"),
]
