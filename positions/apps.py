from django.apps import AppConfig


class PositionsConfig(AppConfig):
    name = "positions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from interview_tracker.extensions import registry

        from .importers import PositionImporter

        registry.add_importer(PositionImporter)
