import sys

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.urls import include, path, re_path, reverse_lazy
from django.utils.csp import CSP
from django.views import defaults
from django.views.decorators.csp import csp_override
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from analytics import views as analytics_views
from interview_tracker import health, security_views, views
from interview_tracker.api.exceptions import (
    DATABASE_RETRY_AFTER,
    api_not_found,
    api_server_error,
    database_is_unavailable,
)
from interview_tracker.forms import (
    RESET_EMAIL_TEMPLATE,
    RESET_SUBJECT_TEMPLATE,
    PasswordResetForm,
    SetPasswordForm,
)
from interviews import booking_views
from interviews import views as interviews_views

urlpatterns = [
    path("", analytics_views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify, name="login-verify"),
    path("register/", views.register_view, name="register"),
    path(
        "password-reset/",
        views.throttle_posts(
            auth_views.PasswordResetView.as_view(
                form_class=PasswordResetForm,
                template_name="interview_tracker/password_reset.html",
                email_template_name=RESET_EMAIL_TEMPLATE,
                subject_template_name=RESET_SUBJECT_TEMPLATE,
                success_url=reverse_lazy("password-reset-done"),
                # Links in e-mails start at the site's public address, not the request's host.
                extra_email_context={"site_url": settings.SITE_URL.rstrip("/")},
            )
        ),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="interview_tracker/auth_message.html",
            extra_context={
                "heading": "Check your e-mail",
                "message": "If an account uses that address, a link to choose a new password "
                "is on its way. It works once and expires in three days.",
            },
        ),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=SetPasswordForm,
            template_name="interview_tracker/password_reset_confirm.html",
            success_url=reverse_lazy("password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="interview_tracker/auth_message.html",
            extra_context={
                "heading": "Password set",
                "message": "Your new password is saved. Log in with it now.",
            },
        ),
        name="password-reset-complete",
    ),
    path("logout/", views.logout_view, name="logout"),
    path("settings/", views.account_settings, name="account-settings"),
    path(
        "settings/availability/",
        interviews_views.availability_settings,
        name="availability-settings",
    ),
    path("settings/delete/", views.account_delete, name="account-delete"),
    path("settings/", include("integrations.urls")),
    path("settings/two-factor/", security_views.two_factor, name="two-factor"),
    path("settings/sessions/", security_views.sessions, name="sessions"),
    path("settings/sessions/revoke/", security_views.session_revoke, name="session-revoke"),
    path("settings/sessions/tokens/revoke/", security_views.token_revoke, name="token-revoke"),
    path(
        "settings/sessions/sign-out-everywhere/",
        security_views.sign_out_everywhere,
        name="sign-out-everywhere",
    ),
    path("settings/password/", views.password_change, name="password-change"),
    path("settings/workspaces/new/", views.workspace_new, name="workspace-new"),
    path("settings/team/", views.team, name="team"),
    path("settings/team/<uuid:pk>/role/", views.team_member_role, name="team-member-role"),
    path("settings/team/<uuid:pk>/remove/", views.team_member_remove, name="team-member-remove"),
    path("workspaces/switch/", views.workspace_switch, name="workspace-switch"),
    path("candidates/", include("candidates.urls")),
    path("positions/", include("positions.urls")),
    path("interviews/", include("interviews.urls")),
    path("book/<str:token>/", booking_views.book, name="booking"),
    path("questions/", include("questions.urls")),
    path("analytics/", include("analytics.urls")),
    path("assistant/", include("assistant.urls")),
    path("import/", include("interview_tracker.import_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("interview_tracker.api_urls", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file, so no inline script is needed
    # under our Content-Security-Policy; Redoc gets a template without Google's fonts.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="schema", template_name="interview_tracker/swagger_ui.html"
        ),
        name="swagger-ui",
    ),
    path(
        "api/redoc/",
        # Redoc builds its search index in a Web Worker created from a blob: URL.
        csp_override({**settings.SECURE_CSP, "worker-src": [CSP.SELF, "blob:"]})(  # type: ignore[dict-item]
            SpectacularRedocView.as_view(
                url_name="schema", template_name="interview_tracker/redoc.html"
            )
        ),
        name="redoc",
    ),
    re_path(r"^api/", api_not_found),
    path("health", health.health, name="health"),
    path("health/detailed", health.detailed, name="health-detailed"),
    path("health/database", health.database, name="health-database"),
    path("health/readiness", health.readiness, name="health-readiness"),
    path("health/liveness", health.liveness, name="health-liveness"),
]


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return api_not_found(request, exception)
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return api_server_error(request)
    if database_is_unavailable(sys.exception()):
        page = loader.render_to_string(
            "500.html",
            {
                "title": "Temporarily unavailable",
                "message": "The database cannot be reached right now. Your data is safe; "
                "please try again in a few seconds.",
            },
        )
        return HttpResponse(page, status=503, headers=DATABASE_RETRY_AFTER)
    return defaults.server_error(request)
