from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "Integrations"

    def ready(self) -> None:
        from interview_tracker.extensions import registry

        from . import webhooks

        registry.add_activity_listener(webhooks.on_activity)
