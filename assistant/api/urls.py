from django.urls import path

from . import views

# Router registrations: (prefix, viewset, basename).
routes: list[tuple[str, type, str]] = [
    ("assistant/conversations", views.ConversationViewSet, "assistant-conversation"),
    ("assistant/mock-interviews", views.MockInterviewViewSet, "assistant-mock-interview"),
]
urlpatterns = [
    # Async views (django-stubs types path() for sync ones only).
    path("assistant/answer-stream", views.answer_stream, name="assistant-answer-stream"),  # type: ignore[arg-type]
    path("assistant/answer", views.answer, name="assistant-answer"),  # type: ignore[arg-type]
    path("assistant/agents", views.AgentListView.as_view(), name="assistant-agents"),
]
