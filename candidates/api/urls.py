from django.urls import URLPattern

from .views import CandidateViewSet, MergeViewSet

# Router registrations: (prefix, viewset, basename).
routes: list[tuple[str, type, str]] = [
    ("candidates", CandidateViewSet, "candidate"),
    ("merges", MergeViewSet, "merge"),
]
urlpatterns: list[URLPattern] = []
