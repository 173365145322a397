from django.urls import URLPattern

from interview_tracker.api.routing import api_path

from . import views

# Router registrations: (prefix, viewset, basename).
routes: list[tuple[str, type, str]] = []
urlpatterns: list[URLPattern] = [
    api_path("statistics/overview", views.OverviewView.as_view(), name="statistics-overview"),
    api_path("statistics/timeline", views.TimelineView.as_view(), name="statistics-timeline"),
    api_path("statistics/companies", views.CompaniesView.as_view(), name="statistics-companies"),
    api_path("statistics/funnel", views.FunnelView.as_view(), name="statistics-funnel"),
    api_path("statistics/sources", views.SourcesView.as_view(), name="statistics-sources"),
    api_path(
        "statistics/interviewers", views.InterviewersView.as_view(), name="statistics-interviewers"
    ),
    api_path("statistics/skill-gaps", views.SkillGapsView.as_view(), name="statistics-skill-gaps"),
    api_path("statistics/stale", views.StaleView.as_view(), name="statistics-stale"),
    api_path("statistics/prep", views.PrepView.as_view(), name="statistics-prep"),
]
