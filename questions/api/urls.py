from interview_tracker.api.routing import api_path

from .views import (
    InterviewQuestionDetailView,
    InterviewQuestionListView,
    PracticeSessionViewSet,
    QuestionViewSet,
    UserSkillViewSet,
)

# Router registrations: (prefix, viewset, basename).
routes: list[tuple[str, type, str]] = [
    ("questions", QuestionViewSet, "question"),
    ("practice-sessions", PracticeSessionViewSet, "practice-session"),
    ("user-skills", UserSkillViewSet, "user-skill"),
]
urlpatterns = [
    api_path(
        "interviews/<uuid:interview_id>/questions",
        InterviewQuestionListView.as_view(),
        name="interview-question-list",
    ),
    api_path(
        "interviews/<uuid:interview_id>/questions/<uuid:iqid>",
        InterviewQuestionDetailView.as_view(),
        name="interview-question-detail",
    ),
]
