from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from interview_tracker.api.mixins import WorkspaceField
from positions.models import Company, Skill
from questions.models import InterviewQuestion, PracticeSession, Question, UserSkill
from questions.services import INTERVIEW_QUESTION_FIELDS


class StringListField(serializers.ListField):
    """A list of short strings (tags, key concepts, tips), stripped and de-duplicated."""

    child = serializers.CharField(max_length=500, allow_blank=True)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class VisibleSkillField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> QuerySet[Skill]:
        return Skill.objects.for_user(self.context["request"].user)


class VisibleCompanyField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> QuerySet[Company]:
        return Company.objects.for_user(self.context["request"].user)


class VisibleQuestionField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> QuerySet[Question]:
        return Question.objects.for_user(self.context["request"].user)


class RoundedFloatField(serializers.FloatField):
    def to_representation(self, value: Any) -> float:  # type: ignore[override]
        return round(float(value), 2)


class QuestionSerializer(serializers.ModelSerializer[Question]):
    workspace = WorkspaceField(required=False)
    key_concepts = StringListField()
    common_mistakes = StringListField()
    tips = StringListField()
    tags = StringListField()
    skills = VisibleSkillField(many=True, required=False)
    company = VisibleCompanyField(required=False, allow_null=True)
    # Null without a company, on every response (a default would drop it from a PATCH's).
    company_name = serializers.CharField(source="company.name", read_only=True, allow_null=True)
    times_asked = serializers.IntegerField(read_only=True)
    times_practiced = serializers.IntegerField(read_only=True)
    average_rating = RoundedFloatField(read_only=True, allow_null=True)

    class Meta:
        model = Question
        fields = [
            "id",
            "workspace",
            "text",
            "category",
            "difficulty",
            "answer_summary",
            "key_concepts",
            "common_mistakes",
            "tips",
            "time_to_answer_minutes",
            "tags",
            "skills",
            "company",
            "company_name",
            "is_active",
            "times_asked",
            "times_practiced",
            "average_rating",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class DueQuestionSerializer(QuestionSerializer):
    due_at = serializers.DateTimeField(read_only=True)
    interval_days = serializers.IntegerField(read_only=True)
    repetitions = serializers.IntegerField(read_only=True)

    class Meta(QuestionSerializer.Meta):
        fields = [*QuestionSerializer.Meta.fields, "due_at", "interval_days", "repetitions"]


class PracticeSessionSerializer(serializers.ModelSerializer[PracticeSession]):
    question_text = serializers.CharField(source="question.text", read_only=True)

    class Meta:
        model = PracticeSession
        fields = [
            "id",
            "workspace",
            "question",
            "question_text",
            "answer",
            "self_rating",
            "duration_seconds",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PracticeInputSerializer(serializers.Serializer[Any]):
    answer = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    self_rating = serializers.IntegerField(min_value=1, max_value=10)
    duration_seconds = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=86400
    )


class PracticeResultSerializer(serializers.Serializer[Any]):
    session = PracticeSessionSerializer()
    next_due_at = serializers.DateTimeField(source="schedule.due_at")
    interval_days = serializers.IntegerField(source="schedule.interval_days")
    ease = serializers.FloatField(source="schedule.ease")
    repetitions = serializers.IntegerField(source="schedule.repetitions")


class InterviewQuestionSerializer(serializers.ModelSerializer[InterviewQuestion]):
    question_text = serializers.CharField(source="question.text", read_only=True)
    question_category = serializers.CharField(source="question.category", read_only=True)
    question_difficulty = serializers.CharField(source="question.difficulty", read_only=True)

    class Meta:
        model = InterviewQuestion
        fields = [
            "id",
            "workspace",
            "interview",
            "question",
            "question_text",
            "question_category",
            "question_difficulty",
            *INTERVIEW_QUESTION_FIELDS,
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class InterviewQuestionUpdateSerializer(serializers.ModelSerializer[InterviewQuestion]):
    class Meta:
        model = InterviewQuestion
        fields = list(INTERVIEW_QUESTION_FIELDS)


class InterviewQuestionCreateSerializer(InterviewQuestionUpdateSerializer):
    """Link an existing ``question``, or send ``text`` to add a new one to the bank."""

    question = VisibleQuestionField(required=False, allow_null=True)
    text = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    category = serializers.ChoiceField(
        choices=Question.Category.choices, required=False, default=Question.Category.OTHER
    )
    difficulty = serializers.ChoiceField(
        choices=Question.Difficulty.choices, required=False, default=Question.Difficulty.MEDIUM
    )

    class Meta(InterviewQuestionUpdateSerializer.Meta):
        fields = [
            "question",
            "text",
            "category",
            "difficulty",
            *InterviewQuestionUpdateSerializer.Meta.fields,
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("question") is None and not attrs.get("text", "").strip():
            raise serializers.ValidationError(
                {"question": "Send the id of a question, or the text of a new one."}
            )
        return attrs


class UserSkillSerializer(serializers.ModelSerializer[UserSkill]):
    skill = VisibleSkillField()
    skill_name = serializers.CharField(source="skill.name", read_only=True)

    class Meta:
        model = UserSkill
        fields = [
            "id",
            "workspace",
            "skill",
            "skill_name",
            "proficiency",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "workspace", "skill_name", "created_at", "updated_at"]


class UserSkillUpdateSerializer(serializers.ModelSerializer[UserSkill]):
    class Meta:
        model = UserSkill
        fields = ["proficiency"]
