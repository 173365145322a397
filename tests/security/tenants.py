"""One workspace with an object of every kind, built from the factories: the data the isolation
probes and the schema fuzzing run against."""

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from assistant.models import Conversation, MockInterview, MockInterviewItem
from candidates.services import candidate_merge
from integrations.models import PersonalAccessToken, Webhook, WebhookDelivery
from interview_tracker.models import Membership, Role
from interviews.models import EmailTemplate, Interview
from tests.factories import (
    CandidateFactory,
    CompanyFactory,
    ContactFactory,
    CVVersionFactory,
    FeedbackFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    JobRoleFactory,
    MembershipFactory,
    MessageFactory,
    OfferFactory,
    ParticipantFactory,
    PlanStageFactory,
    PositionFactory,
    PracticeSessionFactory,
    QuestionFactory,
    SkillFactory,
    UserFactory,
    UserSkillFactory,
)


@dataclass
class Tenant:
    """One workspace with an object of every kind, built from the factories."""

    objects: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def build_tenant(workspace, owner) -> Tenant:
    interviewer = UserFactory()
    MembershipFactory(user=interviewer, workspace=workspace, role=Role.INTERVIEWER)
    interview = InterviewFactory(workspace=workspace, created_by=owner)
    # Files too, so the download routes name something real.
    interview.candidate.resume = SimpleUploadedFile("resume.pdf", b"%PDF-1.4 resume")
    interview.candidate.save(update_fields=["resume"])
    question = QuestionFactory(workspace=workspace)
    objects: dict[str, Any] = {
        "workspace": workspace,
        "membership": Membership.objects.get(user=interviewer, workspace=workspace),
        "interview": interview,
        "candidate": interview.candidate,
        "participant": ParticipantFactory(interview=interview, user=interviewer),
        "message": MessageFactory(interview=interview, author=owner),
        "feedback": FeedbackFactory(interview=interview, author=interviewer),
        "question": question,
        "interview_question": InterviewQuestionFactory(
            workspace=workspace, interview=interview, question=question
        ),
        "practice_session": PracticeSessionFactory(
            workspace=workspace, user=owner, question=question
        ),
        "user_skill": UserSkillFactory(workspace=workspace, user=owner),
        "conversation": Conversation.objects.create(
            user=owner, workspace=workspace, title="Preparing the system design round"
        ),
        **build_integration_objects(workspace, owner, question),
        # A duplicate merged into the candidate, so the undo route names a real merge.
        "merge": candidate_merge(
            kept=interview.candidate,
            other=CandidateFactory(workspace=workspace, name="Older record"),
            actor=owner,
        ),
    }
    objects.update(build_pipeline_objects(workspace, owner, interview))
    objects.update(build_hiring_objects(workspace, interview))
    return Tenant(objects)


def build_hiring_objects(workspace, interview) -> dict[str, Any]:
    """An interview plan's stage (the interview's), an e-mail template and an offer."""
    stage = PlanStageFactory(workspace=workspace, position=PositionFactory(workspace=workspace))
    Interview.objects.filter(pk=interview.pk).update(plan_stage=stage)
    return {
        "plan_stage": stage,
        "email_template": EmailTemplate.objects.create(
            workspace=workspace, kind="offer", subject="Offer", body="Dear {{ candidate.name }}"
        ),
        "offer": OfferFactory(
            workspace=workspace, candidate=interview.candidate, position=stage.position
        ),
    }


def build_pipeline_objects(workspace, owner, interview) -> dict[str, Any]:
    position = PositionFactory(workspace=workspace)
    interview.position = position
    interview.save(update_fields=["position"])
    return {
        "company": CompanyFactory(workspace=workspace),
        "role": JobRoleFactory(workspace=workspace),
        "skill": SkillFactory(workspace=workspace),
        "cv_version": CVVersionFactory(
            workspace=workspace, file=SimpleUploadedFile("cv.pdf", b"%PDF-1.4 cv")
        ),
        "position": position,
        "contact": ContactFactory(workspace=workspace, position=position),
    }


def build_integration_objects(workspace, owner, question) -> dict[str, Any]:
    """A personal access token, a webhook with a finished delivery, a mock interview."""
    webhook = Webhook.objects.create(
        workspace=workspace,
        url="https://hooks.example.com/in",
        events=["candidate.created"],
        secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    )
    mock = MockInterview.objects.create(workspace=workspace, user=owner)
    MockInterviewItem.objects.create(mock_interview=mock, order=1, question=question)
    return {
        "token": PersonalAccessToken.objects.create(
            user=owner, name="script", prefix="itk_probe", digest=f"{owner.pk.hex:0<64}"
        ),
        "webhook": webhook,
        "delivery": WebhookDelivery.objects.create(
            webhook=webhook,
            event_type="candidate.created",
            message_id=f"msg_{webhook.pk.hex}",
            payload={},
            status="failed",
            attempt_count=1,
        ),
        "mock_interview": mock,
    }
