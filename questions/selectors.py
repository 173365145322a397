"""Reads computed from the question bank's data: skill gaps, computed on each read rather than
stored, so they never drift from the skills they compare.

Lives here because it reads the data the questions app owns (UserSkill); analytics calls it.
"""

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from interview_tracker.models import User
from positions.models import Position, Skill
from questions.models import UserSkill

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
