from interview_tracker.api.routing import api_path

from .plans import KitView, PlanCopyView, PlanStageViewSet, PositionPlanStagesView
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
    ("plan-stages", PlanStageViewSet, "plan-stage"),
]
urlpatterns = [
    api_path(
        "positions/<uuid:pk>/plan-stages/copy",
        PlanCopyView.as_view(),
        name="position-plan-copy",
    ),
    api_path(
        "positions/<uuid:pk>/plan-stages",
        PositionPlanStagesView.as_view(),
        name="position-plan-stages",
    ),
    api_path("interviews/<uuid:pk>/kit", KitView.as_view(), name="interview-kit"),
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
