from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "assistant"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from interview_tracker.extensions import Panel, registry

        # "Ask the assistant" on each bank question's page, pre-filled with that question.
        registry.add_panel(
            "questions.question",
            Panel(title="Ask the assistant", url_name="assistant:question-panel"),
        )
