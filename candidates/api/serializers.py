"""Candidate shapes: the staff read shape (with registered embeds), the write shape (also used
by the imports to validate rows) and the restricted shape a candidate member sees of themself."""

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from interview_tracker.api.embeds import EmbeddingSerializer
from interview_tracker.api.serializers import (
    TIMESTAMPS,
    DownloadLinkField,
    ScopedRelatedField,
    TagsField,
    WorkspaceOwnedSerializer,
)
from interview_tracker.models import PipelineStatus, Role, User
from interview_tracker.validators import validate_document
from positions.models import Position

from ..models import Candidate
from ..selectors import DUPLICATES_ATTR, possible_duplicates

EMBED_LABEL = "candidates.candidate"

CANDIDATE_FIELDS = [
    "name",
    "email",
    "phone",
    "links",
    "position",
    "source",
    "notes",
    "resume",
    "user",
    "status",
    "rejection_reason",
    "tags",
    "consent_given_at",
    "consent_note",
]


class ColleagueField(serializers.PrimaryKeyRelatedField):
    """A portal account among the people the requester works with, never a global lookup."""

    def get_queryset(self) -> QuerySet[User]:
        workspaces = list(self.context["request"].user.workspace_roles)
        return User.objects.filter(memberships__workspace_id__in=workspaces).distinct()


class CandidatePortalSerializer(serializers.ModelSerializer[Candidate]):
    """What a candidate member sees of their own record: who and where they stand."""

    class Meta:
        model = Candidate
        fields = ["id", "name", "status", "updated_at"]
        read_only_fields = fields


class CandidateListSerializer(serializers.ListSerializer[Candidate]):
    """Finds the possible duplicates of a whole page in one query before rendering its rows."""

    def to_representation(self, data: Any) -> list[Any]:
        rows = list(data.all() if hasattr(data, "all") else data)
        found = possible_duplicates(rows)
        for row in rows:
            setattr(row, DUPLICATES_ATTR, found.get(row.pk, []))
        return super().to_representation(rows)


class CandidateSerializer(EmbeddingSerializer[Candidate]):
    """The staff read shape. ``context["embeds"]`` (names registered in
    ``registry.api_embeds["candidates.candidate"]``) adds one nested field per embed."""

    embed_label = EMBED_LABEL

    tags = serializers.ListField(child=serializers.CharField(), read_only=True)
    links = serializers.ListField(child=serializers.URLField(), read_only=True)
    # Not an e-mail field on reads: an anonymised candidate's address is blank.
    email = serializers.CharField(read_only=True, help_text="Blank once anonymised.")
    resume = DownloadLinkField("api:candidate-resume", read_only=True)
    possible_duplicates = serializers.SerializerMethodField()

    class Meta:
        model = Candidate
        fields = [
            "id",
            "workspace",
            *CANDIDATE_FIELDS,
            "anonymised_at",
            "possible_duplicates",
            *TIMESTAMPS,
        ]
        read_only_fields = fields
        list_serializer_class = CandidateListSerializer

    def get_possible_duplicates(self, candidate: Candidate) -> list[str]:
        """Ids of candidates of the same workspace with this one's e-mail, phone, or name at
        the same company; a list computes them for its page at once."""
        found = getattr(candidate, DUPLICATES_ATTR, None)
        if found is None:
            found = possible_duplicates([candidate]).get(candidate.pk, [])
        return [str(pk) for pk in found]

    def to_representation(self, instance: Candidate) -> dict[str, Any]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if isinstance(user, User) and user.role_in(instance.workspace_id) == Role.CANDIDATE:
            # Their own record (for_user allows nothing else): status and name only.
            return CandidatePortalSerializer(instance).data
        return super().to_representation(instance)


class CandidateWriteSerializer(WorkspaceOwnedSerializer[Candidate]):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    links = serializers.ListField(child=serializers.URLField(max_length=500), required=False)
    position = ScopedRelatedField(Position, required=False, allow_null=True)
    user = ColleagueField(required=False, allow_null=True)
    resume = serializers.FileField(required=False, allow_null=True, validators=[validate_document])
    status = serializers.ChoiceField(choices=PipelineStatus.choices, required=False)
    tags = TagsField()

    class Meta:
        model = Candidate
        fields = ["workspace", *CANDIDATE_FIELDS]

    def validate_email(self, value: str) -> str:
        return value.strip()


class CandidateMergeSerializer(serializers.Serializer[Any]):
    other = ScopedRelatedField(Candidate)


class MergeResultSerializer(serializers.Serializer[Any]):
    """The answer of a merge (and of its undo, with the restored ``other``)."""

    merge = serializers.UUIDField()
    candidate = CandidateSerializer()
    other = CandidateSerializer(required=False)
