import datetime as dt

import factory
import pytest
from django.utils import timezone

from questions.models import ReviewSchedule
from tests.factories import QuestionFactory, UserFactory


class ReviewScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewSchedule

    user = factory.SubFactory(UserFactory)
    question = factory.SubFactory(QuestionFactory)
    due_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))


@pytest.fixture
def question(workspace):
    return QuestionFactory(
        workspace=workspace,
        text="How would you design a URL shortening service?",
        category="system_design",
        difficulty="hard",
        answer_summary="Hashing, storage and redirection.",
        key_concepts=["Hashing", "Caching"],
        common_mistakes=["Ignoring collisions"],
        tips=["Use base62"],
        time_to_answer_minutes=45,
        tags=["scalability", "web"],
    )
