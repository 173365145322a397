from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class InterviewTrackerConfig(AppConfig):
    name = "interview_tracker"
    verbose_name = "Accounts and workspaces"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .sqlite import unicode_lower

        connection_created.connect(unicode_lower, dispatch_uid="sqlite-unicode-lower")


class AdminConfig(admin_apps.AdminConfig):
    """The admin, signing in through the dashboard's log-in page (see ``admin_site``)."""

    default = False
    default_site = "interview_tracker.admin_site.AdminSite"
