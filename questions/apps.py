from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "questions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from interview_tracker.extensions import Panel, registry

        from .importers import QuestionImporter

        registry.add_importer(QuestionImporter)
        # The interview page shows the questions asked, loaded from our URL.
        registry.add_panel(
            "interviews.interview", Panel(title="Questions asked", url_name="questions:interview")
        )
        # The opening's page shows its interview plan and each candidate's progress through it.
        registry.add_panel(
            "positions.position", Panel(title="Interview plan", url_name="questions:plan-panel")
        )
