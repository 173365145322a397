"""Shapes of structured hiring in the API: debrief, decision, e-mail templates, offers."""

from typing import Any

from rest_framework import serializers

from candidates.models import Candidate
from interview_tracker.api.mixins import MemberField
from interview_tracker.models import PipelineStatus
from positions.models import Position

from ..models import Decision, EmailTemplate, Offer
from ..permissions import is_candidate_view_in
from .serializers import AwareDateTimeField, ScopedRelatedField


class DebriefScoreSerializer(serializers.Serializer[Any]):
    author = serializers.UUIDField(source="author.pk", allow_null=True)
    score = serializers.IntegerField()


class DebriefCriterionSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    scores = DebriefScoreSerializer(many=True)
    mean = serializers.FloatField(allow_null=True)
    spread = serializers.IntegerField(allow_null=True)
    disagreement = serializers.BooleanField()


class RecommendationsSerializer(serializers.Serializer[Any]):
    strong_no = serializers.IntegerField()
    no = serializers.IntegerField()
    yes = serializers.IntegerField()
    strong_yes = serializers.IntegerField()


class DebriefInterviewSerializer(serializers.Serializer[Any]):
    interview = serializers.UUIDField(source="interview.pk")
    title = serializers.CharField(source="interview.__str__")
    scheduled_at = serializers.DateTimeField(source="interview.scheduled_at")
    criteria = DebriefCriterionSerializer(many=True)
    recommendations = RecommendationsSerializer()


class DebriefMissingSerializer(serializers.Serializer[Any]):
    interview = serializers.UUIDField(source="interview_id")
    user = serializers.UUIDField(source="user_id")


class DebriefSerializer(serializers.Serializer[Any]):
    candidate = serializers.UUIDField(source="candidate_id")
    interviews = DebriefInterviewSerializer(many=True)
    recommendations = RecommendationsSerializer()
    missing = DebriefMissingSerializer(many=True)


class DecisionWriteSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=Decision.Kind.choices)
    to_status = serializers.ChoiceField(choices=PipelineStatus.choices, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    notify_candidate = serializers.BooleanField(required=False, default=False)


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    class Meta:
        model = Decision
        fields = [
            "id",
            "candidate",
            "decision",
            "from_status",
            "to_status",
            "reason",
            "notified",
            "decided_by",
            "created_at",
        ]
        read_only_fields = fields


class EmailTemplateSerializer(serializers.ModelSerializer[EmailTemplate]):
    class Meta:
        model = EmailTemplate
        fields = ["id", "workspace", "kind", "subject", "body", "created_at", "updated_at"]
        read_only_fields = ["id", "workspace", "created_at", "updated_at"]


class EmailTemplateWriteSerializer(serializers.ModelSerializer[EmailTemplate]):
    # Validated by the service (unknown kind → 422 like an unknown placeholder).
    kind = serializers.CharField(max_length=16)

    class Meta:
        model = EmailTemplate
        fields = ["workspace", "kind", "subject", "body"]
        extra_kwargs = {"workspace": {"required": False}}


class EmailTemplateDefaultSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    subject = serializers.CharField()
    body = serializers.CharField()


class OfferSerializer(serializers.ModelSerializer[Offer]):
    candidate_name = serializers.CharField(source="candidate.name", read_only=True)
    position_title = serializers.CharField(source="position.title", read_only=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "workspace",
            "candidate",
            "candidate_name",
            "position",
            "position_title",
            "salary",
            "currency",
            "start_date",
            "expires_at",
            "notes",
            "status",
            "approver",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Offer) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and is_candidate_view_in(request.user, instance.workspace_id):
            # The candidate reads their offer as the portal shows it: not who drafted it nor
            # who approves it.
            data["approver"] = data["created_by"] = None
        return data


class OfferWriteSerializer(serializers.Serializer[Offer]):
    candidate = ScopedRelatedField(Candidate)
    position = ScopedRelatedField(Position, required=False)
    salary = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    currency = serializers.CharField(max_length=3, min_length=3)
    start_date = serializers.DateField(required=False, allow_null=True)
    expires_at = AwareDateTimeField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    approver = MemberField(required=False, allow_null=True)


class OfferUpdateSerializer(OfferWriteSerializer):
    """A draft's terms; the candidate and opening of an offer do not change."""

    candidate = None  # type: ignore[assignment]
    position = None  # type: ignore[assignment]
