"""Services: the spaced-repetition rule, the low-rating queue, questions added on the spot."""

import datetime as dt

import pytest
from django.utils import timezone

from interview_tracker.errors import ConflictError, ValidationFailed
from interviews.models import Interview
from questions import services
from questions.models import InterviewQuestion, Question, ReviewSchedule
from tests.factories import InterviewFactory, QuestionFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rating", "quality"),
    [(1, 0), (2, 1), (3, 1), (4, 2), (5, 2), (6, 3), (7, 3), (8, 4), (9, 4), (10, 5)],
)
def test_self_rating_maps_to_sm2_quality(rating, quality):
    assert services.sm2_quality(rating) == quality


@pytest.mark.parametrize("rating", [0, 11])
def test_a_self_rating_outside_1_to_10_is_refused(rating):
    with pytest.raises(ValidationFailed):
        services.sm2_quality(rating)


def test_a_rating_sequence_produces_the_documented_intervals(owner, question):
    start = timezone.now()
    expected = [
        (10, 1, 2.6),
        (10, 6, 2.7),
        (10, 16, 2.8),
        (6, 45, 2.66),
        (2, 1, 2.12),
        (8, 1, 2.12),
    ]
    now = start
    for rating, interval, ease in expected:
        result = services.practice_record(
            user=owner, question=question, self_rating=rating, now=now
        )
        assert result.schedule.interval_days == interval, rating
        assert result.schedule.ease == pytest.approx(ease), rating
        assert result.schedule.due_at == now + dt.timedelta(days=interval)
        now = result.schedule.due_at
    schedule = ReviewSchedule.objects.get(user=owner, question=question)
    assert (schedule.repetitions, schedule.interval_days) == (1, 1)
    assert question.practice_sessions.count() == len(expected)


def test_ease_never_falls_below_1_3(owner, question):
    for _ in range(8):
        result = services.practice_record(user=owner, question=question, self_rating=1)
    assert result.schedule.ease == pytest.approx(1.3)
    assert result.schedule.interval_days == 1


def test_a_low_interview_rating_puts_the_question_in_the_recorders_queue(owner, workspace):
    interview = InterviewFactory(workspace=workspace)
    low = QuestionFactory(workspace=workspace)
    fine = QuestionFactory(workspace=workspace)
    services.interview_question_add(
        interview=interview, actor=owner, question=low, answer_quality_rating=5
    )
    services.interview_question_add(
        interview=interview, actor=owner, question=fine, answer_quality_rating=6
    )
    schedules = ReviewSchedule.objects.filter(user=owner)
    assert list(schedules.values_list("question_id", flat=True)) == [low.pk]
    assert schedules.get().due_at <= timezone.now()


def test_lowering_a_rating_later_queues_the_question_again(owner, workspace, question):
    link = services.interview_question_add(
        interview=InterviewFactory(workspace=workspace),
        actor=owner,
        question=question,
        answer_quality_rating=9,
    )
    services.practice_record(user=owner, question=question, self_rating=10)
    assert ReviewSchedule.objects.get(user=owner).due_at > timezone.now()
    services.interview_question_update(link=link, actor=owner, answer_quality_rating=3)
    schedule = ReviewSchedule.objects.get(user=owner)
    assert schedule.due_at <= timezone.now()
    assert schedule.repetitions == 0


def test_adding_by_text_creates_the_question_in_the_interviews_workspace(owner, workspace):
    interview = InterviewFactory(workspace=workspace)
    link = services.interview_question_add(
        interview=interview,
        actor=owner,
        text="  Tell me about a conflict.  ",
        category="behavioral",
    )
    question = Question.objects.get(pk=link.question_id)
    assert (question.text, question.category, question.workspace_id) == (
        "Tell me about a conflict.",
        "behavioral",
        workspace.pk,
    )
    # The same text again links the existing question of the bank: a duplicate link, 409.
    with pytest.raises(ConflictError):
        services.interview_question_add(
            interview=interview, actor=owner, text="tell me about a conflict."
        )
    assert Question.objects.count() == 1


def test_a_question_of_another_workspace_cannot_be_linked(owner, workspace, other_workspace):
    with pytest.raises(ValidationFailed):
        services.interview_question_add(
            interview=InterviewFactory(workspace=workspace),
            actor=owner,
            question=QuestionFactory(workspace=other_workspace),
        )
    assert not InterviewQuestion.objects.exists()


def test_question_create_cleans_lists_and_checks_skills(owner, workspace, other_workspace):
    question = services.question_create(
        workspace=workspace, actor=owner, text="Q?", tags=[" a ", "a", "", "b"]
    )
    assert question.tags == ["a", "b"]
    with pytest.raises(ValidationFailed):
        services.question_create(
            workspace=workspace,
            actor=owner,
            text="Q2?",
            skills=[SkillFactory(workspace=other_workspace)],
        )


def test_remove_deletes_the_link_and_records_activity(owner, workspace, question):
    interview = InterviewFactory(workspace=workspace)
    link = services.interview_question_add(interview=interview, actor=owner, question=question)
    services.interview_question_remove(link=link, actor=owner)
    assert not InterviewQuestion.objects.exists()
    assert Interview.objects.filter(pk=interview.pk).exists()


def test_user_skill_set_creates_then_updates(owner, workspace):
    skill = SkillFactory(workspace=workspace)
    first = services.user_skill_set(user=owner, skill=skill, proficiency=2)
    second = services.user_skill_set(user=owner, skill=skill, proficiency=4)
    assert first.pk == second.pk
    assert second.proficiency == 4
    with pytest.raises(ValidationFailed):
        services.user_skill_set(user=owner, skill=skill, proficiency=6)
