import uuid
from typing import Any

from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from candidates.models import Candidate
from interview_tracker.api.mixins import WorkspaceField
from positions.models import Position

from ..models import Feedback, Interview, Message, Participant, PlanStage
from ..permissions import is_candidate_view

# What a candidate member never reads: internal notes and evaluations.
INTERNAL_FIELDS = ("notes", "overall_feedback", "strengths", "areas_for_improvement")
# The candidate view drops these too: scorecards, and the round's outcome (what a candidate is
# told is their own pipeline status, decided by the team, not one round's verdict), and which
# stage of the team's interview plan the round is.
HIDDEN_FROM_CANDIDATES = (
    *INTERNAL_FIELDS,
    "outcome",
    "feedback",
    "feedback_overdue",
    "plan_stage",
)


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an offset; a naive value is ambiguous and refused (422)."""

    def to_internal_value(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:  # well formed but impossible (minute 60): DRF's 422 below
                parsed = None
            if parsed is not None and parsed.tzinfo is None:
                raise serializers.ValidationError(
                    "Include a time zone offset, e.g. 2025-03-01T14:00:00+01:00."
                )
        return super().to_internal_value(value)


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    role = serializers.ChoiceField(choices=Participant.Role.choices, read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)

    class Meta:
        model = Participant
        fields = ["id", "interview", "user", "email", "name", "role", "created_at"]
        read_only_fields = fields


class ParticipantCreateSerializer(serializers.Serializer[Participant]):
    user = serializers.UUIDField(required=False)
    email = serializers.EmailField(required=False)
    role = serializers.ChoiceField(choices=Participant.Role.choices)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("user") and not attrs.get("email"):
            raise serializers.ValidationError({"user": "Give a user id or an e-mail address."})
        return attrs


class OverdueSerializer(serializers.Serializer[Any]):
    user = serializers.UUIDField()
    email = serializers.EmailField()
    name = serializers.CharField()


BASE_FIELDS = [
    "id",
    "workspace",
    "position",
    "candidate",
    "title",
    "round_number",
    "kind",
    "mode",
    "format",
    "scheduled_at",
    "duration_minutes",
    "location",
    "meeting_url",
    "interviewer_name",
    "notes",
    "overall_feedback",
    "strengths",
    "areas_for_improvement",
    "status",
    "outcome",
    "sequence",
    "plan_stage",
    "created_by",
    "created_at",
    "updated_at",
]


class InterviewSerializer(serializers.ModelSerializer[Interview]):
    """An interview as its reader may see it: the staff view, or for a candidate member the
    candidate view (without ``HIDDEN_FROM_CANDIDATES``). Every interview shape of the API
    (lists, detail, embeds) derives from this class, so they all apply the same rule."""

    # Blank when there is no link: the schema must allow "" besides a URI.
    meeting_url = serializers.URLField(read_only=True, allow_blank=True)

    class Meta:
        model = Interview
        fields = BASE_FIELDS
        read_only_fields = fields

    def to_representation(self, instance: Interview) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and is_candidate_view(request.user, instance):
            for name in HIDDEN_FROM_CANDIDATES:
                data.pop(name, None)
        return data


class InterviewDetailSerializer(InterviewSerializer):
    participants = ParticipantSerializer(many=True, read_only=True)
    feedback_overdue = serializers.SerializerMethodField()

    class Meta(InterviewSerializer.Meta):
        fields = [*BASE_FIELDS, "participants", "feedback_overdue"]
        read_only_fields = fields

    @extend_schema_field(OverdueSerializer(many=True))
    def get_feedback_overdue(self, interview: Interview) -> list[dict[str, Any]]:
        # ``overdue_seats``: the retrieve's prefetch of ``selectors.feedback_overdue``.
        return [
            {"user": p.user_id, "email": p.user.email, "name": p.user.get_full_name()}
            for p in interview.overdue_seats  # type: ignore[attr-defined]
        ]


class CriterionSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)
    score = serializers.IntegerField(min_value=1, max_value=5)
    note = serializers.CharField(required=False, allow_blank=True, default="")


FEEDBACK_FIELDS = [
    "id",
    "interview",
    "author",
    "author_name",
    "rating",
    "recommendation",
    "criteria",
    "comment",
    "created_at",
    "updated_at",
]
# What a list shows of a scorecard (the embed's default): who, the verdict and the comment.
LEAN_FEEDBACK_FIELDS = ["id", "author", "author_name", "rating", "recommendation", "comment"]
# What a list shows of a round (the embed's default); the detail carries everything.
LEAN_INTERVIEW_FIELDS = [
    "id",
    "title",
    "round_number",
    "kind",
    "scheduled_at",
    "duration_minutes",
    "interviewer_name",
    "status",
    "outcome",
]


class FeedbackSerializer(serializers.ModelSerializer[Feedback]):
    author_name = serializers.SerializerMethodField()
    criteria = CriterionSerializer(many=True, required=False)

    class Meta:
        model = Feedback
        fields = FEEDBACK_FIELDS
        read_only_fields = ["id", "interview", "author", "author_name", "created_at", "updated_at"]
        extra_kwargs = {"rating": {"min_value": 1, "max_value": 5}}

    def get_author_name(self, feedback: Feedback) -> str:
        return str(feedback.author) if feedback.author else ""


# Where the embed's prefetches (interviews/apps.py) leave their rows: plain lists (``to_attr``),
# so no per-row queryset is built to hold them.
EMBEDDED_INTERVIEWS = "embedded_interviews"
VISIBLE_FEEDBACK = "visible_feedback"


class LeanFeedbackSerializer(FeedbackSerializer):
    class Meta(FeedbackSerializer.Meta):
        fields = LEAN_FEEDBACK_FIELDS


class InterviewEmbedSerializer(InterviewSerializer):
    """An interview inside a candidate or a position (their detail, or a list's
    ``?expand=interviews&fields=full``), with the scorecards the requesting user may read
    (``Feedback.objects.visible_to``)."""

    feedback = FeedbackSerializer(many=True, read_only=True, source=VISIBLE_FEEDBACK)

    class Meta(InterviewSerializer.Meta):
        fields = [*BASE_FIELDS, "feedback"]
        read_only_fields = fields


class LeanInterviewEmbedSerializer(InterviewEmbedSerializer):
    """An interview inside a list's candidate or position (``?expand=interviews``): what a list
    shows of it, with the scorecards the requesting user may read."""

    feedback = LeanFeedbackSerializer(many=True, read_only=True, source=VISIBLE_FEEDBACK)

    class Meta(InterviewEmbedSerializer.Meta):
        fields = [*LEAN_INTERVIEW_FIELDS, "feedback"]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.UUID)
class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A candidate or position the user can see; anything else is "does not exist" (422)."""

    def __init__(self, model: Any, **kwargs: Any) -> None:
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        return self.model.objects.for_user(self.context["request"].user)


@extend_schema_field(OpenApiTypes.UUID)
class WorkspaceIdField(WorkspaceField):
    pass


class InterviewWriteSerializer(serializers.Serializer[Interview]):
    workspace = WorkspaceIdField(required=False)
    candidate = ScopedRelatedField(Candidate, required=False, allow_null=True)
    position = ScopedRelatedField(Position, required=False, allow_null=True)
    # Creates only: the stage's kind, duration, name and interviewers fill what is not given.
    plan_stage = ScopedRelatedField(PlanStage, required=False, allow_null=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    round_number = serializers.IntegerField(min_value=1, max_value=100, required=False)
    kind = serializers.ChoiceField(choices=Interview.Kind.choices, required=False)
    mode = serializers.ChoiceField(choices=Interview.Mode.choices, required=False)
    format = serializers.ChoiceField(choices=Interview.Format.choices, required=False)
    scheduled_at = AwareDateTimeField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=600, required=False)
    location = serializers.CharField(max_length=255, required=False, allow_blank=True)
    meeting_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    interviewer_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    overall_feedback = serializers.CharField(required=False, allow_blank=True)
    strengths = serializers.CharField(required=False, allow_blank=True)
    areas_for_improvement = serializers.CharField(required=False, allow_blank=True)


class ScheduleSerializer(serializers.Serializer[Any]):
    scheduled_at = AwareDateTimeField()


class NotesSerializer(serializers.Serializer[Any]):
    notes = serializers.CharField(allow_blank=True, max_length=20000)


class OutcomeSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=Interview.Outcome.choices)


class MessageSerializer(serializers.ModelSerializer[Message]):
    author_name = serializers.SerializerMethodField()
    body = serializers.CharField(min_length=1, max_length=5000)

    class Meta:
        model = Message
        fields = ["id", "interview", "author", "author_name", "body", "created_at"]
        read_only_fields = ["id", "interview", "author", "author_name", "created_at"]

    def get_author_name(self, message: Message) -> str:
        return str(message.author) if message.author else ""


class FeedUrlSerializer(serializers.Serializer[Any]):
    url = serializers.URLField()


class AvailabilitySerializer(serializers.Serializer[Any]):
    """A person's availability; ``time_zone`` is theirs (their account setting), read-only."""

    weekly_hours = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(max_length=11))
    )
    max_interviews_per_day = serializers.IntegerField(min_value=1, max_value=100, allow_null=True)
    max_interviews_per_week = serializers.IntegerField(min_value=1, max_value=100, allow_null=True)
    busy_calendar_url = serializers.URLField(max_length=500, allow_blank=True)
    time_zone = serializers.CharField(source="user.time_zone", read_only=True)


class SlotsQuerySerializer(serializers.Serializer[Any]):
    interviewers = serializers.CharField()
    duration = serializers.IntegerField(min_value=15, max_value=600, default=60)
    # ISO 8601 dates or datetimes; a date is the start of that day in the requester's zone.
    to = serializers.CharField(required=False)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        # "from" is a Python keyword: the field is declared here under its query name.
        fields["from"] = serializers.CharField(required=False)
        return fields

    def validate_interviewers(self, value: str) -> list[uuid.UUID]:
        try:
            ids = [uuid.UUID(part.strip()) for part in value.split(",") if part.strip()]
        except ValueError as exc:
            raise serializers.ValidationError("Give user ids separated by commas.") from exc
        if not 1 <= len(ids) <= 10:
            raise serializers.ValidationError("Name between 1 and 10 interviewers.")
        return list(dict.fromkeys(ids))


class SlotsSerializer(serializers.Serializer[Any]):
    time_zone = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    slots = serializers.ListField(child=serializers.DateTimeField())


class BookingLinkCreateSerializer(serializers.Serializer[Any]):
    """The times to offer: ``slots``, or every free time between ``from`` and ``to`` (ISO 8601
    dates or datetimes, as for ``interviews/slots``; default now → 14 days)."""

    slots = serializers.ListField(child=AwareDateTimeField(), required=False, max_length=200)
    to = serializers.CharField(required=False)
    notify_candidate = serializers.BooleanField(default=False)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        # "from" is a Python keyword: the field is declared here under its name in the body.
        fields["from"] = serializers.CharField(required=False)
        return fields


class BookingLinkSerializer(serializers.Serializer[Any]):
    url = serializers.URLField()
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()
    slots = serializers.ListField(child=serializers.DateTimeField())
