"""The one API router, mounted at /api/v1/. Each app lists its routes in ``<app>/api/urls.py``
(``routes`` for the router, ``urlpatterns`` for anything else); this module assembles them."""

from importlib import import_module

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from interview_tracker.api import views

APPS = [
    "positions",
    "candidates",
    "interviews",
    "questions",
    "analytics",
    "assistant",
    "integrations",
]

router = DefaultRouter()
router.register("workspaces", views.WorkspaceViewSet, basename="workspace")

app_patterns = []
for app in APPS:
    module = import_module(f"{app}.api.urls")
    for prefix, viewset, basename in getattr(module, "routes", []):
        router.register(prefix, viewset, basename=basename)
    app_patterns.append(path("", include(module.urlpatterns)))

urlpatterns = [
    path("auth/register", views.RegisterView.as_view(), name="auth-register"),
    path("auth/login", views.LoginView.as_view(), name="auth-login"),
    path("auth/refresh", views.RefreshView.as_view(), name="auth-refresh"),
    path("auth/logout", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/me", views.MeView.as_view(), name="auth-me"),
    *app_patterns,
    path("", include(router.urls)),
]
