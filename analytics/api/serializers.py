"""Query filters and response shapes of ``/api/v1/statistics/…`` (the keys are the public contract:
clients read them by name).

The response serializers only describe and render the dicts the selectors compute, so that
the OpenAPI schema documents every key.
"""

from typing import Any

from rest_framework import serializers

from interview_tracker.models import PipelineStatus, WorkspaceKind
from interviews.models import Interview
from positions.models import Skill
from questions.models import Question


class StatisticsFilterSerializer(serializers.Serializer[Any]):
    start_date = serializers.DateField(
        required=False, help_text="From this date (YYYY-MM-DD), inclusive."
    )
    end_date = serializers.DateField(
        required=False, help_text="Up to this date (YYYY-MM-DD), inclusive."
    )
    company = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Company name contains."
    )
    status = serializers.ChoiceField(
        choices=PipelineStatus.choices, required=False, allow_blank=True
    )
    workspace = serializers.UUIDField(
        required=False,
        help_text="One of your workspaces; without it, your current one (`default_workspace`).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("start_date"), attrs.get("end_date")
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": "Must not be before start_date."})
        return attrs


class StaleFilterSerializer(StatisticsFilterSerializer):
    days = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=3650,
        help_text="Idle for this long; default: the workspace's `quiet_days` (14 unless set).",
    )


def counts_serializer(name: str, keys: list[str]) -> type[serializers.Serializer[Any]]:
    """{choice: count} for a fixed list of choices, every key always present."""
    fields: dict[str, Any] = {key: serializers.IntegerField() for key in keys}
    return type(name, (serializers.Serializer,), fields)


StatusBreakdownSerializer = counts_serializer("StatusBreakdown", list(PipelineStatus.values))
InterviewKindSerializer = counts_serializer("InterviewKindBreakdown", list(Interview.Kind.values))
InterviewOutcomeSerializer = counts_serializer(
    "InterviewOutcomeBreakdown", list(Interview.Outcome.values)
)
InterviewStatusSerializer = counts_serializer(
    "InterviewStatusBreakdown", list(Interview.Status.values)
)
QuestionCategorySerializer = counts_serializer(
    "QuestionCategoryBreakdown", list(Question.Category.values)
)
QuestionDifficultySerializer = counts_serializer(
    "QuestionDifficultyBreakdown", list(Question.Difficulty.values)
)


class ScopedStatisticsSerializer(serializers.Serializer[Any]):
    """Every statistic covers one workspace: the one asked for, else the current one."""

    kind = serializers.ChoiceField(
        choices=WorkspaceKind.choices,
        allow_null=True,
        help_text=(
            "The kind of the workspace the figures cover, which decides what an application is: "
            "a position in a `job_search`, a candidate in a `hiring` workspace. "
            "Null: not one of your workspaces (every figure is then empty)."
        ),
    )


class OverviewSerializer(ScopedStatisticsSerializer):
    total_applications = serializers.IntegerField(
        help_text="Positions in a job search, candidates in a hiring workspace."
    )
    total_companies = serializers.IntegerField()
    total_interviews = serializers.IntegerField()
    response_rate = serializers.FloatField(help_text="Percent, 2 decimals.")
    interview_rate = serializers.FloatField(help_text="Percent, 2 decimals.")
    offer_rate = serializers.FloatField(help_text="Percent, 2 decimals.")
    time_to_hire_days = serializers.FloatField(
        allow_null=True,
        help_text="Median days from the application to its first recorded hire; null: no hire.",
    )
    offer_acceptance_rate = serializers.FloatField(
        help_text=(
            "Percent of answered offers that were accepted, from the pipeline history: accepted "
            "= reached hired; declined = reached offer, never hired, now rejected or withdrawn; "
            "applications still at offer are pending and left out."
        )
    )
    status_breakdown = StatusBreakdownSerializer()
    interview_kind_breakdown = InterviewKindSerializer()
    interview_outcome_breakdown = InterviewOutcomeSerializer()
    interviews_by_status = InterviewStatusSerializer()
    total_questions = serializers.IntegerField()
    questions_by_category = QuestionCategorySerializer()
    questions_by_difficulty = QuestionDifficultySerializer()


class MonthCountSerializer(serializers.Serializer[Any]):
    month = serializers.CharField(help_text="YYYY-MM")
    count = serializers.IntegerField()


class TimelineSerializer(ScopedStatisticsSerializer):
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    applications_per_month = MonthCountSerializer(many=True)
    interviews_per_month = MonthCountSerializer(many=True)
    average_response_time_days = serializers.FloatField(
        allow_null=True, help_text="Application date → first interview; null without data."
    )
    average_interview_to_decision_days = serializers.FloatField(
        allow_null=True,
        help_text="Last interview → first offer, hire or rejection; null without data.",
    )


class CompanyStatsSerializer(serializers.Serializer[Any]):
    company_name = serializers.CharField()
    total_applications = serializers.IntegerField()
    total_interviews = serializers.IntegerField()
    latest_application_date = serializers.DateField(allow_null=True)
    status_breakdown = StatusBreakdownSerializer()
    success_rate = serializers.FloatField(help_text="Percent at offer or hired.")


class CompaniesSerializer(ScopedStatisticsSerializer):
    companies = CompanyStatsSerializer(many=True)
    total_companies = serializers.IntegerField()


class FunnelStageSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=PipelineStatus.choices)
    reached = serializers.IntegerField(help_text="Records that got this far (or ever had it).")
    share_of_total = serializers.FloatField(help_text="Percent of all records that got this far.")
    current = serializers.IntegerField(help_text="Records in this status now.")
    conversion_to_next = serializers.FloatField(
        allow_null=True,
        help_text="Pass-through: percent reaching the next forward stage; null at the end.",
    )
    median_days_in_status = serializers.FloatField(
        allow_null=True, help_text="Median completed stay, from the status history."
    )


class FunnelSubjectSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField()
    stages = FunnelStageSerializer(many=True)


class FunnelSerializer(ScopedStatisticsSerializer):
    positions = FunnelSubjectSerializer(
        help_text="A job search's applications; empty in a hiring workspace (openings)."
    )
    candidates = FunnelSubjectSerializer()


class SourceStatsSerializer(serializers.Serializer[Any]):
    source = serializers.CharField(allow_blank=True)  # type: ignore[assignment]
    count = serializers.IntegerField()
    interviewed = serializers.IntegerField()
    offered = serializers.IntegerField(help_text="Now at offer or hired.")
    hired = serializers.IntegerField()
    interview_rate = serializers.FloatField()
    offer_rate = serializers.FloatField()
    hire_rate = serializers.FloatField(help_text="Percent hired: the source's yield of hires.")


class SourcesSerializer(ScopedStatisticsSerializer):
    positions = SourceStatsSerializer(
        many=True, help_text="A job search's applications; empty in a hiring workspace."
    )
    candidates = SourceStatsSerializer(many=True)


class InterviewerStatsSerializer(serializers.Serializer[Any]):
    user_id = serializers.UUIDField()
    name = serializers.CharField()
    email = serializers.EmailField()
    interviews = serializers.IntegerField(help_text="Interviewer seats in scope (load).")
    upcoming = serializers.IntegerField(help_text="Seats on interviews still scheduled ahead.")
    completed = serializers.IntegerField(help_text="Seats on completed interviews.")
    feedback_submitted = serializers.IntegerField()
    feedback_overdue = serializers.IntegerField()
    submission_rate = serializers.FloatField(
        help_text="Percent of completed seats with the interviewer's own scorecard."
    )
    average_rating_given = serializers.FloatField(allow_null=True)


class InterviewersSerializer(ScopedStatisticsSerializer):
    interviewers = InterviewerStatsSerializer(many=True)
    total_interviewers = serializers.IntegerField()


class SkillGapSerializer(serializers.Serializer[Any]):
    skill_id = serializers.UUIDField()
    name = serializers.CharField()
    category = serializers.CharField(allow_blank=True)
    skill_type = serializers.ChoiceField(choices=Skill.SkillType.choices)
    market_demand = serializers.ChoiceField(choices=Skill.Demand.choices)
    is_trending = serializers.BooleanField()
    positions_count = serializers.IntegerField()
    proficiency = serializers.IntegerField(allow_null=True, help_text="Yours, 1-5; null: none.")


class SkillGapsSerializer(ScopedStatisticsSerializer):
    active_positions = serializers.IntegerField()
    skills = SkillGapSerializer(many=True)


class PrepFiguresSerializer(serializers.Serializer[Any]):
    asked = serializers.IntegerField(help_text="Questions asked in completed rounds.")
    prepared = serializers.IntegerField(help_text="Of them, practised before the round.")
    prepared_share = serializers.FloatField(allow_null=True, help_text="Percent, 2 decimals.")


class PrepRoundSerializer(PrepFiguresSerializer):
    interview = serializers.UUIDField()
    title = serializers.CharField()
    scheduled_at = serializers.DateTimeField()


class PrepMonthSerializer(PrepFiguresSerializer):
    month = serializers.CharField(help_text="YYYY-MM")


class PrepSerializer(PrepFiguresSerializer):
    rounds = PrepRoundSerializer(many=True, help_text="The latest 50 completed rounds.")
    by_month = PrepMonthSerializer(many=True)


class StalePositionSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    title = serializers.CharField()
    company_name = serializers.CharField()
    status = serializers.ChoiceField(choices=PipelineStatus.choices)
    last_activity_at = serializers.DateTimeField()
    days_inactive = serializers.IntegerField()


class StaleCandidateSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    name = serializers.CharField()
    position_title = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=PipelineStatus.choices)
    last_activity_at = serializers.DateTimeField()
    days_inactive = serializers.IntegerField()


class StaleSerializer(ScopedStatisticsSerializer):
    days = serializers.IntegerField(help_text="The idle days applied.")
    total_positions = serializers.IntegerField()
    total_candidates = serializers.IntegerField()
    positions = StalePositionSerializer(many=True, help_text="Oldest first, at most 50.")
    candidates = StaleCandidateSerializer(many=True, help_text="Oldest first, at most 50.")
