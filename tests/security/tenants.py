"""One workspace with an object of every kind, built from the factories: the data the isolation
probes and the schema fuzzing run against."""

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from assistant.models import Conversation
from interview_tracker.models import Membership, Role
from tests.factories import (
    CompanyFactory,
    ContactFactory,
    CVVersionFactory,
    FeedbackFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    JobRoleFactory,
    MembershipFactory,
    MessageFactory,
    ParticipantFactory,
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
    }
    objects.update(build_pipeline_objects(workspace, owner, interview))
    return Tenant(objects)


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
