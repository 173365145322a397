"""A small hand-built dataset whose figures the tests derive by hand (see ``test_api.py``).

Acme Recruiting (the cast's workspace, a job search here: positions are the applications), all
in 2024, times in UTC:

positions   company     applied  source    history (from → to at)                    now
P1          TechCorp    01-10    linkedin  applied→screening 01-12, →applied 01-15   applied
P2          TechCorp    01-20    linkedin  →screening 01-25, →interviewing 02-01     interviewing
P3          TechCorp    02-15    referral  →screening 02-20, →interviewing 02-25,
                                           →offer 03-05 12:00                        offer
P4          StartupInc  02-10    referral  →interviewing 02-19, →rejected 02-22 12:00 rejected
P5          StartupInc  03-31    (none)    →screening 04-08                          screening
P6          Globex      04-01    linkedin  —                                         applied

interviews (all at 12:00)
I1 P2 technical     02-01 completed passed     I4 P4 hr            02-20 completed failed
I2 P2 behavioral    02-15 scheduled pending    I5 P6 phone_screen  06-05 cancelled cancelled
I3 P3 final         03-01 completed passed     I6 C2 coding        01-20 completed passed
(I6 has no position)

candidates  source    created  history                                    now
C1          referral  01-05    —                                          applied
C2          referral  01-10    →interviewing 01-14                        interviewing
C3          job_board 01-05    →screening 01-08, →hired 01-20             hired

interviewer participants: `interviewer` on I1 (feedback 4), I2, I3, I4 (feedback 2);
`recruiter` on I1 (feedback 5), I6; `candidate_user` is the candidate on I2.
questions: technical/easy (asked at TechCorp), behavioral/medium, technical/hard, and an
inactive coding one. Skills required: P1 Python+SQL, P2 Python+Docker, P3 Python,
P4 Kubernetes+Python, P5 SQL, P6 Kubernetes; the owner rates Python 4, SQL 2, Kubernetes 3.
The outsider's workspace holds one position of its own, which no figure of ours may count.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db.models import Model

from interview_tracker.models import StatusChange, WorkspaceKind
from interview_tracker.services import pipeline_status_change
from interviews.models import Interview
from tests.factories import (
    CandidateFactory,
    CompanyFactory,
    FeedbackFactory,
    InterviewFactory,
    ParticipantFactory,
    PositionFactory,
    QuestionFactory,
    SkillFactory,
    UserSkillFactory,
    WorkspaceFactory,
)

UTC = dt.UTC


def at(month: int, day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, tzinfo=UTC)


def move(obj: Model, status: str, when: dt.datetime) -> None:
    """A real pipeline move, then dated: the service stamps "now", the story is in 2024."""
    pipeline_status_change(obj=obj, status=status, actor=None)
    latest = StatusChange.objects.filter(object_id=obj.pk).latest("created_at", "id")
    StatusChange.objects.filter(pk=latest.pk).update(created_at=when)


def created(obj: Model, when: dt.datetime) -> None:
    type(obj)._default_manager.filter(pk=obj.pk).update(created_at=when)


@dataclass
class Dataset:
    positions: dict[str, Any] = field(default_factory=dict)
    interviews: dict[str, Any] = field(default_factory=dict)
    candidates: dict[str, Any] = field(default_factory=dict)
    skills: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def workspace(db):
    """The cast's workspace as one person's job search: these figures count positions."""
    return WorkspaceFactory(name="Acme Recruiting", kind=WorkspaceKind.JOB_SEARCH)


@pytest.fixture
def other_workspace(db):
    return WorkspaceFactory(name="Other Co", kind=WorkspaceKind.JOB_SEARCH)


@pytest.fixture
def dataset(workspace, owner, recruiter, interviewer, candidate_user, outsider, other_workspace):
    data = Dataset()
    company = {
        name: CompanyFactory(workspace=workspace, name=name)
        for name in ("TechCorp", "StartupInc", "Globex")
    }
    for key, (name, applied, source) in {
        "P1": ("TechCorp", dt.date(2024, 1, 10), "linkedin"),
        "P2": ("TechCorp", dt.date(2024, 1, 20), "linkedin"),
        "P3": ("TechCorp", dt.date(2024, 2, 15), "referral"),
        "P4": ("StartupInc", dt.date(2024, 2, 10), "referral"),
        "P5": ("StartupInc", dt.date(2024, 3, 31), ""),
        "P6": ("Globex", dt.date(2024, 4, 1), "linkedin"),
    }.items():
        position = PositionFactory(
            workspace=workspace,
            company=company[name],
            title=f"Engineer {key}",
            application_date=applied,
            source=source,
        )
        created(position, dt.datetime.combine(applied, dt.time.min, tzinfo=UTC))
        data.positions[key] = position
    p = data.positions
    move(p["P1"], "screening", at(1, 12))
    move(p["P1"], "applied", at(1, 15))
    move(p["P2"], "screening", at(1, 25))
    move(p["P2"], "interviewing", at(2, 1))
    move(p["P3"], "screening", at(2, 20))
    move(p["P3"], "interviewing", at(2, 25))
    move(p["P3"], "offer", at(3, 5, 12))
    move(p["P4"], "interviewing", at(2, 19))
    move(p["P4"], "rejected", at(2, 22, 12))
    move(p["P5"], "screening", at(4, 8))

    c = data.candidates
    for key, (source, when) in {
        "C1": ("referral", at(1, 5)),
        "C2": ("referral", at(1, 10)),
        "C3": ("job_board", at(1, 5)),
    }.items():
        c[key] = CandidateFactory(workspace=workspace, name=f"Candidate {key}", source=source)
        created(c[key], when)
    move(c["C2"], "interviewing", at(1, 14))
    move(c["C3"], "screening", at(1, 8))
    move(c["C3"], "hired", at(1, 20))

    S, Out = Interview.Status, Interview.Outcome
    for key, (position, candidate, kind, when, status, outcome) in {
        "I1": (p["P2"], None, "technical", at(2, 1, 12), S.COMPLETED, Out.PASSED),
        "I2": (p["P2"], None, "behavioral", at(2, 15, 12), S.SCHEDULED, Out.PENDING),
        "I3": (p["P3"], None, "final", at(3, 1, 12), S.COMPLETED, Out.PASSED),
        "I4": (p["P4"], None, "hr", at(2, 20, 12), S.COMPLETED, Out.FAILED),
        "I5": (p["P6"], None, "phone_screen", at(6, 5, 12), S.CANCELLED, Out.CANCELLED),
        "I6": (None, c["C2"], "coding", at(1, 20, 12), S.COMPLETED, Out.PASSED),
    }.items():
        data.interviews[key] = InterviewFactory(
            workspace=workspace,
            position=position,
            candidate=candidate,
            kind=kind,
            scheduled_at=when,
            status=status,
            outcome=outcome,
        )
    i = data.interviews
    for key in ("I1", "I2", "I3", "I4"):
        ParticipantFactory(interview=i[key], user=interviewer)
    for key in ("I1", "I6"):
        ParticipantFactory(interview=i[key], user=recruiter)
    ParticipantFactory(interview=i["I2"], user=candidate_user, role="candidate")
    FeedbackFactory(interview=i["I1"], author=interviewer, rating=4)
    FeedbackFactory(interview=i["I4"], author=interviewer, rating=2)
    FeedbackFactory(interview=i["I1"], author=recruiter, rating=5)

    QuestionFactory(
        workspace=workspace, category="technical", difficulty="easy", company=company["TechCorp"]
    )
    QuestionFactory(workspace=workspace, category="behavioral", difficulty="medium")
    QuestionFactory(workspace=workspace, category="technical", difficulty="hard")
    QuestionFactory(workspace=workspace, category="coding", difficulty="easy", is_active=False)

    s = data.skills
    for name in ("Python", "SQL", "Docker", "Kubernetes"):
        s[name] = SkillFactory(workspace=workspace, name=name, category="Engineering")
    for key, names in {
        "P1": ["Python", "SQL"],
        "P2": ["Python", "Docker"],
        "P3": ["Python"],
        "P4": ["Kubernetes", "Python"],
        "P5": ["SQL"],
        "P6": ["Kubernetes"],
    }.items():
        p[key].required_skills.set([s[name] for name in names])
    for name, level in {"Python": 4, "SQL": 2, "Kubernetes": 3}.items():
        UserSkillFactory(workspace=workspace, user=owner, skill=s[name], proficiency=level)

    elsewhere = PositionFactory(workspace=other_workspace, application_date=dt.date(2024, 1, 15))
    InterviewFactory(
        workspace=other_workspace, position=elsewhere, candidate=None, scheduled_at=at(1, 16, 12)
    )
    return data
