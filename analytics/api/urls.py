from django.urls import URLPattern, path

from . import views

# Router registrations: (prefix, viewset, basename).
routes: list[tuple[str, type, str]] = []
urlpatterns: list[URLPattern] = [
    path("statistics/overview", views.OverviewView.as_view(), name="statistics-overview"),
    path("statistics/timeline", views.TimelineView.as_view(), name="statistics-timeline"),
    path("statistics/companies", views.CompaniesView.as_view(), name="statistics-companies"),
    path("statistics/funnel", views.FunnelView.as_view(), name="statistics-funnel"),
    path("statistics/sources", views.SourcesView.as_view(), name="statistics-sources"),
    path(
        "statistics/interviewers", views.InterviewersView.as_view(), name="statistics-interviewers"
    ),
    path("statistics/skill-gaps", views.SkillGapsView.as_view(), name="statistics-skill-gaps"),
    path("statistics/stale", views.StaleView.as_view(), name="statistics-stale"),
    path("statistics/prep", views.PrepView.as_view(), name="statistics-prep"),
]
