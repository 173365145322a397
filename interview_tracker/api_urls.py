"""The one API router, mounted at /api/v1/. Each app lists its routes in ``<app>/api/urls.py``
(``routes`` for the router, ``urlpatterns`` for anything else); this module names each app.
Every path is written without a trailing slash and also answers with one
(``interview_tracker.api.routing``)."""

from django.urls import include, path

from analytics.api import urls as analytics_urls
from assistant.api import urls as assistant_urls
from candidates.api import urls as candidates_urls
from integrations.api import urls as integrations_urls
from interview_tracker.api import views
from interview_tracker.api.routing import Router, api_path
from interviews.api import urls as interviews_urls
from positions.api import urls as positions_urls
from questions.api import urls as questions_urls

APPS = [
    positions_urls,
    candidates_urls,
    interviews_urls,
    questions_urls,
    analytics_urls,
    assistant_urls,
    integrations_urls,
]

router = Router()
router.register("workspaces", views.WorkspaceViewSet, basename="workspace")
for app in APPS:
    for prefix, viewset, basename in app.routes:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    api_path("auth/register", views.RegisterView.as_view(), name="auth-register"),
    api_path("auth/login", views.LoginView.as_view(), name="auth-login"),
    api_path("auth/refresh", views.RefreshView.as_view(), name="auth-refresh"),
    api_path("auth/logout", views.LogoutView.as_view(), name="auth-logout"),
    api_path("auth/me", views.MeView.as_view(), name="auth-me"),
    api_path("auth/me/export", views.MeExportView.as_view(), name="auth-me-export"),
    *(path("", include(app.urlpatterns)) for app in APPS),
    path("", include(router.urls)),
]
