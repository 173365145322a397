"""Statistics, computed by the database: one function per ``/api/v1/statistics/`` endpoint, plus
the reads of the home page.

Scope (what the figures count, so that every endpoint agrees on it):

- Every figure covers **one workspace**: the one named by ``workspace``, else the user's current
  workspace (``default_workspace``). ``current_scope`` settles which, and its kind.
- The kind decides what an *application* is. In a ``job_search`` workspace it is a
  **Position**; in a ``hiring`` workspace it is a **Candidate** (a position there is an
  opening, and the pipeline belongs to its candidates): ``overview``, ``timeline`` and
  ``companies`` count them; ``funnel``, ``sources`` and ``stale`` leave their ``positions``
  part empty.
  ``interviewers`` reads every interview in scope (of a position or a candidate).
- Only a staff role (owner, recruiter, interviewer) in that workspace reads its figures. A
  member who is only a ``candidate`` gets the same shapes filled with zeros: statistics about a
  pipeline are not theirs to read, and an empty answer leaks nothing (no 403 either).
- Interviewers read the workspace's figures; nothing here returns feedback text, only counts
  and average ratings.
- Filters: ``start_date``/``end_date`` bound ``application_date`` of positions,
  ``scheduled_at`` of interviews (in the active time zone, both ends inclusive) and
  ``created_at`` of candidates; ``company`` matches the company name (contains, any case) of
  the position (of the candidate's position); ``status`` is the application's pipeline status
  (for interviews, their application's); ``workspace`` names the workspace. The question bank
  honours ``workspace`` and ``company`` (where a question was asked).

Every query is an aggregate, a grouped ``values()`` or a window; Python only shapes their
results (month buckets, fixed choice lists). The number of queries per function is constant.
"""

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate, TruncMonth
from django.utils import timezone

from analytics.expressions import (
    DaysBetween,
    count_where,
    median_days,
    percent,
    ratio,
    stay_medians,
)
from candidates.models import Candidate
from interview_tracker.models import (
    CLOSED_STATUSES,
    MANAGER_ROLES,
    ActivityEvent,
    PipelineStatus,
    StatusChange,
    User,
    Workspace,
    WorkspaceKind,
    staff_workspace_ids,
)
from interviews import selectors as interview_selectors
from interviews.models import Feedback, Interview, Participant
from positions.models import OpeningStatus, Position
from questions.models import InterviewQuestion, Question, ReviewSchedule
from questions.selectors import prep_effectiveness
from questions.selectors import skill_gaps as questions_skill_gaps

STATUSES: list[str] = list(PipelineStatus.values)
# The forward path of the funnel; rejected and withdrawn are exits from any stage.
FORWARD: list[str] = [
    PipelineStatus.APPLIED,
    PipelineStatus.SCREENING,
    PipelineStatus.INTERVIEWING,
    PipelineStatus.OFFER,
    PipelineStatus.HIRED,
]
EXITS: list[str] = [PipelineStatus.REJECTED, PipelineStatus.WITHDRAWN]
OFFERED: list[str] = [PipelineStatus.OFFER, PipelineStatus.HIRED]
DECIDED: list[str] = [PipelineStatus.OFFER, PipelineStatus.HIRED, PipelineStatus.REJECTED]
STALE_LIST_LIMIT = 50


@dataclass(frozen=True)
class StatsFilters:
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    company: str = ""
    status: str = ""
    workspace: uuid.UUID | None = None
    # Set by ``current_scope``: the workspace's kind (None: no workspace of the user's) and
    # after how many idle days its applications count as quiet.
    kind: str | None = None
    quiet_days: int = 14
    settled: bool = False


# --- scope ---------------------------------------------------------------------------------


def current_scope(user: User, f: StatsFilters) -> StatsFilters:
    """``f`` with its workspace settled (the named one, else the user's current workspace) and
    that workspace's kind and quiet days: one query, and none when ``f`` is already settled (a
    page that shows several statistics settles once). A workspace the user is not in keeps no
    kind, and every figure over it is empty."""
    if f.settled:
        return f
    workspace = f.workspace or user.default_workspace_id
    row = None
    if workspace is not None:
        row = (
            Workspace.objects.filter(pk=workspace, memberships__user=user)
            .values_list("kind", "quiet_days")
            .first()
        )
    kind, quiet_days = row or (None, f.quiet_days)
    return replace(f, workspace=workspace, kind=kind, quiet_days=quiet_days, settled=True)


def _hiring(f: StatsFilters) -> bool:
    return f.kind == WorkspaceKind.HIRING


@dataclass(frozen=True)
class Subject:
    """What the statistics of a workspace count as an application, and where its parts are."""

    model: str  # the pipeline model, as ``_history`` and ``_events`` name it
    company: str  # the path to its company
    applied: str  # when it was made: a date (position) or a datetime (candidate) field
    interview: str  # the Interview foreign key that points at it

    def applied_day(self) -> Any:
        """The application's day, in the active time zone for a datetime."""
        return F(self.applied) if self.model == "position" else TruncDate(self.applied)


POSITIONS = Subject("position", "company", "application_date", "position")
CANDIDATES = Subject("candidate", "position__company", "created_at", "candidate")


def _subject(f: StatsFilters) -> Subject:
    return CANDIDATES if _hiring(f) else POSITIONS


def applications_in_scope(user: User, f: StatsFilters) -> QuerySet[Any]:
    """The applications of a settled scope: candidates when hiring, positions otherwise."""
    return candidates_in_scope(user, f) if _hiring(f) else positions_in_scope(user, f)


def _none_when_hiring[M: Model](qs: QuerySet[M], f: StatsFilters) -> QuerySet[M]:
    """Positions of a hiring workspace are openings, not applications: the parts of ``funnel``,
    ``sources`` and ``stale`` that count positions count none there. Filtered rather than
    ``none()``: the raw-SQL helpers compile the query, and ``none()`` cannot be compiled."""
    return qs.filter(pk__isnull=True) if _hiring(f) else qs


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _datetime_range(field: str, f: StatsFilters) -> Q:
    """Both ends inclusive in the active time zone, as a range an index can serve."""
    q = Q()
    if f.start_date:
        q &= Q(**{f"{field}__gte": _day_start(f.start_date)})
    if f.end_date:
        q &= Q(**{f"{field}__lt": _day_start(f.end_date + dt.timedelta(days=1))})
    return q


def _narrow[M: Model](
    qs: QuerySet[M], f: StatsFilters, *, dates: Q, company: str, status: str
) -> QuerySet[M]:
    """The filters every subject shares; ``company`` and ``status`` are lookup paths. The scope
    is one workspace, always: with none settled, nothing (no row has a NULL workspace)."""
    qs = qs.filter(dates, workspace_id=f.workspace)
    if f.company:
        qs = qs.filter(**{f"{company}__name__icontains": f.company})
    if f.status:
        qs = qs.filter(**{status: f.status})
    return qs.order_by()


def positions_in_scope(user: User, f: StatsFilters) -> QuerySet[Position]:
    dates = Q()
    if f.start_date:
        dates &= Q(application_date__gte=f.start_date)
    if f.end_date:
        dates &= Q(application_date__lte=f.end_date)
    return _narrow(
        Position.objects.for_user(user), f, dates=dates, company="company", status="status"
    )


def interviews_in_scope(user: User, f: StatsFilters) -> QuerySet[Interview]:
    # The staff part of Interview.for_user: its other branch (a participant's own interviews)
    # is not for statistics, and the OR it adds would keep the planner off the indexes.
    return _narrow(
        Interview.objects.filter(workspace_id__in=staff_workspace_ids(user)),
        f,
        dates=_datetime_range("scheduled_at", f),
        company="position__company",
        status=f"{_subject(f).interview}__status",
    )


def candidates_in_scope(user: User, f: StatsFilters) -> QuerySet[Candidate]:
    # The staff part of Candidate.for_user (its other branch, a member's own record, is not
    # for statistics).
    return _narrow(
        Candidate.objects.filter(workspace_id__in=staff_workspace_ids(user)),
        f,
        dates=_datetime_range("created_at", f),
        company="position__company",
        status="status",
    )


def questions_in_scope(user: User, f: StatsFilters) -> QuerySet[Question]:
    # One workspace, as every subject (with none settled, a NULL id matches nothing).
    qs = Question.objects.for_user(user).filter(Q(workspace_id=f.workspace), is_active=True)
    if f.company:
        qs = qs.filter(company__name__icontains=f.company)
    return qs.order_by()


def _breakdown(prefix: str, figures: Mapping[str, Any], choices: list[str]) -> dict[str, int]:
    return {choice: figures[f"{prefix}{choice}"] for choice in choices}


def _counts_by(field: str, prefix: str, choices: list[str]) -> dict[str, Count]:
    return {f"{prefix}{choice}": Count("pk", filter=Q(**{field: choice})) for choice in choices}


# --- overview ------------------------------------------------------------------------------


def overview(user: User, f: StatsFilters) -> dict[str, Any]:
    """Four queries: applications and questions, each one aggregate, interviews grouped, and
    the median time to hire (plus ``current_scope``'s)."""
    f = current_scope(user, f)
    subject = _subject(f)
    applications = applications_in_scope(user, f)
    offer, hired = FORWARD.index("offer") + 1, FORWARD.index("hired") + 1
    # "Has an interview" is computed once per application (a fenced derived table), though
    # both the responded and the interviewed counts read it. The furthest stage recorded comes
    # from the offers and hires of the history only, a small part of it.
    recorded = (
        _history(subject.model)
        .filter(object_id__in=applications.values("pk"), to_status__in=OFFERED)
        .values("object_id")
        .annotate(furthest=Max(_forward_rank("to_status")))
    )
    reached = "(status_rank >= %s OR COALESCE(furthest, 0) >= %s)"
    p = count_where(
        applications.values(
            "id",
            "status",
            company_ref=F(subject.company),
            status_rank=_forward_rank("status"),
            has_interview=Exists(Interview.objects.filter(**{subject.interview: OuterRef("pk")})),
        ),
        {
            "responded": ("(status <> %s OR has_interview)", [PipelineStatus.APPLIED]),
            "interviewed": ("has_interview", []),
            "offered": (f"status IN ({', '.join(['%s'] * len(OFFERED))})", OFFERED),
            # An offer is answered once the application is hired (accepted) or, having reached
            # offer, ended rejected or withdrawn (declined); one still at offer is pending.
            "accepted": (reached, [hired, hired]),
            "declined": (
                f"{reached} AND NOT {reached} AND status IN (%s, %s)",
                [offer, offer, hired, hired, *EXITS],
            ),
            **{f"status_{status}": ("status = %s", [status]) for status in STATUSES},
        },
        left_join=(recorded, "j.object_id = r.id"),
        count_distinct="company_ref",
    )
    # Interviews grouped by kind, outcome and status (a few dozen rows): one grouped count
    # reads them faster than a filtered count per choice over every interview.
    i: Counter[str] = Counter()
    for row in (
        interviews_in_scope(user, f).values("kind", "outcome", "status").annotate(count=Count("pk"))
    ):
        i["total"] += row["count"]
        for field in ("kind", "outcome", "status"):
            i[f"{field}_{row[field]}"] += row["count"]
    q = questions_in_scope(user, f).aggregate(
        total=Count("pk"),
        **_counts_by("category", "category_", list(Question.Category.values)),
        **_counts_by("difficulty", "difficulty_", list(Question.Difficulty.values)),
    )
    return {
        "kind": f.kind,
        "total_applications": p["total"],
        "total_companies": p["distinct"],
        "total_interviews": i["total"],
        "response_rate": ratio(p["responded"], p["total"]),
        "interview_rate": ratio(p["interviewed"], p["total"]),
        "offer_rate": ratio(p["offered"], p["total"]),
        "time_to_hire_days": _round(_median_time_to_hire(applications, subject)),
        "offer_acceptance_rate": ratio(p["accepted"], p["accepted"] + p["declined"]),
        "status_breakdown": _breakdown("status_", p, STATUSES),
        "interview_kind_breakdown": _breakdown("kind_", i, list(Interview.Kind.values)),
        "interview_outcome_breakdown": _breakdown("outcome_", i, list(Interview.Outcome.values)),
        "interviews_by_status": _breakdown("status_", i, list(Interview.Status.values)),
        "total_questions": q["total"],
        "questions_by_category": _breakdown("category_", q, list(Question.Category.values)),
        "questions_by_difficulty": _breakdown("difficulty_", q, list(Question.Difficulty.values)),
    }


def _first_of_each(changes: QuerySet[StatusChange]) -> QuerySet[StatusChange]:
    """The first of ``changes`` per record (no earlier one of the same record, ties by id)."""
    earlier = changes.filter(object_id=OuterRef("object_id")).filter(
        Q(created_at__lt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), id__lt=OuterRef("id"))
    )
    return changes.exclude(Exists(earlier))


def _median_time_to_hire(applications: QuerySet[Any], subject: Subject) -> float | None:
    """Median days from the application to its first recorded hire: the first hires are read
    from the history (only hires), then each one's application looked up by key."""
    model = applications.model
    hires = _first_of_each(
        _history(subject.model).filter(
            to_status=PipelineStatus.HIRED, object_id__in=applications.values("pk")
        )
    )
    applied_at = Subquery(
        model._default_manager.filter(pk=OuterRef("object_id")).values(subject.applied)[:1]
    )
    return median_days(
        hires.values("created_at", applied_at=applied_at), end="created_at", start="applied_at"
    )


# --- timeline ------------------------------------------------------------------------------


def _content_type(model: str) -> Subquery:
    """The content type's id as an uncorrelated subquery: no round trip, and the database
    evaluates it once, so the history index (content_type, object_id, created_at) serves."""
    app_label = {"position": "positions", "candidate": "candidates"}[model]
    return Subquery(ContentType.objects.filter(app_label=app_label, model=model).values("id")[:1])


def _history(model: str) -> QuerySet[StatusChange]:
    """StatusChange rows of one pipeline model."""
    return StatusChange.objects.filter(content_type_id=_content_type(model)).order_by()


def _month_key(value: dt.date | dt.datetime) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def _months(start: dt.date, end: dt.date) -> list[str]:
    keys = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _average_response_days(applications: QuerySet[Any], subject: Subject) -> float | None:
    """Application → its first interview (any of them), averaged over the applications that
    had one: one join grouped by application, not a lookup per application."""
    return applications.annotate(first_interview_at=Min("interviews__scheduled_at")).aggregate(
        days=Avg(DaysBetween(F("first_interview_at"), F(subject.applied)))
    )["days"]


def _average_decision_days(applications: QuerySet[Any], subject: Subject) -> float | None:
    """The first decision (offer, hired, rejected) of each application → the last interview at
    or before it, averaged over the decided applications: their first decisions are read from
    the history in one pass, then one interview lookup each."""
    decisions = _history(subject.model).filter(to_status__in=DECIDED)
    last_interview_at = Subquery(
        Interview.objects.filter(
            **{subject.interview: OuterRef("object_id")}, scheduled_at__lte=OuterRef("created_at")
        )
        .order_by("-scheduled_at")
        .values("scheduled_at")[:1]
    )
    return _first_of_each(decisions.filter(object_id__in=applications.values("pk"))).aggregate(
        days=Avg(DaysBetween(F("created_at"), last_interview_at))
    )["days"]


def timeline(user: User, f: StatsFilters) -> dict[str, Any]:
    """Four queries: applications per month and interviews per month (each with its first and
    last date), the average response time and the average decision time.

    An application's month is its application date's, or when hiring the candidate's creation.
    The period spans applications *and* interviews, so an interview scheduled after the last
    application still counts in its own month (months without data are listed with 0).
    """
    f = current_scope(user, f)
    subject = _subject(f)
    applications = applications_in_scope(user, f)
    per_month = (
        applications.filter(**{f"{subject.applied}__isnull": False})
        .annotate(month=TruncMonth(subject.applied))
        .values("month")
        .annotate(
            count=Count("pk"), first=Min(subject.applied_day()), last=Max(subject.applied_day())
        )
        .order_by("month")
    )
    scheduled = (
        interviews_in_scope(user, f)
        .annotate(month=TruncMonth("scheduled_at"))
        .values("month")
        .annotate(count=Count("pk"), first=Min("scheduled_at"), last=Max("scheduled_at"))
        .order_by("month")
    )
    app_rows, interview_rows = list(per_month), list(scheduled)
    app_counts = {_month_key(row["month"]): row["count"] for row in app_rows}
    interview_counts = {_month_key(row["month"]): row["count"] for row in interview_rows}

    local = timezone.localtime
    known = [
        *(row[end] for row in app_rows for end in ("first", "last")),
        *(local(row[end]).date() for row in interview_rows for end in ("first", "last")),
    ]
    start = f.start_date or (min(known) if known else f.end_date)
    end = f.end_date or (max(known) if known else f.start_date)
    if start and end and end < start:
        start, end = (end, start) if not f.start_date else (start, start)
    months = _months(start, end) if start and end else []
    return {
        "kind": f.kind,
        "period_start": start,
        "period_end": end,
        "applications_per_month": [{"month": m, "count": app_counts.get(m, 0)} for m in months],
        "interviews_per_month": [{"month": m, "count": interview_counts.get(m, 0)} for m in months],
        "average_response_time_days": _round(_average_response_days(applications, subject)),
        "average_interview_to_decision_days": _round(_average_decision_days(applications, subject)),
    }


# --- companies -----------------------------------------------------------------------------


def companies(user: User, f: StatsFilters) -> dict[str, Any]:
    """Two grouped queries: the applications in scope per company, and per company the
    interviews in scope (scheduled within the dates) of those applications, one aggregate each
    rather than an interview count per application.

    When hiring, a candidate's company is their opening's; candidates without an opening have
    none and are left out of this list (they still count in ``overview``).
    """
    f = current_scope(user, f)
    subject = _subject(f)
    applications = applications_in_scope(user, f).filter(**{f"{subject.company}__isnull": False})
    interviews = dict(
        interviews_in_scope(user, f)
        .filter(**{f"{subject.interview}__in": applications.values("pk")})
        .values(company_ref=F(f"{subject.interview}__{subject.company}"))
        .annotate(count=Count("pk"))
        .values_list("company_ref", "count")
    )
    rows = (
        applications.values(
            company_ref=F(subject.company), company_name=F(f"{subject.company}__name")
        )
        .annotate(
            total_applications=Count("pk"),
            latest_application_date=Max(subject.applied_day()),
            offers=Count("pk", filter=Q(status__in=OFFERED)),
            **_counts_by("status", "status_", STATUSES),
        )
        .annotate(success_rate=percent(F("offers"), F("total_applications")))
        .order_by("-total_applications", "company_name", "company_ref")
    )
    result = [
        {
            "company_name": row["company_name"],
            "total_applications": row["total_applications"],
            "total_interviews": interviews.get(row["company_ref"], 0),
            "latest_application_date": row["latest_application_date"],
            "status_breakdown": _breakdown("status_", row, STATUSES),
            "success_rate": round(row["success_rate"], 2),
        }
        for row in rows
    ]
    return {"kind": f.kind, "companies": result, "total_companies": len(result)}


# --- funnel --------------------------------------------------------------------------------


def _forward_rank(field: str) -> Case:
    return Case(
        *(When(**{field: status}, then=Value(rank)) for rank, status in enumerate(FORWARD, 1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _stage_funnel(qs: QuerySet[Any], model: str) -> dict[str, Any]:
    """Two queries: how far each record got (one aggregate), then median days per status.

    A record *reached* a forward stage when its current status or any recorded status is that
    stage or a later one (a hand-made jump from applied to offer passed screening too); it
    reached an exit (rejected, withdrawn) when it ever had that status. Days in a status are
    completed stays: from entering it (the previous change, or the record's creation) to the
    change that left it.
    """
    history = _history(model)
    # Per record with a history: the furthest forward stage it recorded and how often it
    # entered each exit, one grouped pass joined once to the records.
    recorded = (
        history.filter(object_id__in=qs.values("pk"))
        .values("object_id")
        .annotate(
            furthest=Max(_forward_rank("to_status")),
            **{f"ever_{status}": Count("pk", filter=Q(to_status=status)) for status in EXITS},
        )
    )
    figures = count_where(
        qs.values("id", "status", status_rank=_forward_rank("status")),
        {
            **{f"current_{status}": ("status = %s", [status]) for status in STATUSES},
            **{
                f"reached_{status}": ("(status_rank >= %s OR furthest >= %s)", [rank, rank])
                for rank, status in enumerate(FORWARD, 1)
            },
            **{
                f"reached_{status}": (f"(status = %s OR ever_{status} > 0)", [status])
                for status in EXITS
            },
        },
        left_join=(recorded, "j.object_id = r.id"),
    )
    medians = stay_medians(
        history.values("object_id", "id", "from_status", "created_at"),
        qs.values("id", "created_at"),
    )
    stages = []
    for status in STATUSES:
        following = FORWARD[FORWARD.index(status) + 1] if status in FORWARD[:-1] else None
        reached = figures[f"reached_{status}"]
        stages.append(
            {
                "status": status,
                "reached": reached,
                "share_of_total": ratio(reached, figures["total"]),
                "current": figures[f"current_{status}"],
                "conversion_to_next": (
                    ratio(figures[f"reached_{following}"], reached) if following else None
                ),
                "median_days_in_status": _round(medians.get(status)),
            }
        )
    return {"total": figures["total"], "stages": stages}


def funnel(user: User, f: StatsFilters) -> dict[str, Any]:
    f = current_scope(user, f)
    return {
        "kind": f.kind,
        "positions": _stage_funnel(_none_when_hiring(positions_in_scope(user, f), f), "position"),
        "candidates": _stage_funnel(candidates_in_scope(user, f), "candidate"),
    }


# --- sources -------------------------------------------------------------------------------


def _by_source(qs: QuerySet[Any], interviewed: Exists) -> list[dict[str, Any]]:
    rows = (
        qs.values("source")
        .annotate(
            count=Count("pk"),
            interviewed=Count("pk", filter=Q(interviewed)),
            offered=Count("pk", filter=Q(status__in=OFFERED)),
            hired=Count("pk", filter=Q(status=PipelineStatus.HIRED)),
        )
        .annotate(
            interview_rate=percent(F("interviewed"), F("count")),
            offer_rate=percent(F("offered"), F("count")),
            hire_rate=percent(F("hired"), F("count")),
        )
        .order_by("-count", "source")
    )
    return [
        {
            **row,
            "interview_rate": round(row["interview_rate"], 2),
            "offer_rate": round(row["offer_rate"], 2),
            "hire_rate": round(row["hire_rate"], 2),
        }
        for row in rows
    ]


def sources(user: User, f: StatsFilters) -> dict[str, Any]:
    """Two grouped queries: where positions and candidates come from, and how far they go (a
    hiring team's sources of hire are its candidates' rows)."""
    f = current_scope(user, f)
    return {
        "kind": f.kind,
        "positions": _by_source(
            _none_when_hiring(positions_in_scope(user, f), f),
            Exists(Interview.objects.filter(position=OuterRef("pk"))),
        ),
        "candidates": _by_source(
            candidates_in_scope(user, f),
            Exists(Interview.objects.filter(candidate=OuterRef("pk"))),
        ),
    }


# --- interviewers --------------------------------------------------------------------------


def interviewers(user: User, f: StatsFilters) -> dict[str, Any]:
    """Two grouped queries over the interviews in scope: the interviewer seats per user (seats,
    and overdue feedback: completed, none from them), and the feedback per author (a count and
    the average rating; feedback needs no seat, so it is not read through the seats).

    Load: ``interviews`` seats in scope, ``upcoming`` of them still scheduled ahead. Scorecard
    submission: ``submission_rate``, the share of completed seats with their own feedback.

    The average covers only the scorecards ``user`` may read (``Feedback.visible_to``): an
    interviewer who has not submitted on a blind interview would otherwise read a colleague's
    rating there (narrowed to one day, the average is that rating). How many were submitted
    is no secret: the overdue lists say as much.
    """
    f = current_scope(user, f)
    now = timezone.now()
    interviews = interviews_in_scope(user, f).values("pk")
    rows = (
        Participant.objects.filter(role=Participant.Role.INTERVIEWER, interview__in=interviews)
        .values("user_id", "user__email", "user__first_name", "user__last_name")
        .annotate(
            interviews=Count("pk"),
            upcoming=Count(
                "pk", filter=Q(interview__status="scheduled", interview__scheduled_at__gte=now)
            ),
            completed=Count("pk", filter=Q(interview__status="completed")),
            feedback_overdue=Count(
                "pk",
                filter=Q(pk__in=interview_selectors.feedback_overdue().values("pk")),
            ),
        )
        .annotate(submission_rate=percent(F("completed") - F("feedback_overdue"), F("completed")))
        .order_by("-interviews", "user__email", "user_id")
    )
    given = {
        row["author_id"]: row
        for row in Feedback.objects.filter(interview__in=interviews)
        .values("author_id")
        .annotate(
            submitted=Count("pk"),
            average=Avg("rating", filter=Q(pk__in=Feedback.objects.visible_to(user).values("pk"))),
        )
        .order_by()
    }
    none = {"submitted": 0, "average": None}
    result = [
        {
            "user_id": row["user_id"],
            "name": f"{row['user__first_name']} {row['user__last_name']}".strip()
            or row["user__email"],
            "email": row["user__email"],
            "interviews": row["interviews"],
            "upcoming": row["upcoming"],
            "completed": row["completed"],
            "feedback_submitted": given.get(row["user_id"], none)["submitted"],
            "feedback_overdue": row["feedback_overdue"],
            "submission_rate": round(row["submission_rate"], 2),
            "average_rating_given": _round(given.get(row["user_id"], none)["average"]),
        }
        for row in rows
    ]
    return {"kind": f.kind, "interviewers": result, "total_interviewers": len(result)}


# --- skill gaps ----------------------------------------------------------------------------


def skill_gaps(user: User, f: StatsFilters) -> dict[str, Any]:
    f = current_scope(user, f)
    active = positions_in_scope(user, f).exclude(status__in=list(CLOSED_STATUSES))
    return {"kind": f.kind, **questions_skill_gaps(user=user, positions=active)}


def prep(user: User, f: StatsFilters) -> dict[str, Any]:
    """How much of what was asked in completed rounds had been practised beforehand."""
    f = current_scope(user, f)
    return prep_effectiveness(interviews=interviews_in_scope(user, f))


# --- stale ---------------------------------------------------------------------------------


def _events(model: str) -> QuerySet[ActivityEvent]:
    """ActivityEvent rows of one pipeline model."""
    return ActivityEvent.objects.filter(content_type_id=_content_type(model)).order_by()


def _stale(qs: QuerySet[Any], model: str, days: int, fields: list[str]) -> tuple[Any, Any]:
    """The stale rows (the oldest first, at most 50) and all of them (to count).

    "Last activity before the cut-off" is filtered as *updated before it and no event since*
    (an index range and an anti-join), so the count never computes a last activity; the list
    computes it for its sort only: the later of the update and the newest event.
    """
    now = timezone.now()
    cutoff = now - dt.timedelta(days=days)
    upcoming = Interview.objects.filter(
        **{model: OuterRef("pk")}, status=Interview.Status.SCHEDULED, scheduled_at__gte=now
    )
    stale_qs = (
        qs.exclude(status__in=list(CLOSED_STATUSES))
        .filter(updated_at__lt=cutoff)
        .exclude(Exists(_events(model).filter(object_id=OuterRef("pk"), created_at__gte=cutoff)))
        .exclude(Exists(upcoming))
    )
    latest_event = Subquery(
        _events(model)
        .filter(object_id=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    rows = (
        stale_qs.annotate(
            last_activity_at=Greatest(F("updated_at"), Coalesce(latest_event, F("updated_at")))
        )
        .annotate(days_inactive=DaysBetween(Value(now), F("last_activity_at")))
        .values("id", *fields, "status", "last_activity_at", "days_inactive")
        .order_by("last_activity_at", "id")[:STALE_LIST_LIMIT]
    )
    return rows, stale_qs


def stale(user: User, f: StatsFilters, days: int | None = None) -> dict[str, Any]:
    """Active applications untouched for ``days`` (default: the workspace's ``quiet_days``): no
    change, no activity event and no interview coming up; positions and candidates, except a
    hiring team's openings. Four queries: each list (oldest first, at most 50) and its total."""
    f = current_scope(user, f)
    days = days or f.quiet_days
    position_rows, positions = _stale(
        _none_when_hiring(positions_in_scope(user, f), f),
        "position",
        days,
        ["title", "company__name"],
    )
    candidate_rows, candidates = _stale(
        candidates_in_scope(user, f), "candidate", days, ["name", "position__title"]
    )
    return {
        "kind": f.kind,
        "days": days,
        "total_positions": positions.count(),
        "total_candidates": candidates.count(),
        "positions": [
            {
                "id": row["id"],
                "title": row["title"],
                "company_name": row["company__name"],
                "status": row["status"],
                "last_activity_at": row["last_activity_at"],
                "days_inactive": int(row["days_inactive"]),
            }
            for row in position_rows
        ],
        "candidates": [
            {
                "id": row["id"],
                "name": row["name"],
                "position_title": row["position__title"] or "",
                "status": row["status"],
                "last_activity_at": row["last_activity_at"],
                "days_inactive": int(row["days_inactive"]),
            }
            for row in candidate_rows
        ],
    }


# --- home page -----------------------------------------------------------------------------


HOME_LIST_LIMIT = 8


def _upcoming(user: User, workspace_id: uuid.UUID) -> QuerySet[Interview]:
    """The next interviews: the workspace's for managers, one's own otherwise."""
    qs = interview_selectors.upcoming_for(user, None).filter(workspace_id=workspace_id)
    if user.role_in(workspace_id) not in MANAGER_ROLES:
        # Interviewers and candidate members: the interviews they take part in.
        qs = qs.filter(participants__user=user)
    return qs.select_related("position__company")


def upcoming_interviews(user: User, workspace_id: uuid.UUID) -> QuerySet[Interview]:
    return _upcoming(user, workspace_id)[:HOME_LIST_LIMIT]


def _counted(rows: QuerySet[Any]) -> Coalesce:
    """How many ``rows`` (already tied to the outer interview by ``OuterRef``), as a subquery:
    the home page's list stays one query."""
    # COUNT as a plain function, not an aggregate: no GROUP BY, one row whatever the match.
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted), 0, output_field=IntegerField())


def upcoming_with_prep(user: User, workspace_id: uuid.UUID) -> QuerySet[Interview]:
    """A job-seeker's next rounds, each with its prep counted: the questions planned for the
    round, those asked before at its company (the bank's active questions that name it), and
    of either, those the user's practice queue has due before the round starts."""
    planned = InterviewQuestion.objects.filter(interview=OuterRef("pk"))
    at_company = Question.objects.filter(
        company_id=OuterRef("position__company_id"), is_active=True
    )
    planned_there = InterviewQuestion.objects.filter(interview=OuterRef(OuterRef("pk")))
    due = ReviewSchedule.objects.filter(user=user, due_at__lte=OuterRef("scheduled_at")).filter(
        Q(question__in=planned_there.values("question_id"))
        | Q(question__company_id=OuterRef("position__company_id"), question__is_active=True)
    )
    return _upcoming(user, workspace_id).annotate(
        planned_questions=_counted(planned),
        company_questions=_counted(at_company),
        due_questions=_counted(due),
    )[:HOME_LIST_LIMIT]


def feedback_owed(user: User, workspace_id: uuid.UUID) -> QuerySet[Interview]:
    """Completed interviews the user sat on as an interviewer without submitting feedback."""
    return (
        interview_selectors.feedback_owed_by(user)
        .filter(workspace_id=workspace_id)
        .select_related("position__company")[:HOME_LIST_LIMIT]
    )


def notes_to_write(user: User, workspace_id: uuid.UUID) -> QuerySet[Interview]:
    """Rounds that are over (completed, or past their end while still scheduled or under way:
    a job-seeker seldom marks them) and whose notes (``Interview.REFLECTION_FIELDS``) are all
    blank; the latest first."""
    now = timezone.now()
    over = Q(status=Interview.Status.COMPLETED) | Q(
        status__in=[Interview.Status.SCHEDULED, Interview.Status.ONGOING],
        scheduled_at__lte=now,
        # Days since the start, against the duration in days: past its end.
        days_since_start__gte=F("duration_minutes") / Value(1440.0),
    )
    return (
        Interview.objects.for_user(user)
        .filter(workspace_id=workspace_id, **dict.fromkeys(Interview.REFLECTION_FIELDS, ""))
        .annotate(days_since_start=DaysBetween(Value(now), F("scheduled_at")))
        .filter(over)
        .select_related("position__company")
        .order_by("-scheduled_at", "-id")[:HOME_LIST_LIMIT]
    )


def follow_ups_due(user: User, workspace_id: uuid.UUID) -> QuerySet[Position]:
    """Active positions whose follow-up date has come."""
    return (
        Position.objects.for_user(user)
        .follow_ups_due(timezone.localdate())
        .filter(workspace_id=workspace_id)
        .select_related("company")
        .order_by("next_follow_up", "id")[:HOME_LIST_LIMIT]
    )


# Stages a hiring home shows per opening: the active part of the pipeline, then hires.
OPENING_STAGES = [
    PipelineStatus.APPLIED,
    PipelineStatus.SCREENING,
    PipelineStatus.INTERVIEWING,
    PipelineStatus.OFFER,
    PipelineStatus.HIRED,
]


def openings_pipeline(user: User, workspace_id: uuid.UUID) -> list[dict[str, Any]]:
    """The workspace's open (and on-hold) openings with their candidates counted per stage,
    in one grouped query; the openings with the most candidates in play first."""
    counts = {
        str(stage): Count("candidates", filter=Q(candidates__status=stage))
        for stage in OPENING_STAGES
    }
    rows = (
        Position.objects.for_user(user)
        .filter(
            workspace_id=workspace_id,
            opening_status__in=[OpeningStatus.OPEN, OpeningStatus.ON_HOLD],
        )
        .annotate(**counts)
        .values("id", "title", "department", "opening_status", "headcount", *counts)
        .order_by("-interviewing", "-offer", "title", "id")[:HOME_LIST_LIMIT]
    )
    return [
        {
            **row,
            "stages": [
                {"status": stage, "label": stage.label, "count": row[str(stage)]}
                for stage in OPENING_STAGES
            ],
        }
        for row in rows
    ]


def stage_totals(user: User, workspace_id: uuid.UUID) -> list[dict[str, Any]]:
    """Candidates per pipeline stage in the workspace, every stage listed (zero included)."""
    totals = dict(
        Candidate.objects.for_user(user)
        .filter(workspace_id=workspace_id)
        .order_by()
        .values_list("status")
        .annotate(total=Count("pk"))
    )
    return [
        {"status": value, "label": label, "count": totals.get(value, 0)}
        for value, label in PipelineStatus.choices
    ]


def reviews_due(user: User, workspace_id: uuid.UUID) -> int:
    """Practice questions of the workspace due for the user's review now."""
    return ReviewSchedule.objects.filter(
        user=user, question__workspace_id=workspace_id, due_at__lte=timezone.now()
    ).count()
