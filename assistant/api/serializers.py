from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assistant.agents import AGENT_IDS
from assistant.mock import MAX_QUESTIONS, current_item
from assistant.models import Conversation, MockInterview, MockInterviewItem, Turn
from assistant.services import AnswerRequest
from interview_tracker.api.serializers import ScopedRelatedField
from interviews.models import Interview
from positions.models import Position


class AssistantHistoryItemSerializer(serializers.Serializer):
    # A pattern rather than a choice: "role" is already the membership roles' enum in the schema.
    role = serializers.RegexField(
        r"^(user|assistant)$",
        help_text="`user` or `assistant`.",
        error_messages={"invalid": "Must be “user” or “assistant”."},
    )
    content = serializers.CharField(max_length=20000, trim_whitespace=False)


class AssistantAnswerRequestSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=4000)
    # The field shadows Serializer.context only on the class; DRF's metaclass moves it away.
    context = serializers.CharField(  # type: ignore[assignment]
        max_length=4000, required=False, allow_blank=True, default=""
    )
    conversation_history = AssistantHistoryItemSerializer(  # type: ignore[call-arg]
        many=True, required=False, max_length=50
    )
    agent = serializers.ChoiceField(choices=list(AGENT_IDS), required=False, allow_null=True)
    conversation = serializers.UUIDField(required=False, allow_null=True)

    def validate_conversation(self, value: Any) -> Any:
        if value is None:
            return value
        user = self._context["request"].user
        if not Conversation.objects.for_user(user).filter(pk=value).exists():
            raise serializers.ValidationError("You have no conversation with this id.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not self._context["request"].user.workspace_roles:
            raise serializers.ValidationError(
                "You belong to no workspace to keep the conversation in."
            )
        return attrs

    def answer_request(self) -> AnswerRequest:
        data = self.validated_data
        return AnswerRequest(
            question=data["question"],
            context=data.get("context", ""),
            history=tuple(
                (item["role"], item["content"]) for item in data.get("conversation_history", [])
            ),
            agent=data.get("agent"),
            conversation=data.get("conversation"),
        )


class AssistantRoutingSerializer(serializers.Serializer):
    selected_agent = serializers.CharField(help_text="An agent id (see `assistant/agents`).")
    reasoning = serializers.CharField()
    confidence = serializers.FloatField(min_value=0, max_value=1)
    fallback = serializers.CharField(
        required=False,
        help_text="Present when the model's routing failed and the offline "
        "router decided; says why.",
    )


class AssistantStatisticsSerializer(serializers.Serializer):
    word_count = serializers.IntegerField()
    character_count = serializers.IntegerField()


class AssistantAnswerSerializer(serializers.Serializer):
    success = serializers.BooleanField()
    timestamp = serializers.DateTimeField()
    question = serializers.CharField()
    routing = AssistantRoutingSerializer()
    answer = serializers.CharField()
    metadata = serializers.DictField()
    follow_up_questions = serializers.ListField(child=serializers.CharField())
    statistics = AssistantStatisticsSerializer()
    conversation = serializers.UUIDField()


class AssistantStreamEventSerializer(serializers.Serializer):
    """One ``data:`` line of the stream (the body is ``text/event-stream``)."""

    event_type = serializers.ChoiceField(
        choices=[
            "start",
            "routing",
            "processing",
            "content",
            "answer_complete",
            "follow_ups",
            "complete",
            "error",
        ]
    )
    timestamp = serializers.DateTimeField()
    data = serializers.DictField()  # type: ignore[assignment]


class AssistantAgentSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    specializations = serializers.ListField(child=serializers.CharField())
    best_for = serializers.ListField(child=serializers.CharField())


class AssistantAgentListSerializer(serializers.Serializer):
    total_agents = serializers.IntegerField()
    agents = AssistantAgentSerializer(many=True)


class ConversationTurnSerializer(serializers.ModelSerializer):
    class Meta:
        model = Turn
        fields = [
            "id",
            "question",
            "context",
            "answer",
            "agent",
            "routing",
            "follow_up_questions",
            "provider",
            "success",
            "error",
            "created_at",
        ]


class ConversationListSerializer(serializers.ModelSerializer):
    turn_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Conversation
        fields = ["id", "workspace", "title", "turn_count", "created_at", "updated_at"]


class ConversationDetailSerializer(ConversationListSerializer):
    turns = ConversationTurnSerializer(many=True, read_only=True)

    class Meta(ConversationListSerializer.Meta):
        fields = [*ConversationListSerializer.Meta.fields, "turns"]


class MockQuestionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    text = serializers.CharField()


class MockInterviewStartSerializer(serializers.Serializer):
    position = ScopedRelatedField(Position, required=False, allow_null=True, default=None)
    round_kind = serializers.ChoiceField(
        choices=Interview.Kind.choices, required=False, allow_blank=True, default=""
    )
    questions = serializers.ListField(
        child=serializers.UUIDField(), required=False, max_length=MAX_QUESTIONS, default=list
    )
    count = serializers.IntegerField(min_value=1, max_value=MAX_QUESTIONS, default=5)


class MockInterviewAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=10000)


class MockEvaluationSerializer(serializers.Serializer):
    question = MockQuestionSerializer()
    score = serializers.IntegerField(min_value=1, max_value=10)
    verdict = serializers.ChoiceField(choices=["strong", "adequate", "weak"])
    covered_concepts = serializers.ListField(child=serializers.CharField())
    missed_concepts = serializers.ListField(child=serializers.CharField())
    feedback = serializers.CharField()
    follow_up = MockQuestionSerializer(
        allow_null=True, help_text="The follow-up to answer next (after a first answer)."
    )
    next = MockQuestionSerializer(
        allow_null=True, help_text="The next question, once this one and its follow-up are done."
    )
    practice_session = serializers.UUIDField(
        allow_null=True, help_text="Recorded when the question is done (after its follow-up)."
    )
    finished = serializers.BooleanField()


class MockInterviewItemSerializer(serializers.ModelSerializer):
    question = serializers.SerializerMethodField()

    class Meta:
        model = MockInterviewItem
        fields = [
            "order",
            "question",
            "answer",
            "evaluation",
            "follow_up",
            "follow_up_answer",
            "follow_up_evaluation",
            "practice_session",
        ]

    @extend_schema_field(MockQuestionSerializer)
    def get_question(self, item: MockInterviewItem) -> dict[str, Any]:
        return {"id": item.question_id, "text": item.question.text}


class MockInterviewSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField()
    asked = serializers.SerializerMethodField()
    remaining = serializers.SerializerMethodField()
    items = MockInterviewItemSerializer(many=True, read_only=True)
    summary = serializers.SerializerMethodField()

    class Meta:
        model = MockInterview
        fields = [
            "id",
            "workspace",
            "status",
            "position",
            "round_kind",
            "current",
            "asked",
            "remaining",
            "items",
            "summary",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(MockQuestionSerializer(allow_null=True))
    def get_current(self, mock: MockInterview) -> dict[str, Any] | None:
        item = current_item(mock, list(mock.items.all()))
        if item is None:
            return None
        text = item.follow_up if item.awaiting_follow_up else item.question.text
        return {"id": item.question_id, "text": text}

    def get_asked(self, mock: MockInterview) -> int:
        return sum(1 for item in mock.items.all() if item.evaluation is not None)

    def get_remaining(self, mock: MockInterview) -> int:
        return sum(1 for item in mock.items.all() if item.evaluation is None)

    @extend_schema_field(serializers.JSONField(allow_null=True))
    def get_summary(self, mock: MockInterview) -> dict[str, Any] | None:
        return mock.summary if mock.status == MockInterview.Status.FINISHED else None
