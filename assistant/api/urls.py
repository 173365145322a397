from interview_tracker.api.routing import api_path

from . import views

# Router registrations: (prefix, viewset, basename).
routes: list[tuple[str, type, str]] = [
    ("assistant/conversations", views.ConversationViewSet, "assistant-conversation"),
    ("assistant/mock-interviews", views.MockInterviewViewSet, "assistant-mock-interview"),
]
urlpatterns = [
    api_path("assistant/answer-stream", views.answer_stream, name="assistant-answer-stream"),
    api_path("assistant/answer", views.answer, name="assistant-answer"),
    api_path("assistant/agents", views.AgentListView.as_view(), name="assistant-agents"),
]
