from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from interview_tracker.extensions import registry

        from .importers import CandidateImporter

        registry.add_importer(CandidateImporter)
