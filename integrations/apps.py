from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "Integrations"

    def ready(self) -> None:
        from interview_tracker.extensions import registry

        from . import calendar_sync, webhooks

        registry.add_activity_listener(webhooks.on_activity)
        calendar_sync.connect()
