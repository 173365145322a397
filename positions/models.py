"""Companies, job roles, skills, positions (openings or applications), contacts, CV versions."""

import datetime
from typing import Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from interview_tracker.fields import TagListField
from interview_tracker.models import (
    CLOSED_STATUSES,
    ActivityEvent,
    FetchModeManager,
    PipelineStatus,
    ScopedManager,
    WorkspaceOwned,
    WorkspaceScopedQuerySet,
)


class Company(WorkspaceOwned):
    name = models.CharField(max_length=200)
    industry = models.CharField(max_length=120, blank=True)
    size = models.CharField(max_length=60, blank=True)
    headquarters = models.CharField(max_length=200, blank=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "workspace", name="company_name_unique_per_workspace"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Skill(WorkspaceOwned):
    class SkillType(models.TextChoices):
        TECHNICAL = "technical"
        SOFT = "soft"
        TOOL = "tool"
        DOMAIN = "domain"

    class Demand(models.TextChoices):
        LOW = "low"
        MEDIUM = "medium"
        HIGH = "high"

    name = models.CharField(max_length=120)
    category = models.CharField(max_length=120, blank=True)
    skill_type = models.CharField(
        max_length=16, choices=SkillType.choices, default=SkillType.TECHNICAL
    )
    description = models.TextField(blank=True)
    is_trending = models.BooleanField(default=False)
    market_demand = models.CharField(max_length=8, choices=Demand.choices, default=Demand.MEDIUM)

    objects = ScopedManager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "workspace", name="skill_name_unique_per_workspace"
            ),
            models.CheckConstraint(
                condition=models.Q(skill_type__in=["technical", "soft", "tool", "domain"]),
                name="skill_type_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(market_demand__in=["low", "medium", "high"]),
                name="skill_market_demand_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class JobRole(WorkspaceOwned):
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=120, blank=True)
    description = models.TextField(blank=True)
    typical_skills = models.ManyToManyField(Skill, blank=True, related_name="roles")

    objects = ScopedManager()

    class Meta:
        verbose_name = "job role"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "workspace", name="role_name_unique_per_workspace"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CVVersion(WorkspaceOwned):
    label = models.CharField(max_length=120)
    file = models.FileField(upload_to="cv_versions/%Y/%m/", blank=True)
    notes = models.TextField(blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "CV version"
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return self.label


class Seniority(models.TextChoices):
    INTERN = "intern"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    STAFF = "staff"
    PRINCIPAL = "principal"
    LEAD = "lead"
    MANAGER = "manager"
    DIRECTOR = "director"


class PositionQuerySet(WorkspaceScopedQuerySet["Position"]):
    def active(self) -> Self:
        return self.exclude(status__in=list(CLOSED_STATUSES))

    def with_stats(self) -> Self:
        """The read-only figures of the API and the dashboard, computed by the database.

        ``interview_count`` counts the reverse relation ``interviews`` by name (this app never
        imports the interviews app); ``last_activity_at`` is the newest timeline event.
        """
        latest_event = ActivityEvent.objects.filter(
            content_type__app_label="positions",
            content_type__model="position",
            object_id=models.OuterRef("pk"),
        ).order_by("-created_at")
        # A counted subquery, not ``Count("interviews")`` over a join: without an aggregate
        # there is no GROUP BY, so the paginator's COUNT(*) drops both figures and counts the
        # filtered positions alone.
        interviews = (
            self.model._meta.get_field("interviews")
            .related_model._default_manager.filter(position=models.OuterRef("pk"))
            .order_by()
            .values("position")
            .annotate(n=models.Func(models.F("id"), function="COUNT"))
            .values("n")
        )
        return self.annotate(
            company_name=models.F("company__name"),
            interview_count=models.functions.Coalesce(
                models.Subquery(interviews), 0, output_field=models.IntegerField()
            ),
            last_activity_at=models.Subquery(latest_event.values("created_at")[:1]),
        )

    def follow_ups_due(self, today: datetime.date) -> Self:
        return self.active().filter(next_follow_up__lte=today)


class OpeningStatus(models.TextChoices):
    """Where a hiring team's opening stands (its candidates carry the pipeline)."""

    OPEN = "open"
    ON_HOLD = "on_hold", "On hold"
    FILLED = "filled"
    CLOSED = "closed"


class Position(WorkspaceOwned):
    """An opening a team recruits for, or an application a job-seeker made."""

    # The figures of ``with_stats`` (a create fills them in for its answer).
    company_name: str
    interview_count: int
    last_activity_at: datetime.datetime | None

    title = models.CharField(max_length=200)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="positions")
    role = models.ForeignKey(
        JobRole, null=True, blank=True, on_delete=models.SET_NULL, related_name="positions"
    )
    description = models.TextField(blank=True)
    location = models.CharField(max_length=200, blank=True)
    is_remote = models.BooleanField(default=False)
    seniority = models.CharField(max_length=16, choices=Seniority.choices, blank=True)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    salary_range = models.CharField(max_length=120, blank=True)
    required_skills = models.ManyToManyField(Skill, blank=True, related_name="positions")
    required_experience_years = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    source = models.CharField(max_length=120, blank=True)
    url = models.URLField(max_length=500, blank=True)
    application_date = models.DateField(null=True, blank=True)
    preparation_notes = models.TextField(blank=True)
    cv_version = models.ForeignKey(
        CVVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="positions"
    )
    status = models.CharField(
        max_length=16, choices=PipelineStatus.choices, default=PipelineStatus.APPLIED
    )
    rejection_reason = models.TextField(blank=True)
    next_follow_up = models.DateField(null=True, blank=True)
    tags = TagListField()
    # Openings of a hiring workspace; an application of a job search leaves them at defaults.
    opening_status = models.CharField(
        max_length=16, choices=OpeningStatus.choices, default=OpeningStatus.OPEN
    )
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    headcount = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    department = models.CharField(max_length=120, blank=True)
    # A job-seeker's offer, compared side by side with the others (salary in ``currency``).
    offer_salary = models.PositiveIntegerField(null=True, blank=True)
    offer_deadline = models.DateField(null=True, blank=True)
    offer_notes = models.TextField(blank=True)

    objects = FetchModeManager.from_queryset(PositionQuerySet)()

    class Meta:
        ordering = ["-application_date", "-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PipelineStatus.values), name="position_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(seniority__in=[*Seniority.values, ""]),
                name="position_seniority_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="position_salary_min_lte_max",
            ),
            models.CheckConstraint(
                condition=models.Q(opening_status__in=OpeningStatus.values),
                name="position_opening_status_valid",
            ),
        ]
        indexes = [
            # The default list: a workspace's positions by application date, filtered by status.
            models.Index(
                fields=["workspace", "status", "-application_date"], name="position_status_idx"
            ),
            models.Index(fields=["workspace", "-application_date"], name="position_applied_idx"),
            # "Follow-ups due" on the home page and in reminders.
            models.Index(fields=["workspace", "next_follow_up"], name="position_follow_up_idx"),
        ]

    def __str__(self) -> str:
        # The company only when it was loaded along: a label must never cost a query.
        if Position.company.is_cached(self) and self.company is not None:
            return f"{self.title} at {self.company.name}"
        return self.title


class Contact(WorkspaceOwned):
    """A recruiter or hiring manager a job-seeker talks to about one position."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=120, blank=True)
    notes = models.TextField(blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
