"""Reads computed from the question bank's data: skill gaps, computed on each read rather than
stored, so they never drift from the skills they compare.

Lives here because it reads the data the questions app owns (UserSkill); analytics calls it.
"""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth

from interview_tracker.models import User
from positions.models import Position, Skill
from questions.models import InterviewQuestion, PracticeSession, UserSkill

# A skill rated this low or not rated at all is a gap.
GAP_MAX_PROFICIENCY = 2


def skill_gaps(*, user: User, positions: QuerySet[Position]) -> dict[str, Any]:
    """Skills required by ``positions`` (the caller passes the active ones it may see) that
    ``user`` lacks or rates ≤ 2, ranked by how many of those positions require them.

    Two queries: the number of positions, and one grouped query over skills.
    """
    proficiency = Subquery(
        UserSkill.objects.filter(user=user, skill=OuterRef("pk")).values("proficiency")[:1]
    )
    rows = (
        Skill.objects.filter(positions__in=positions.values("pk"))
        .annotate(positions_count=Count("positions", distinct=True), proficiency=proficiency)
        .filter(Q(proficiency__isnull=True) | Q(proficiency__lte=GAP_MAX_PROFICIENCY))
        .values(
            "id",
            "name",
            "category",
            "skill_type",
            "market_demand",
            "is_trending",
            "positions_count",
            "proficiency",
        )
        .order_by("-positions_count", "name", "id")
    )
    skills = [
        {"skill_id": row["id"], **{key: value for key, value in row.items() if key != "id"}}
        for row in rows
    ]
    return {"active_positions": positions.count(), "skills": skills}


# The rounds listed by ``prep_effectiveness``, most recent first.
PREP_ROUNDS = 50


def _share(prepared: int, asked: int) -> float | None:
    return round(100 * prepared / asked, 2) if asked else None


def prep_effectiveness(*, interviews: QuerySet[Any]) -> dict[str, Any]:
    """Of the questions asked in completed rounds, the share that had been practised before the
    round: marked ``was_prepared``, or practised by the interview's creator before it started.
    Per round (the latest 50), per month and overall; three grouped queries."""
    practised_before = PracticeSession.objects.filter(
        question=OuterRef("question"),
        user=OuterRef("interview__created_by"),
        created_at__lt=OuterRef("interview__scheduled_at"),
    )
    asked = (
        InterviewQuestion.objects.filter(
            interview__in=interviews.filter(status="completed").values("pk"), was_asked=True
        )
        .annotate(prepared=Q(was_prepared=True) | Exists(practised_before))
        .order_by()
    )
    prepared = Q(prepared=True)
    rounds = (
        asked.values("interview_id", "interview__title", "interview__scheduled_at")
        .annotate(asked=Count("pk"), prepared_count=Count("pk", filter=prepared))
        .order_by("-interview__scheduled_at", "interview_id")[:PREP_ROUNDS]
    )
    months = (
        asked.annotate(month=TruncMonth("interview__scheduled_at"))
        .values("month")
        .annotate(asked=Count("pk"), prepared_count=Count("pk", filter=prepared))
        .order_by("month")
    )
    total = asked.aggregate(asked=Count("pk"), prepared_count=Count("pk", filter=prepared))
    return {
        "asked": total["asked"],
        "prepared": total["prepared_count"],
        "prepared_share": _share(total["prepared_count"], total["asked"]),
        "rounds": [
            {
                "interview": row["interview_id"],
                "title": row["interview__title"],
                "scheduled_at": row["interview__scheduled_at"],
                "asked": row["asked"],
                "prepared": row["prepared_count"],
                "prepared_share": _share(row["prepared_count"], row["asked"]),
            }
            for row in rounds
        ],
        "by_month": [
            {
                "month": row["month"].strftime("%Y-%m"),
                "asked": row["asked"],
                "prepared": row["prepared_count"],
                "prepared_share": _share(row["prepared_count"], row["asked"]),
            }
            for row in months
        ],
    }
