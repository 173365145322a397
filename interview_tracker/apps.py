from django.apps import AppConfig


class InterviewTrackerConfig(AppConfig):
    name = "interview_tracker"
    verbose_name = "Accounts and workspaces"
    default_auto_field = "django.db.models.BigAutoField"
