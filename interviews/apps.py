from functools import partial
from typing import Any

from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models import Prefetch

        from . import cache

        cache.connect()

        from interview_tracker.extensions import (
            ApiEmbed,
            CandidateData,
            NestedImport,
            Panel,
            UserData,
            registry,
        )

        from . import datacare
        from .api.rows import embedded_interviews
        from .api.serializers import (
            EMBEDDED_INTERVIEWS,
            VISIBLE_FEEDBACK,
            InterviewEmbedSerializer,
            LeanInterviewEmbedSerializer,
        )
        from .models import Feedback, Interview

        def interviews_prefetch(request: Any) -> Prefetch[Any]:
            # Two queries for any number of parents: their interviews, then the scorecards the
            # requesting user may read (blind and role rules in ``visible_to``).
            user = request.user
            return Prefetch(
                "interviews",
                queryset=Interview.objects.for_user(user)
                .order_by("scheduled_at", "id")
                .prefetch_related(
                    Prefetch(
                        "feedback",
                        queryset=Feedback.objects.visible_to(user)
                        .select_related("author")
                        .order_by("created_at", "id"),
                        to_attr=VISIBLE_FEEDBACK,
                    )
                ),
                to_attr=EMBEDDED_INTERVIEWS,
            )

        def interviews_serializer(full: bool) -> Any:
            shape = InterviewEmbedSerializer if full else LeanInterviewEmbedSerializer
            return shape(many=True, read_only=True, source=EMBEDDED_INTERVIEWS)

        for label, parent in [
            ("candidates.candidate", "candidate"),
            ("positions.position", "position"),
        ]:
            registry.add_api_embed(
                label,
                "interviews",
                ApiEmbed(
                    prefetch=interviews_prefetch,
                    serializer=interviews_serializer,
                    rows=partial(embedded_interviews, parent=parent),
                ),
            )
        registry.add_panel(
            "candidates.candidate", Panel(title="Interviews", url_name="interviews:candidate-panel")
        )

        from .importers import clean_interviews, write_interviews

        registry.add_nested_import(
            "candidates",
            "interviews",
            NestedImport(clean=clean_interviews, write=write_interviews),
        )
        registry.add_panel(
            "positions.position", Panel(title="Interviews", url_name="interviews:position-panel")
        )
        registry.add_panel(
            "candidates.candidate", Panel(title="Hiring", url_name="interviews:hiring-panel")
        )
        registry.add_candidate_data(
            CandidateData(
                name="interviews",
                export=datacare.interviews_export,
                move=datacare.interviews_move,
                move_back=datacare.interviews_move_back,
                timelines=datacare.interviews_timelines,
            )
        )
        registry.add_candidate_data(
            CandidateData(
                name="messages",
                export=datacare.messages_export,
                anonymise=datacare.messages_anonymise,
            )
        )
        registry.add_candidate_data(
            CandidateData(name="scorecards", export=datacare.scorecards_export)
        )
        registry.add_user_data(UserData(name="messages", export=datacare.user_messages_export))
        registry.add_user_data(UserData(name="scorecards", export=datacare.user_scorecards_export))
