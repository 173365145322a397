from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class InterviewTrackerConfig(AppConfig):
    name = "interview_tracker"
    verbose_name = "Accounts and workspaces"
    default_auto_field = "django.db.models.BigAutoField"


class AdminConfig(admin_apps.AdminConfig):
    """The admin, signing in through the dashboard's log-in page (see ``admin_site``)."""

    default = False
    default_site = "interview_tracker.admin_site.AdminSite"
