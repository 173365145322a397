import datetime as dt
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from interview_tracker.api.mixins import WorkspaceField
from interview_tracker.models import (
    ActivityEvent,
    Membership,
    Role,
    User,
    Workspace,
    WorkspaceKind,
    validate_time_zone,
)


class RegisterSerializer(serializers.Serializer[User]):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    time_zone = serializers.CharField(
        max_length=64, required=False, validators=[validate_time_zone], default="UTC"
    )
    workspace_kind = serializers.ChoiceField(
        choices=WorkspaceKind.choices,
        required=False,
        default=WorkspaceKind.JOB_SEARCH,
        help_text="What the personal workspace is for: `job_search` (default) or `hiring`.",
    )


class InvitationMailedSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()


class LoginSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text="For accounts with two-factor sign-in: the authenticator app's current code "
        "or a recovery code.",
    )


class AccountDeleteSerializer(serializers.Serializer[Any]):
    password = serializers.CharField(write_only=True, style={"input_type": "password"})


class AuditLogQuerySerializer(serializers.Serializer[Any]):
    """``from`` and ``to`` as ISO 8601 dates or datetimes (a date ``to`` includes its day)."""

    start = serializers.CharField(required=False, help_text="From (inclusive).")
    end = serializers.CharField(required=False, help_text="To.")
    format = serializers.ChoiceField(choices=["csv", "jsonl"], default="csv")

    def get_fields(self) -> dict[str, Any]:
        # ``from`` is a Python keyword: declared as ``start`` and renamed here.
        fields = super().get_fields()
        fields["from"] = fields.pop("start")
        fields["to"] = fields.pop("end")
        return fields

    def _moment(self, value: str, name: str, *, end: bool) -> dt.datetime | None:
        if not value:
            return None
        try:
            # A bare date first: ``parse_datetime`` would read it as that day's midnight.
            day = parse_date(value)
            moment = None if day is not None else parse_datetime(value)
        except ValueError:
            day = moment = None
        if day is not None:
            moment = dt.datetime.combine(day + dt.timedelta(days=1) if end else day, dt.time.min)
        if moment is None:
            raise serializers.ValidationError({name: "Use an ISO 8601 date or datetime."})
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment, dt.UTC)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = self._moment(attrs.get("from", ""), "from", end=False)
        end = self._moment(attrs.get("to", ""), "to", end=True)
        if start and end and start >= end:
            raise serializers.ValidationError({"to": "Must be after from."})
        return {"start": start, "end": end, "format": attrs["format"]}


class TokenPairSerializer(serializers.Serializer[Any]):
    access = serializers.CharField()
    refresh = serializers.CharField()


class RefreshSerializer(serializers.Serializer[Any]):
    refresh = serializers.CharField()


class UserWorkspaceSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=WorkspaceKind.choices)
    role = serializers.ChoiceField(choices=Role.choices)


class UserSerializer(serializers.ModelSerializer[User]):
    workspaces = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "time_zone",
            "default_workspace",
            "workspaces",
            "date_joined",
        ]
        read_only_fields = ["id", "email", "workspaces", "date_joined"]

    @extend_schema_field(UserWorkspaceSerializer(many=True))
    def get_workspaces(self, user: User) -> list[dict[str, Any]]:
        rows = Membership.objects.filter(user=user).select_related("workspace")
        data = [
            {
                "id": m.workspace_id,
                "name": m.workspace.name,
                "kind": m.workspace.kind,
                "role": m.role,
            }
            for m in rows
        ]
        return UserWorkspaceSerializer(data, many=True).data  # type: ignore[return-value]

    def validate_time_zone(self, value: str) -> str:
        validate_time_zone(value)
        return value


class WorkspaceSerializer(serializers.ModelSerializer[Workspace]):
    """Members read a workspace and its settings; owners change them (the view's permission).
    ``kind`` is chosen at creation: a different one later answers 400."""

    role = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(
        choices=WorkspaceKind.choices,
        required=False,
        help_text="Fixed at creation (default `hiring`); changing it answers 400.",
    )

    class Meta:
        model = Workspace
        fields = [
            "id",
            "name",
            "kind",
            "is_personal",
            "role",
            "blind_feedback",
            "quiet_days",
            "retention_days",
            "require_two_factor",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "is_personal", "role", "created_at", "updated_at"]

    def get_role(self, workspace: Workspace) -> str | None:
        return self.context["request"].user.role_in(workspace.id)


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "email", "name", "role", "created_at", "updated_at"]
        read_only_fields = ["id", "user", "email", "name", "created_at", "updated_at"]


class MembershipCreateSerializer(serializers.Serializer[Membership]):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)


TIMESTAMPS = ["created_at", "updated_at"]


@extend_schema_field(OpenApiTypes.UUID)
class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A related row the requesting user can see; any other id is "does not exist" (422)."""

    def __init__(self, model: type[Model], **kwargs: Any) -> None:
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return self.model.objects.for_user(self.context["request"].user)  # type: ignore[attr-defined]


class TeammateField(serializers.PrimaryKeyRelatedField):
    """A user who shares a workspace with the requester; whether they are on the right team is
    the service's rule (422), and no other user id is ever confirmed to exist."""

    def get_queryset(self) -> QuerySet[Any]:
        user = self.context["request"].user
        shared = Membership.objects.filter(workspace_id__in=list(user.workspace_roles))
        return User.objects.filter(pk__in=shared.values("user_id"))


class TagsField(serializers.ListField):
    child = serializers.CharField(max_length=50, allow_blank=False)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 50)
        super().__init__(**kwargs)


class WorkspaceOwnedSerializer[M: Model](serializers.ModelSerializer[M]):
    """``workspace`` is chosen on create (default: the user's default workspace) and fixed."""

    workspace = WorkspaceField(required=False)

    def validate_workspace(self, value: Any) -> Any:
        if self.instance is not None and value.pk != self.instance.workspace_id:  # type: ignore[attr-defined]
            raise serializers.ValidationError("A record cannot move to another workspace.")
        return value


class ActivityEventSerializer(serializers.ModelSerializer[ActivityEvent]):
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = ActivityEvent
        fields = ["id", "verb", "summary", "details", "actor", "actor_name", "created_at"]
        read_only_fields = fields

    def get_actor_name(self, event: ActivityEvent) -> str | None:
        return str(event.actor) if event.actor is not None else None


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class DownloadLinkField(serializers.FileField):
    """A file field whose value, once read, is the URL of its access-checked download view
    (``view_name``, taking the record's pk), never the storage's own address."""

    def __init__(self, view_name: str, **kwargs: Any) -> None:
        self.view_name = view_name
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        self.record_pk = instance.pk
        return super().get_attribute(instance)

    def to_representation(self, value: Any) -> str | None:
        if not value:
            return None
        url = reverse(self.view_name, args=[self.record_pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url
