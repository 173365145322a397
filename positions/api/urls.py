from django.urls import URLPattern

from interview_tracker.api.routing import api_path

from .views import (
    CompanyViewSet,
    CVVersionViewSet,
    JobRoleViewSet,
    PositionViewSet,
    PostingDraftView,
    SkillViewSet,
)

# Router registrations: (prefix, viewset, basename).
routes: list[tuple[str, type, str]] = [
    ("companies", CompanyViewSet, "company"),
    ("roles", JobRoleViewSet, "role"),
    ("skills", SkillViewSet, "skill"),
    ("cv-versions", CVVersionViewSet, "cv-version"),
    ("positions", PositionViewSet, "position"),
]
urlpatterns: list[URLPattern] = [
    api_path("positions/from-posting", PostingDraftView.as_view(), name="position-from-posting"),
]
