from typing import Any

from rest_framework import serializers

from assistant.agents import AGENT_IDS
from assistant.models import Conversation, Turn
from assistant.services import AnswerRequest


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
