"""Serializers of companies, roles, skills, CV versions, positions and contacts.

Read shapes and write shapes are separate where they differ (positions). Write serializers hold
the field rules (the imports reuse them to validate rows); services hold the rest.
"""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from interview_tracker.api.embeds import EmbeddingSerializer
from interview_tracker.api.serializers import (
    TIMESTAMPS,
    DownloadLinkField,
    ScopedRelatedField,
    TagsField,
    TeammateField,
    WorkspaceOwnedSerializer,
)
from interview_tracker.models import PipelineStatus
from interview_tracker.validators import validate_document

from ..models import Company, Contact, CVVersion, JobRole, Position, Seniority, Skill
from ..services import SNOOZE_DAYS


class CompanySerializer(WorkspaceOwnedSerializer[Company]):
    class Meta:
        model = Company
        fields = [
            "id",
            "workspace",
            "name",
            "industry",
            "size",
            "headquarters",
            "website",
            "description",
            *TIMESTAMPS,
        ]
        read_only_fields = ["id", *TIMESTAMPS]


class SkillSerializer(WorkspaceOwnedSerializer[Skill]):
    class Meta:
        model = Skill
        fields = [
            "id",
            "workspace",
            "name",
            "category",
            "skill_type",
            "description",
            "is_trending",
            "market_demand",
            *TIMESTAMPS,
        ]
        read_only_fields = ["id", *TIMESTAMPS]


class JobRoleSerializer(WorkspaceOwnedSerializer[JobRole]):
    typical_skills = serializers.ManyRelatedField(
        child_relation=ScopedRelatedField(Skill), required=False
    )

    class Meta:
        model = JobRole
        fields = [
            "id",
            "workspace",
            "name",
            "category",
            "description",
            "typical_skills",
            *TIMESTAMPS,
        ]
        read_only_fields = ["id", *TIMESTAMPS]


class CVVersionSerializer(WorkspaceOwnedSerializer[CVVersion]):
    file = DownloadLinkField(
        "api:cv-version-file", required=False, allow_null=True, validators=[validate_document]
    )

    class Meta:
        model = CVVersion
        fields = ["id", "workspace", "label", "file", "notes", *TIMESTAMPS]
        read_only_fields = ["id", *TIMESTAMPS]


POSITION_FIELDS = [
    "title",
    "company",
    "role",
    "description",
    "location",
    "is_remote",
    "seniority",
    "salary_min",
    "salary_max",
    "currency",
    "salary_range",
    "required_skills",
    "required_experience_years",
    "source",
    "url",
    "application_date",
    "preparation_notes",
    "cv_version",
    "status",
    "rejection_reason",
    "next_follow_up",
    "offer_salary",
    "offer_deadline",
    "offer_notes",
    "tags",
    # An opening's own fields (hiring workspaces); a job search leaves them at their defaults.
    "opening_status",
    "hiring_manager",
    "headcount",
    "department",
]


# Where ``PositionViewSet`` prefetches a position's skills: a plain list (``to_attr``), so no
# related manager is built per row to hold them.
REQUIRED_SKILLS = "required_skill_list"


@extend_schema_field(OpenApiTypes.UUID)
class SkillIdField(serializers.PrimaryKeyRelatedField):
    """A skill's id read from a prefetched list, which the schema cannot trace to the model."""


EMBED_LABEL = "positions.position"


class PositionSerializer(EmbeddingSerializer[Position]):
    """The read shape; expects the annotations of ``PositionViewSet.get_queryset``."""

    embed_label = EMBED_LABEL

    company_name = serializers.CharField(read_only=True)
    interview_count = serializers.IntegerField(read_only=True)
    last_activity_at = serializers.DateTimeField(read_only=True, allow_null=True)
    tags = serializers.ListField(child=serializers.CharField(), read_only=True)
    # Both may be blank: the schema must allow "" besides a URI or a seniority.
    url = serializers.URLField(read_only=True, allow_blank=True)
    seniority = serializers.ChoiceField(choices=Seniority.choices, read_only=True, allow_blank=True)
    required_skills = SkillIdField(many=True, read_only=True, source=REQUIRED_SKILLS)

    class Meta:
        model = Position
        fields = [
            "id",
            "workspace",
            *POSITION_FIELDS,
            "company_name",
            "interview_count",
            "last_activity_at",
            *TIMESTAMPS,
        ]
        read_only_fields = fields


class PositionWriteSerializer(WorkspaceOwnedSerializer[Position]):
    """Create and update; ``company_name`` finds or creates the company (case-insensitive)."""

    company = ScopedRelatedField(Company, required=False)
    company_name = serializers.CharField(max_length=200, required=False, write_only=True)
    role = ScopedRelatedField(JobRole, required=False, allow_null=True)
    cv_version = ScopedRelatedField(CVVersion, required=False, allow_null=True)
    required_skills = serializers.ManyRelatedField(
        child_relation=ScopedRelatedField(Skill), required=False
    )
    seniority = serializers.ChoiceField(choices=Seniority.choices, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=PipelineStatus.choices, required=False)
    tags = TagsField()
    hiring_manager = TeammateField(
        required=False,
        allow_null=True,
        help_text="The user id of a team member (owner, recruiter, interviewer) of the workspace.",
    )

    class Meta:
        model = Position
        fields = ["workspace", *POSITION_FIELDS, "company_name"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        creating = self.instance is None
        if creating and not attrs.get("company") and not attrs.get("company_name", "").strip():
            raise serializers.ValidationError({"company_name": "Give a company or a company name."})
        salary_min = attrs.get("salary_min", getattr(self.instance, "salary_min", None))
        salary_max = attrs.get("salary_max", getattr(self.instance, "salary_max", None))
        if salary_min is not None and salary_max is not None and salary_min > salary_max:
            raise serializers.ValidationError(
                {"salary_max": "Must be greater than or equal to salary_min."}
            )
        return attrs


class PositionStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=PipelineStatus.choices)
    rejection_reason = serializers.CharField(required=False, allow_blank=True)


class ContactSerializer(serializers.ModelSerializer[Contact]):
    class Meta:
        model = Contact
        fields = [
            "id",
            "workspace",
            "position",
            "name",
            "email",
            "phone",
            "title",
            "notes",
            *TIMESTAMPS,
        ]
        read_only_fields = ["id", "workspace", "position", *TIMESTAMPS]


class PostingSourceSerializer(serializers.Serializer[Any]):
    url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    html = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2_000_000,
        help_text="The posting page's HTML, when the URL cannot be fetched (a log-in wall).",
    )


class PostingDraftSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    company_name = serializers.CharField()
    location = serializers.CharField()
    is_remote = serializers.BooleanField()
    salary_min = serializers.IntegerField(allow_null=True)
    salary_max = serializers.IntegerField(allow_null=True)
    currency = serializers.CharField()
    description = serializers.CharField()
    url = serializers.CharField()
    found_in = serializers.ChoiceField(
        choices=["json-ld", "microdata", "title"],
        help_text="Where the draft came from: schema.org JobPosting data, or the page's title.",
    )


class FollowUpSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=["done", "snooze"])
    days = serializers.ChoiceField(
        choices=SNOOZE_DAYS, required=False, help_text="For `snooze`: how many days from today."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["action"] == "snooze" and "days" not in attrs:
            raise serializers.ValidationError({"days": "Say for how many days to snooze."})
        return attrs
