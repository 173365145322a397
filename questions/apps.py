from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "questions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from interview_tracker.extensions import registry

        from .importers import QuestionImporter

        registry.add_importer(QuestionImporter)
