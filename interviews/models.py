"""Interview rounds, their participants, messages, scorecards and sent reminders."""

import datetime as dt
from typing import Any, ClassVar, Self

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models

from candidates.models import Candidate
from interview_tracker.models import (
    MANAGER_ROLES,
    BaseModel,
    FetchModeManager,
    PipelineStatus,
    Role,
    ScopedManager,
    WorkspaceOwned,
    WorkspaceScopedQuerySet,
    candidate_workspace_ids,
    managed_workspace_ids,
    staff_workspace_ids,
    token_digest,
)
from positions.models import Position


class InterviewQuerySet(WorkspaceScopedQuerySet["Interview"]):
    def for_user(self, user: Any) -> Self:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        seats = Participant.objects.filter(user=user).values("interview_id")
        # Two branches, each an index walk (interview_agenda_idx by workspace, then
        # participant_user_idx within the member's workspaces): the workspace ids are literals,
        # so PostgreSQL reads only these workspaces' interviews whatever the other tenants' size.
        # A branch whose ids are empty is dropped from the OR by Django.
        return self.filter(
            # Staff members read every interview of their workspaces.
            models.Q(workspace_id__in=staff_workspace_ids(user))
            # Candidate members see only the interviews they take part in, and only while they
            # are candidate members of its workspace (a removed member's seat grants nothing).
            | models.Q(id__in=seats, workspace_id__in=candidate_workspace_ids(user))
        )


class Interview(WorkspaceOwned):
    class Kind(models.TextChoices):
        PHONE_SCREEN = "phone_screen"
        TECHNICAL = "technical"
        CODING = "coding"
        SYSTEM_DESIGN = "system_design"
        BEHAVIORAL = "behavioral"
        HR = "hr"
        FINAL = "final"
        OTHER = "other"

    class Mode(models.TextChoices):
        ACTUAL = "actual"
        MOCK = "mock"
        PRACTICE = "practice"

    class Format(models.TextChoices):
        PHONE = "phone"
        VIDEO = "video"
        ONSITE = "onsite"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled"
        ONGOING = "ongoing"
        COMPLETED = "completed"
        CANCELLED = "cancelled"

    class Outcome(models.TextChoices):
        PENDING = "pending"
        PASSED = "passed"
        FAILED = "failed"
        CANCELLED = "cancelled"

    # The lifecycle: scheduled → ongoing → completed, scheduled → cancelled.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.SCHEDULED: frozenset({Status.ONGOING, Status.CANCELLED}),
        Status.ONGOING: frozenset({Status.COMPLETED}),
        Status.COMPLETED: frozenset(),
        Status.CANCELLED: frozenset(),
    }
    # What a job-seeker writes down after a round they sat: how it went, what went well, what
    # to improve. A round that ended with all three blank still has notes to write (Today).
    REFLECTION_FIELDS: ClassVar[tuple[str, ...]] = (
        "overall_feedback",
        "strengths",
        "areas_for_improvement",
    )

    position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="interviews"
    )
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.CASCADE, related_name="interviews"
    )
    title = models.CharField(max_length=200, blank=True)
    round_number = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.ACTUAL)
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.VIDEO)
    scheduled_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    location = models.CharField(max_length=255, blank=True)
    meeting_url = models.URLField(max_length=500, blank=True)
    interviewer_name = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    overall_feedback = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    areas_for_improvement = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    # iCalendar SEQUENCE: rises on every reschedule and on cancellation.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The round of the opening's interview plan this interview is (its kit and scorecard).
    plan_stage = models.ForeignKey(
        "PlanStage", null=True, blank=True, on_delete=models.SET_NULL, related_name="interviews"
    )

    objects = FetchModeManager.from_queryset(InterviewQuerySet)()

    class Meta:
        ordering = ["scheduled_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(position__isnull=False) | models.Q(candidate__isnull=False),
                name="interview_has_position_or_candidate",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=600),
                name="interview_duration_1_600",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["scheduled", "ongoing", "completed", "cancelled"]),
                name="interview_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=["pending", "passed", "failed", "cancelled"]),
                name="interview_outcome_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=[
                        "phone_screen",
                        "technical",
                        "coding",
                        "system_design",
                        "behavioral",
                        "hr",
                        "final",
                        "other",
                    ]
                ),
                name="interview_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(mode__in=["actual", "mock", "practice"]),
                name="interview_mode_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=["phone", "video", "onsite"]),
                name="interview_format_valid",
            ),
        ]
        indexes = [
            # The agenda and calendar: a workspace's interviews by time, filtered by status.
            models.Index(fields=["workspace", "scheduled_at"], name="interview_agenda_idx"),
            models.Index(
                fields=["workspace", "status", "scheduled_at"], name="interview_status_idx"
            ),
            # Interviews of one candidate / one position (detail pages, expand=interviews).
            models.Index(fields=["candidate", "scheduled_at"], name="interview_candidate_idx"),
            models.Index(fields=["position", "scheduled_at"], name="interview_position_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} interview"

    @property
    def seat_window(self) -> dict[str, Any]:
        """What each of its seats carries: its time, and whether it holds it (scheduled or
        ongoing) against double-booking."""
        return {
            "starts_at": self.scheduled_at,
            "ends_at": self.scheduled_at + dt.timedelta(minutes=self.duration_minutes),
            "active": self.status in {self.Status.SCHEDULED, self.Status.ONGOING},
        }

    def can_transition(self, to_status: str) -> bool:
        return to_status in self.TRANSITIONS.get(self.status, frozenset())


class TsTzRange(models.Func):
    """PostgreSQL's ``tstzrange(start, end)``, half-open: back-to-back interviews touch, they
    do not overlap."""

    function = "TSTZRANGE"
    output_field = models.DateTimeField()


class PostgresOnlyExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint on PostgreSQL, nothing elsewhere: SQLite has no GiST, so there
    the services' locked check (``Participant.objects.overlapping``) is the whole guard, and
    a table rebuild on SQLite must not try to create it."""

    def constraint_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, *args: Any, **kwargs: Any) -> None:
        # The services check overlaps themselves (with a lock) before every write; a model
        # form's validation must not run a range query SQLite cannot answer.
        return None


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def overlapping(
        self, *, user_ids: list[Any], starts_at: Any, ends_at: Any, exclude_interview: Any = None
    ) -> Self:
        """Active interviewer seats of these people whose time meets [starts_at, ends_at):
        the double-booking rule, the same on every database (PostgreSQL's exclusion
        constraint enforces it again at commit)."""
        seats = self.filter(
            user_id__in=user_ids,
            role=Participant.Role.INTERVIEWER,
            active=True,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        if exclude_interview is not None:
            seats = seats.exclude(interview_id=exclude_interview)
        return seats

    def of_members(self) -> Self:
        """Seats whose person is still a member of the interview's workspace: only they get
        the interview's e-mails and reminders (a removed member's seat grants nothing)."""
        return self.filter(user__memberships__workspace_id=models.F("interview__workspace_id"))


class PlanStage(WorkspaceOwned):
    """One round of an opening's interview plan: what it is, who runs it, how it is scored.

    It lives beside Interview (which names its stage) rather than in positions, and its kit's
    questions are linked from the questions app (``questions.KitQuestion``): the bank is the
    last app of the chain, so it points here, never the other way round.
    """

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="plan_stages")
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=Interview.Kind.choices, default="other")
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    instructions = models.TextField(blank=True)
    default_interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+"
    )
    # The scorecard template: [{"name", "guidance"}], names unique within the stage.
    criteria = models.JSONField(default=list, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["position_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=600),
                name="plan_stage_duration_1_600",
            ),
        ]
        indexes = [
            # An opening's plan in order (the plan editor, the copy, the progress column).
            models.Index(fields=["position", "order"], name="plan_stage_position_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def criterion_names(self) -> list[str]:
        return [item["name"] for item in self.criteria]


class Participant(BaseModel):
    class Role(models.TextChoices):
        INTERVIEWER = "interviewer"
        CANDIDATE = "candidate"
        OBSERVER = "observer"

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_participations"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    # The interview's time and whether it still holds the seat (scheduled or ongoing), copied
    # onto the seat by the interview services in the same transaction: a constraint can only
    # compare columns of one table, and the no-double-booking rule compares seats.
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=False)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["interview_id", "created_at", "id"]
        constraints = [
            # No interviewer in two scheduled or ongoing interviews at once.
            PostgresOnlyExclusionConstraint(
                name="participant_interviewer_no_overlap",
                expressions=[
                    ("user", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                ],
                condition=models.Q(active=True, role="interviewer"),
            ),
            models.UniqueConstraint("interview", "user", name="participant_unique_per_interview"),
            models.CheckConstraint(
                condition=models.Q(role__in=["interviewer", "candidate", "observer"]),
                name="participant_role_valid",
            ),
        ]
        indexes = [
            # "My interviews": the interviews a user takes part in (access rule, calendar feed).
            models.Index(fields=["user", "interview"], name="participant_user_idx"),
            # Double-booking checks and free slots: a person's active seats by time.
            models.Index(
                fields=["user", "starts_at"],
                condition=models.Q(active=True),
                name="participant_busy_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class Message(BaseModel):
    """Append-only: never edited nor deleted through the product."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(validators=[MaxLengthValidator(5000)])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The thread, newest first, cursor-paginated.
            models.Index(fields=["interview", "-created_at"], name="message_thread_idx"),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class FeedbackQuerySet(models.QuerySet["Feedback"]):
    def visible_to(self, user: Any) -> Self:
        """Scorecards the user may read: where the workspace keeps them blind (its
        ``blind_feedback``, the default), an interviewer reads an interview's only once they
        have submitted their own. Every reader of scorecards (the API, the pages, the
        embeds, the statistics) goes through this one rule."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        roles = user.workspace_roles
        managed = [ws for ws, role in roles.items() if role in MANAGER_ROLES]
        interviewing = [ws for ws, role in roles.items() if role == Role.INTERVIEWER]
        own_on_same_interview = Feedback.objects.filter(
            interview_id=models.OuterRef("interview_id"), author=user
        )
        return self.filter(
            # Owners and recruiters read every scorecard of their workspaces.
            models.Q(interview__workspace_id__in=managed)
            # Interviewers read an interview's scorecards once they have submitted theirs...
            | (
                models.Q(interview__workspace_id__in=interviewing)
                & models.Exists(own_on_same_interview)
            )
            # ...or at once where the workspace does not keep scorecards blind.
            | models.Q(
                interview__workspace_id__in=interviewing, interview__workspace__blind_feedback=False
            )
            # Candidate members read none (no clause grants them anything).
        )


class Feedback(BaseModel):
    """A scorecard: one per author per interview."""

    class Recommendation(models.TextChoices):
        STRONG_NO = "strong_no"
        NO = "no"
        YES = "yes"
        STRONG_YES = "strong_yes"

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    recommendation = models.CharField(max_length=16, choices=Recommendation.choices, blank=True)
    criteria = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True)

    objects = FetchModeManager.from_queryset(FeedbackQuerySet)()

    class Meta:
        verbose_name_plural = "feedback"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint("interview", "author", name="feedback_one_per_author"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 by {self.author}"


class SentReminder(BaseModel):
    """Remembers each reminder e-mail so ``send_reminders`` never sends one twice."""

    class Kind(models.TextChoices):
        UPCOMING = "upcoming"
        FEEDBACK_OVERDUE = "feedback_overdue"
        FOLLOW_UP = "follow_up"

    kind = models.CharField(max_length=24, choices=Kind.choices)
    object_id = models.UUIDField()
    # A member; or, for a candidate without an account who booked through a link, none and
    # their ``email``.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(blank=True)
    # Distinguishes reminders of one object that must be sent again (a rescheduled interview).
    key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "kind", "object_id", "user", "key", name="sent_reminder_unique"
            ),
            models.UniqueConstraint(
                "kind",
                "object_id",
                "email",
                "key",
                condition=models.Q(user__isnull=True),
                name="sent_reminder_guest_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""),
                name="sent_reminder_has_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → {self.user_id or self.email}"


class Decision(WorkspaceOwned):
    """What the hiring team decided about a candidate, when, by whom and why."""

    class Kind(models.TextChoices):
        ADVANCE = "advance"
        REJECT = "reject"
        HOLD = "hold"
        HIRE = "hire"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=8, choices=Kind.choices)
    from_status = models.CharField(max_length=16, choices=PipelineStatus.choices)
    to_status = models.CharField(max_length=16, choices=PipelineStatus.choices)
    reason = models.TextField(blank=True)
    notified = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision__in=["advance", "reject", "hold", "hire"]),
                name="decision_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="reject", reason=""),
                name="decision_reject_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision}: {self.from_status} → {self.to_status}"


class EmailTemplate(WorkspaceOwned):
    """A workspace's wording of one kind of candidate e-mail; absent kinds use the default."""

    class Kind(models.TextChoices):
        INVITATION = "invitation"
        SCHEDULING = "scheduling"
        REJECTION = "rejection"
        OFFER = "offer"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(validators=[MaxLengthValidator(20000)])

    objects = ScopedManager()

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint("workspace", "kind", name="email_template_one_per_kind"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["invitation", "scheduling", "rejection", "offer"]),
                name="email_template_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}"


class OfferQuerySet(WorkspaceScopedQuerySet["Offer"]):
    def for_user(self, user: Any) -> Self:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            # Owners and recruiters read every offer of their workspaces.
            models.Q(workspace_id__in=managed_workspace_ids(user))
            # The member named to approve an offer reads it (a hiring manager may interview)
            # while they are on the workspace's team.
            | models.Q(approver=user, workspace_id__in=staff_workspace_ids(user))
            # The candidate reads their own offers once sent (never a draft or an approval),
            # while they are a candidate member there.
            | models.Q(
                candidate__user=user,
                status__in=list(Offer.CANDIDATE_VISIBLE),
                workspace_id__in=candidate_workspace_ids(user),
            )
        )


class Offer(WorkspaceOwned):
    class Status(models.TextChoices):
        DRAFT = "draft"
        APPROVED = "approved"
        SENT = "sent"
        ACCEPTED = "accepted"
        DECLINED = "declined"
        WITHDRAWN = "withdrawn"

    # draft → approved → sent → accepted | declined; withdrawn from any open state.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.DRAFT: frozenset({Status.APPROVED, Status.WITHDRAWN}),
        Status.APPROVED: frozenset({Status.SENT, Status.WITHDRAWN}),
        Status.SENT: frozenset({Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}),
        Status.ACCEPTED: frozenset(),
        Status.DECLINED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }
    CANDIDATE_VISIBLE: ClassVar[frozenset[str]] = frozenset(
        {Status.SENT, Status.ACCEPTED, Status.DECLINED}
    )

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="offers")
    # No reverse name on Position: the statistics annotate openings with an "offers" count.
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="+")
    salary = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    start_date = models.DateField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Besides owners, this member may approve the offer.
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FetchModeManager.from_queryset(OfferQuerySet)()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["draft", "approved", "sent", "accepted", "declined", "withdrawn"]
                ),
                name="offer_status_valid",
            ),
            models.CheckConstraint(condition=models.Q(salary__gte=0), name="offer_salary_gte_0"),
        ]
        indexes = [
            # The offers list: a workspace's offers by status, newest first.
            models.Index(fields=["workspace", "status", "-created_at"], name="offer_status_idx"),
            # A candidate's offers (their portal, the candidate page).
            models.Index(fields=["candidate", "status"], name="offer_candidate_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} ({self.status})"

    @property
    def amount(self) -> str:
        """The salary as people read it: "82,000 EUR", cents only when there are some."""
        places = 0 if self.salary == self.salary.to_integral_value() else 2
        return f"{self.salary:,.{places}f} {self.currency}"

    def can_transition(self, to_status: str) -> bool:
        return to_status in self.TRANSITIONS.get(self.status, frozenset())


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def default_weekly_hours() -> dict[str, list[str]]:
    """Office hours until the member says otherwise: weekdays 09:00-17:00 in their zone."""
    return {day: ["09:00-17:00"] if day not in {"saturday", "sunday"} else [] for day in WEEKDAYS}


class Availability(BaseModel):
    """When a person interviews: weekly hours in their own time zone, caps, and an optional
    calendar whose busy times count as taken. One per person, shared by their workspaces (a
    person's week is one week whoever books it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability"
    )
    weekly_hours = models.JSONField(default=default_weekly_hours)
    max_interviews_per_day = models.PositiveSmallIntegerField(null=True, blank=True)
    max_interviews_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    busy_calendar_url = models.URLField(max_length=500, blank=True)

    class Meta:
        verbose_name_plural = "availabilities"
        ordering = ["user_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_interviews_per_day__isnull=True)
                | models.Q(max_interviews_per_day__gte=1),
                name="availability_daily_cap_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(max_interviews_per_week__isnull=True)
                | models.Q(max_interviews_per_week__gte=1),
                name="availability_weekly_cap_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"Availability of {self.user_id}"


class BookingLinkQuerySet(models.QuerySet["BookingLink"]):
    def by_token(self, token: str) -> Self:
        return self.filter(digest=token_digest(token))

    def with_interview(self) -> Self:
        """What the candidate's page shows of the interview, in the same query."""
        return self.select_related(
            "interview", "interview__created_by", "interview__position__company"
        )


class BookingLink(BaseModel):
    """The times a team offers a candidate for one interview, reached through a secret URL
    (``/book/<token>/``) that needs no account. Only the secret's digest is stored; the URL is
    shown once. The candidate books one of the times, and the same link moves or cancels the
    interview until it starts."""

    class Status(models.TextChoices):
        OPEN = "open"
        BOOKED = "booked"
        CANCELLED = "cancelled"
        # A newer link of the same interview took over: one interview, one live link.
        REPLACED = "replaced"

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="booking_links")
    digest = models.CharField(max_length=64, unique=True)
    # The offered start times, ISO 8601 in UTC, in order.
    slots = models.JSONField(default=list)
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    # The zone the candidate read the times in when they booked: their e-mails use it.
    time_zone = models.CharField(max_length=64, blank=True)
    booked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BookingLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "booked", "cancelled", "replaced"]),
                name="booking_link_status_valid",
            ),
        ]
        indexes = [
            # The interview page's links, and the links a new one replaces.
            models.Index(fields=["interview", "status"], name="booking_link_interview_idx"),
        ]

    def __str__(self) -> str:
        return f"Booking link {self.status} ({self.interview_id})"

    @property
    def offered(self) -> list[dt.datetime]:
        return [dt.datetime.fromisoformat(slot) for slot in self.slots]

    def state(self, now: dt.datetime) -> str:
        """What the candidate may do through the link now: ``open`` (book), ``booked``
        (move or cancel), or why nothing: ``expired``, ``closed`` (the interview started or
        ended), ``cancelled``, ``replaced``. Needs ``interview`` selected."""
        interview = self.interview
        if self.status in {self.Status.REPLACED, self.Status.CANCELLED}:
            return str(self.status)
        if interview.status == Interview.Status.CANCELLED:
            return "cancelled"
        if interview.status != Interview.Status.SCHEDULED:
            return "closed"
        if self.status == self.Status.BOOKED:
            return "booked" if interview.scheduled_at > now else "closed"
        return "open" if self.expires_at > now else "expired"
