"""factory-boy factories for every model. Workspace-owned factories default to one workspace."""

import datetime as dt

import factory
from django.utils import timezone

from candidates.models import Candidate
from interview_tracker.models import Membership, Role, User, Workspace, WorkspaceKind
from interviews.models import Feedback, Interview, Message, Offer, Participant, PlanStage
from positions.models import Company, Contact, CVVersion, JobRole, Position, Skill
from questions.models import InterviewQuestion, PracticeSession, Question, UserSkill


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class WorkspaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workspace

    name = factory.Sequence(lambda n: f"Workspace {n}")
    kind = factory.LazyAttribute(
        lambda o: WorkspaceKind.JOB_SEARCH if o.is_personal else WorkspaceKind.HIRING
    )
    is_personal = False


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    workspace = factory.SubFactory(WorkspaceFactory)
    role = Role.OWNER


class WorkspaceOwnedFactory(factory.django.DjangoModelFactory):
    workspace = factory.SubFactory(WorkspaceFactory)


class CompanyFactory(WorkspaceOwnedFactory):
    class Meta:
        model = Company
        django_get_or_create = ("workspace", "name")

    name = factory.Sequence(lambda n: f"Company {n}")
    industry = "Software"


class SkillFactory(WorkspaceOwnedFactory):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n}")


class JobRoleFactory(WorkspaceOwnedFactory):
    class Meta:
        model = JobRole

    name = factory.Sequence(lambda n: f"Role {n}")
    category = "Engineering"


class CVVersionFactory(WorkspaceOwnedFactory):
    class Meta:
        model = CVVersion

    label = factory.Sequence(lambda n: f"CV v{n}")


class PositionFactory(WorkspaceOwnedFactory):
    class Meta:
        model = Position

    title = factory.Sequence(lambda n: f"Software Engineer {n}")
    company = factory.SubFactory(CompanyFactory, workspace=factory.SelfAttribute("..workspace"))
    application_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    location = "Berlin"


class ContactFactory(WorkspaceOwnedFactory):
    class Meta:
        model = Contact

    position = factory.SubFactory(PositionFactory, workspace=factory.SelfAttribute("..workspace"))
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@example.com")


class CandidateFactory(WorkspaceOwnedFactory):
    class Meta:
        model = Candidate

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.com")
    source = "referral"


class InterviewFactory(WorkspaceOwnedFactory):
    class Meta:
        model = Interview

    candidate = factory.SubFactory(CandidateFactory, workspace=factory.SelfAttribute("..workspace"))
    title = factory.Sequence(lambda n: f"Round {n}")
    kind = Interview.Kind.TECHNICAL
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=2))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    interview = factory.SubFactory(InterviewFactory)
    user = factory.SubFactory(UserFactory)
    role = Participant.Role.INTERVIEWER
    # The seat carries its interview's time and status, as the services write it.
    starts_at = factory.LazyAttribute(lambda seat: seat.interview.seat_window["starts_at"])
    ends_at = factory.LazyAttribute(lambda seat: seat.interview.seat_window["ends_at"])
    active = factory.LazyAttribute(lambda seat: seat.interview.seat_window["active"])


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    interview = factory.SubFactory(InterviewFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Faker("sentence")


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    interview = factory.SubFactory(InterviewFactory)
    author = factory.SubFactory(UserFactory)
    rating = 4
    recommendation = Feedback.Recommendation.YES


class QuestionFactory(WorkspaceOwnedFactory):
    class Meta:
        model = Question

    text = factory.Sequence(lambda n: f"How would you design system number {n}?")
    category = Question.Category.SYSTEM_DESIGN
    difficulty = Question.Difficulty.MEDIUM
    answer_summary = "Clarify requirements, sketch the API, pick storage, then scale."


class InterviewQuestionFactory(WorkspaceOwnedFactory):
    class Meta:
        model = InterviewQuestion

    interview = factory.SubFactory(InterviewFactory, workspace=factory.SelfAttribute("..workspace"))
    question = factory.SubFactory(QuestionFactory, workspace=factory.SelfAttribute("..workspace"))


class PracticeSessionFactory(WorkspaceOwnedFactory):
    class Meta:
        model = PracticeSession

    user = factory.SubFactory(UserFactory)
    question = factory.SubFactory(QuestionFactory, workspace=factory.SelfAttribute("..workspace"))
    self_rating = 6


class UserSkillFactory(WorkspaceOwnedFactory):
    class Meta:
        model = UserSkill

    user = factory.SubFactory(UserFactory)
    skill = factory.SubFactory(SkillFactory, workspace=factory.SelfAttribute("..workspace"))
    proficiency = 3


class PlanStageFactory(WorkspaceOwnedFactory):
    class Meta:
        model = PlanStage

    position = factory.SubFactory(PositionFactory, workspace=factory.SelfAttribute("..workspace"))
    name = factory.Sequence(lambda n: f"Stage {n}")
    order = factory.Sequence(lambda n: n)
    kind = Interview.Kind.TECHNICAL
    duration_minutes = 45
    criteria = factory.LazyFunction(
        lambda: [
            {"name": "Problem solving", "guidance": "Breaks the problem down"},
            {"name": "Communication", "guidance": "Explains trade-offs"},
        ]
    )


class OfferFactory(WorkspaceOwnedFactory):
    class Meta:
        model = Offer

    candidate = factory.SubFactory(CandidateFactory, workspace=factory.SelfAttribute("..workspace"))
    position = factory.SubFactory(PositionFactory, workspace=factory.SelfAttribute("..workspace"))
    salary = "85000.00"
    currency = "EUR"
