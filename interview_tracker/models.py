"""Users, workspaces and memberships, plus the records every app shares.

Every domain row belongs to one Workspace. A user reaches a workspace through a Membership whose
role decides what they may see and change.
"""

import contextlib
import hashlib
import secrets
import uuid
import zoneinfo
from functools import cached_property
from typing import Any, ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac


class BaseModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Role(models.TextChoices):
    OWNER = "owner"
    RECRUITER = "recruiter"
    INTERVIEWER = "interviewer"
    CANDIDATE = "candidate"


# Roles that manage a workspace's data (create, edit, delete, change status).
MANAGER_ROLES = frozenset({Role.OWNER, Role.RECRUITER})
# Roles that read the whole workspace; candidate members see only what concerns them.
STAFF_ROLES = frozenset({Role.OWNER, Role.RECRUITER, Role.INTERVIEWER})


class PipelineStatus(models.TextChoices):
    """One vocabulary for Candidate.status and Position.status."""

    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


# Statuses that end a pipeline; "active" means any other.
CLOSED_STATUSES = frozenset(
    {PipelineStatus.HIRED, PipelineStatus.REJECTED, PipelineStatus.WITHDRAWN}
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone.")


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(secret: str) -> str:
    """What is stored of a secret that is shown once (access tokens, booking links): they carry
    256 random bits, so one SHA-256 is as strong as a slow hash and costs microseconds on
    every request."""
    return hashlib.sha256(secret.encode()).hexdigest()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> "User":
        # Log-in is case-insensitive on the e-mail, like the uniqueness rule below.
        return self.get(email__iexact=username)


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    username = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    default_workspace = models.ForeignKey(
        "Workspace", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Secret in the private calendar feed URL; rotating it revokes every subscription.
    calendar_token = models.CharField(max_length=64, default=new_calendar_token, unique=True)
    # When the password changed, two-factor sign-in was turned on, or the user signed out
    # everywhere: sessions and API tokens from before it are refused.
    credentials_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["email", "id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @cached_property
    def workspace_roles(self) -> dict[uuid.UUID, str]:
        """{workspace id: role}, read once per request (the user object lives as long)."""
        # Unordered: Membership's default ordering would join the users table for nothing.
        memberships = Membership.objects.filter(user=self).order_by()
        return dict(memberships.values_list("workspace_id", "role"))

    def forget_workspace_roles(self) -> None:
        """Re-read ``workspace_roles`` on next use, after a membership of this user changed."""
        with contextlib.suppress(AttributeError):  # not read yet
            del self.workspace_roles

    @property
    def is_unclaimed_invitation(self) -> bool:
        """Created by an invitation and never signed in to: its address may still be
        registered by its owner (who proves the mailbox)."""
        return not self.has_usable_password() and self.last_login is None

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's session hash covers the password only; with the time credentials last
        # changed in it, "sign out everywhere" and turning on two-factor sign-in end every
        # other session too, checked on each request at no extra cost.
        changed = self.credentials_changed_at.isoformat() if self.credentials_changed_at else ""
        return salted_hmac(
            "interview_tracker.User.session_auth_hash",
            f"{self.password}|{changed}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def role_in(self, workspace_id: uuid.UUID) -> str | None:
        return self.workspace_roles.get(workspace_id)

    def can_manage(self, workspace_id: uuid.UUID) -> bool:
        return self.role_in(workspace_id) in MANAGER_ROLES


# User-agent tokens, most specific first (Edge and Opera say "Chrome", Chrome says "Safari").
_BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


class UserSession(AbstractBaseSession):
    """A dashboard session (Django's database session, one row per signed-in browser) that
    knows its user, so the sessions page can list them and revoking one deletes it.

    ``interview_tracker.sessions.SessionStore`` fills the extra columns from the session's own
    data on every save; they are never written separately."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.CharField(max_length=64, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen", "session_key"]
        indexes = [
            # The sessions page and "sign out everywhere": one user's sessions.
            models.Index(fields=["user", "-last_seen"], name="usersession_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.user_agent[:40]}"

    @classmethod
    def get_session_store_class(cls) -> Any:
        from .sessions import SessionStore

        return SessionStore

    @property
    def device(self) -> str:
        """ "Firefox on Windows" from the user agent, as people name their devices."""
        agent = self.user_agent
        browser = next((name for token, name in _BROWSERS if token in agent), "")
        system = next((name for token, name in _SYSTEMS if token in agent), "")
        if not browser:
            return agent[:60] or "Unknown browser"
        return f"{browser} on {system}" if system else browser

    @property
    def handle(self) -> str:
        """Names the session in pages and forms; the key itself is the cookie's secret."""
        return hashlib.sha256(self.session_key.encode()).hexdigest()[:24]


class WorkspaceKind(models.TextChoices):
    """What a workspace is for; it decides the dashboard's names, pages, forms and reports."""

    HIRING = "hiring", "Hiring team"
    JOB_SEARCH = "job_search", "Job search"


class WorkspaceQuerySet(models.QuerySet["Workspace"]):
    def for_user(self, user: Any) -> Self:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(memberships__user=user)


class Workspace(BaseModel):
    name = models.CharField(max_length=120)
    is_personal = models.BooleanField(default=False)
    kind = models.CharField(
        max_length=16, choices=WorkspaceKind.choices, default=WorkspaceKind.JOB_SEARCH
    )
    # Interviewers see colleagues' scorecards only after submitting their own.
    blind_feedback = models.BooleanField(default=True)
    # An active application with no activity for this many days counts as quiet.
    quiet_days = models.PositiveSmallIntegerField(
        default=14, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    # Rejected and withdrawn candidates are anonymised this many days after their last change;
    # empty keeps them.
    retention_days = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)]
    )
    # The owner may require every member to sign in with a second factor.
    require_two_factor = models.BooleanField(default=False)

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=WorkspaceKind.values), name="workspace_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_hiring(self) -> bool:
        return self.kind == WorkspaceKind.HIRING


class Membership(BaseModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        ordering = ["workspace_id", "user__email", "id"]
        constraints = [
            models.UniqueConstraint("user", "workspace", name="membership_unique_user_workspace"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.workspace} ({self.role})"


FETCH_MODES = {"one": models.FETCH_ONE, "peers": models.FETCH_PEERS, "raise": models.FETCH_RAISE}


class FetchModeManager[M: models.Model](models.Manager[M]):
    """Applies ``settings.ORM_FETCH_MODE`` to every query of the domain models: ``peers`` in
    production (a forgotten select_related costs one batched query, not N), ``raise`` in tests
    (the forgotten select_related fails the test instead)."""

    def get_queryset(self) -> models.QuerySet[M]:
        return super().get_queryset().fetch_mode(FETCH_MODES[settings.ORM_FETCH_MODE])


def staff_workspace_ids(user: Any) -> list[uuid.UUID]:
    """The workspaces ``user`` reads in full (owner, recruiter, interviewer): the staff part of
    every ``for_user`` and of the statistics' scope.

    Literal ids from ``user.workspace_roles`` (read once per request), not a membership
    subquery: with the ids in the SQL, PostgreSQL plans for these workspaces' rows and walks
    their index; behind a subquery it plans for an average workspace and reads every tenant's
    rows once one tenant is large. The list may be empty: Django then drops the condition's
    branch from an OR, or the whole query (no rows, no SQL)."""
    return [ws for ws, role in user.workspace_roles.items() if role in STAFF_ROLES]


def candidate_workspace_ids(user: Any) -> list[uuid.UUID]:
    """The workspaces where ``user`` is a ``candidate`` member: what their own Candidate record
    or a Participant seat grants holds only while this membership does (removing the member
    ends it at once). Literal ids, like ``staff_workspace_ids`` and for the same reason."""
    return [ws for ws, role in user.workspace_roles.items() if role == Role.CANDIDATE]


def managed_workspace_ids(user: Any) -> "models.QuerySet[Membership, Any]":
    """The workspaces ``user`` manages (owner, recruiter), as a subquery for
    ``workspace_id__in``: offers, drafts and debriefs read in full only there."""
    return Membership.objects.filter(user=user, role__in=list(MANAGER_ROLES)).values("workspace_id")


class WorkspaceScopedQuerySet[M: models.Model](models.QuerySet[M]):
    """Reads of workspace-owned rows; ``for_user`` is the one access rule of every read."""

    def for_user(self, user: Any) -> Self:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        # Staff members (owner, recruiter, interviewer) read their whole workspace; candidate
        # members see nothing here unless a model widens this (interviews, their own record).
        return self.filter(workspace_id__in=staff_workspace_ids(user))


ScopedManager = FetchModeManager.from_queryset(WorkspaceScopedQuerySet)


class WorkspaceOwned(BaseModel):
    """A row that belongs to exactly one workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    # Its timeline and status history are deleted with it, also when a cascade deletes it: a
    # generic key has no foreign key that would.
    activity_events = GenericRelation("interview_tracker.ActivityEvent")
    status_changes = GenericRelation("interview_tracker.StatusChange")

    class Meta:
        abstract = True


class ActivityEvent(BaseModel):
    """One line of an object's timeline: who did what, when, with which details."""

    # activity_workspace_idx and activity_timeline_idx lead with these: no index of their own
    # (each index is written for every event, and every change writes events).
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # activity_actor_idx: partial, as the commands' events have no actor
    )
    verb = models.CharField(max_length=64)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    object_id = models.UUIDField()
    target = GenericForeignKey("content_type", "object_id")
    summary = models.CharField(max_length=255)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The timeline of one object, newest first.
            models.Index(
                fields=["content_type", "object_id", "-created_at"], name="activity_timeline_idx"
            ),
            # "Recent activity" on the home page and staleness per workspace.
            models.Index(fields=["workspace", "-created_at"], name="activity_workspace_idx"),
            # A user's events (their account's export, a deleted user's events unlinked).
            models.Index(
                fields=["actor"], condition=models.Q(actor__isnull=False), name="activity_actor_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.summary


class StatusChange(BaseModel):
    """A move of a Candidate or Position through the pipeline; feeds time-in-stage figures."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    # status_history_idx leads with it: no index of its own.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    object_id = models.UUIDField()
    target = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(max_length=16, choices=PipelineStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=PipelineStatus.choices)
    changed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The history of one object, oldest first (status history, time in stage).
            models.Index(
                fields=["content_type", "object_id", "created_at"], name="status_history_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_status__in=PipelineStatus.values),
                name="status_change_to_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


class OutboundMail(BaseModel):
    """One e-mail to one address, written before it is handed to the mail server (an outbox):
    a mail server that is down delays it, a retry finds ``sent_at`` set and sends nothing, and
    the admin shows what is waiting and why. ``key`` names the event a producer mails about, so
    a producer that runs twice writes one row."""

    key = models.CharField(max_length=200, blank=True)
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    # [{"filename", "content" (text), "mimetype"}]: calendar files, small and textual.
    attachments = models.JSONField(default=list, blank=True)
    # A worker owns the mail from this moment until it is sent or the attempt fails; a claim
    # older than MAIL_CLAIM_SECONDS belongs to a worker that died and may be taken over.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="outbound_mail_key_unique"
            ),
        ]
        indexes = [
            # The "mail waiting" figure of /health/detailed and the admin's unsent filter.
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outbound_mail_unsent_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

    @property
    def message_id(self) -> str:
        return f"<{self.pk}@interview-tracker>"


class ImportRunQuerySet(models.QuerySet["ImportRun"]):
    def for_user(self, user: Any) -> Self:
        """A run is its uploader's, in a workspace they still manage."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        managed = Membership.objects.filter(user=user, role__in=list(MANAGER_ROLES))
        return self.filter(created_by=user, workspace_id__in=managed.values("workspace_id"))


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded"
    QUEUED = "queued"
    VALIDATING = "validating"
    IMPORTING = "importing"
    DONE = "done"
    FAILED = "failed"


class ImportRun(BaseModel):
    """An import started from the browser: the uploaded file (in the configured storage, so
    any web server or worker reads it), the options, the progress a worker writes while it
    runs, and the report it leaves."""

    Status = ImportStatus

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    entity = models.CharField(max_length=32)
    file = models.FileField(upload_to="imports/%Y/%m/")
    name = models.CharField(max_length=255)
    update = models.BooleanField(default=False)
    skip_invalid = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    rows_done = models.PositiveIntegerField(default=0)
    bytes_done = models.PositiveBigIntegerField(default=0)
    total_bytes = models.PositiveBigIntegerField(default=0)
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImportStatus.values),
                name="import_run_status_valid",
            ),
        ]
        indexes = [
            # "Recent imports" on the import page: one user's runs, newest first.
            models.Index(fields=["created_by", "-created_at"], name="import_run_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total_bytes:
            return 0
        return min(99, self.bytes_done * 100 // self.total_bytes)

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.VALIDATING, self.Status.IMPORTING}
