import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone

from candidates.models import Candidate
from interview_tracker.models import ActivityEvent, Membership, StatusChange, User, Workspace
from interviews.models import Feedback, Interview, Message, Participant
from positions.models import Company, Contact, Position, Skill
from questions.models import InterviewQuestion, PracticeSession, Question, ReviewSchedule, UserSkill

pytestmark = pytest.mark.django_db

MODELS = [
    User,
    Workspace,
    Membership,
    Company,
    Skill,
    Position,
    Contact,
    Candidate,
    Interview,
    Participant,
    Message,
    Feedback,
    Question,
    InterviewQuestion,
    PracticeSession,
    ReviewSchedule,
    UserSkill,
    StatusChange,
    ActivityEvent,
]


def _counts():
    return {model.__name__: model._default_manager.count() for model in MODELS}


def test_seed_demo_twice_leaves_the_same_data(run):
    run("seed_demo")
    first = _counts()
    result = run("seed_demo")
    assert _counts() == first
    assert "Created: nothing new." in result.out
    assert "Log in at http://127.0.0.1:8000/login/ as demo@example.com" in result.out


def test_the_log_in_hint_names_the_server_make_run_starts(run):
    result = run("seed_demo", "--dry-run", "--url", "http://127.0.0.1:8011/")
    assert "Log in at http://127.0.0.1:8011/login/ as demo@example.com" in result.out


def test_the_demo_is_a_living_product(run):
    run("seed_demo")
    demo = User.objects.get(email="demo@example.com")
    assert demo.check_password("demo-interviews-2026")
    team = Workspace.objects.get(name="Acme Recruiting")
    personal = Workspace.objects.get(is_personal=True, memberships__user=demo)
    assert Membership.objects.get(user=demo, workspace=team).role == "owner"
    # About 30 candidates across every status, with their history.
    statuses = dict(
        Candidate.objects.filter(workspace=team)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    assert set(statuses) == {
        "applied",
        "screening",
        "interviewing",
        "offer",
        "hired",
        "rejected",
        "withdrawn",
    }
    assert sum(statuses.values()) == 30
    assert StatusChange.objects.filter(workspace=team).count() > 30
    team_interviews = Interview.objects.filter(workspace=team)
    assert team_interviews.filter(status="completed").exists()
    assert team_interviews.filter(status="scheduled").exists()
    assert Feedback.objects.filter(interview__workspace=team).exists()
    assert Message.objects.filter(interview__workspace=team).exists()
    assert Participant.objects.filter(interview__workspace=team, role="interviewer").exists()
    # The job search: ~20 applications, rounds with outcomes, contacts, the question bank.
    assert Position.objects.filter(workspace=personal).count() == 20
    assert Contact.objects.filter(workspace=personal).count() == 20
    outcomes = set(Interview.objects.filter(workspace=personal).values_list("outcome", flat=True))
    assert {"passed", "failed", "pending"} <= outcomes
    bank = Question.objects.filter(workspace=personal)
    assert bank.count() >= 60
    assert set(bank.values_list("category", flat=True)) == {
        "technical",
        "behavioral",
        "product",
        "system_design",
        "coding",
        "case_study",
        "hr",
        "other",
    }
    assert not bank.filter(answer_summary="").exists()
    assert not bank.filter(key_concepts=[]).exists()
    assert PracticeSession.objects.filter(user=demo).count() > 20
    assert UserSkill.objects.filter(user=demo).exists()


def test_seed_demo_shows_a_plan_kits_a_debrief_disagreement_and_an_offer(run):
    from interviews.models import Offer, PlanStage
    from interviews.selectors import debrief
    from questions.models import KitQuestion

    run("seed_demo")
    stages = PlanStage.objects.order_by("order")
    assert [stage.name for stage in stages] == ["Technical interview", "System design"]
    assert KitQuestion.objects.filter(plan_stage__in=stages).count() >= 4
    scored = Candidate.objects.filter(interviews__plan_stage=stages[0]).distinct()
    owner = User.objects.get(email="demo@example.com")  # the team's owner reads every scorecard
    flags = [
        criterion["disagreement"]
        for candidate in scored
        for row in debrief(candidate.pk, owner)["interviews"]
        for criterion in row["criteria"]
    ]
    assert any(flags)
    assert Offer.objects.filter(status="sent").count() == 1


def test_the_demo_is_made_by_the_services_and_obeys_their_rules(run):
    run("seed_demo")
    now = timezone.now()
    events = ActivityEvent.objects.all()
    # Each record's status is where its history leads, one move at a time from "applied", and
    # every move is on its timeline.
    for model in (Candidate, Position):
        content_type = ContentType.objects.get_for_model(model)
        for record in model.objects.all():
            moves = list(
                StatusChange.objects.filter(content_type=content_type, object_id=record.pk)
                .order_by("created_at", "id")
                .values_list("from_status", "to_status")
            )
            reached = "applied"
            for from_status, to_status in moves:
                assert from_status == reached, (record, moves)
                reached = to_status
            assert reached == record.status, (record, moves)
            mine = events.filter(content_type=content_type, object_id=record.pk)
            assert mine.filter(verb="status_changed").count() == len(moves), record
            assert mine.filter(verb="created").exists(), record
    for interview in Interview.objects.all():
        assert events.filter(object_id=interview.pk, verb="interview_scheduled").exists()
        if interview.scheduled_at < now:
            assert (interview.status, interview.outcome in {"passed", "failed"}) == (
                "completed",
                True,
            )
            assert events.filter(object_id=interview.pk, verb="interview_outcome").exists()
        else:
            assert (interview.status, interview.outcome) == ("scheduled", "pending")
    # A scheduled round moved its application on; a failed one rejected it.
    rounds = Interview.objects.filter(position__workspace__kind="job_search")
    assert not rounds.filter(position__status__in=["applied", "screening"]).exists()
    assert not rounds.filter(outcome="failed").exclude(position__status="rejected").exists()
    # Every scorecard and every question added is on a timeline; nothing happened in the future.
    for feedback in Feedback.objects.all():
        assert events.filter(object_id=feedback.interview_id, verb="feedback_submitted").exists()
    assert events.filter(verb="question_created").count() == Question.objects.count()
    assert not events.filter(created_at__gt=now).exists()
    # The upcoming rounds' interviewers hold their seats (no double-booking is possible).
    seats = Participant.objects.filter(interview__status="scheduled", role="interviewer")
    assert seats.exists()
    assert not seats.filter(active=False).exists()
    # Every practised question is scheduled for review, some due now and some later; a question
    # answered badly in a round is due now.
    demo = User.objects.get(email="demo@example.com")
    practised = set(PracticeSession.objects.filter(user=demo).values_list("question", flat=True))
    schedules = ReviewSchedule.objects.filter(user=demo)
    assert practised <= set(schedules.values_list("question", flat=True))
    assert schedules.filter(due_at__lte=now).exists()
    assert schedules.filter(due_at__gt=now).exists()
    badly_answered = InterviewQuestion.objects.filter(answer_quality_rating__lte=5)
    assert badly_answered.exists()
    assert not schedules.filter(
        question__in=badly_answered.values("question"), due_at__gt=now
    ).exists()


def test_the_demos_today_asks_for_the_notes_of_its_latest_round(run, client):
    run("seed_demo")
    demo = User.objects.get(email="demo@example.com")
    personal = Workspace.objects.get(is_personal=True, memberships__user=demo)
    demo.default_workspace = personal
    demo.save(update_fields=["default_workspace"])
    client.force_login(demo)

    today = client.get("/").context

    assert [i.title for i in today["notes_due"]] == ["Phone screen with Tyrell Biotech"]
    assert today["follow_ups"]
    assert today["upcoming"]
