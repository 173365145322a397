from django.urls import URLPattern

from .views import CandidateViewSet

# Router registrations: (prefix, viewset, basename).
routes: list[tuple[str, type, str]] = [("candidates", CandidateViewSet, "candidate")]
urlpatterns: list[URLPattern] = []
