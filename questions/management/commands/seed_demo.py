"""Demo data so that a newcomer running ``make run`` sees a living product.

Lives in the questions app because that app sits at the end of the dependency chain and may
read and write every other app's data. The content is in ``questions/demo_data.py``; this
command only turns it into rows, with dates relative to today.

Idempotent: every record is found by its natural key before it is created, and the rows that
hang off a record (status history, interviews, contacts) are made only with the record itself,
so running the command twice leaves the same data.
"""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandParser
from django.db import models, transaction
from django.utils import timezone

from candidates.models import Candidate
from interview_tracker import services
from interview_tracker.models import (
    ActivityEvent,
    Membership,
    Role,
    StatusChange,
    User,
    Workspace,
)
from interviews import services as interview_services
from interviews.models import Feedback, Interview, Message, Participant, PlanStage
from positions.models import Company, Contact, Position, Skill
from questions import demo_data, plans
from questions.models import InterviewQuestion, PracticeSession, Question, ReviewSchedule, UserSkill

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-interviews-2026"
RECRUITING_WORKSPACE = "Acme Recruiting"
# Interview kind → the question category asked in it.
KIND_CATEGORY = {
    "phone_screen": "hr",
    "technical": "technical",
    "coding": "coding",
    "system_design": "system_design",
    "behavioral": "behavioral",
    "final": "behavioral",
}
PIPELINE = ["applied", "screening", "interviewing", "offer", "hired"]


def status_path(final: str, interviewed: bool = True) -> list[str]:
    """The moves that lead a new record (``applied``) to ``final``, in order."""
    if final in PIPELINE:
        return PIPELINE[1 : PIPELINE.index(final) + 1]
    return [*(["screening", "interviewing"] if interviewed else ["screening"]), final]


def demo_team() -> list[Membership]:
    """The other people of the demo user's workspaces, by workspace and role."""
    workspaces = Membership.objects.filter(user__email__iexact=DEMO_EMAIL).values("workspace_id")
    return list(
        Membership.objects.filter(workspace_id__in=workspaces)
        .exclude(user__email__iexact=DEMO_EMAIL)
        .select_related("user", "workspace")
        .order_by("workspace__name", "role", "user__email")
    )


class Seeder:
    def __init__(self, stdout: Any) -> None:
        self.stdout = stdout
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.random = random.Random(2026)

    # --- helpers ---------------------------------------------------------------------------

    def user(self, email: str, first: str, last: str) -> User:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            # Every demo person signs in with the demo password, so each role can be tried.
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, first_name=first, last_name=last
            )
        return user

    def member(self, workspace: Workspace, user: User, role: str) -> None:
        Membership.objects.get_or_create(user=user, workspace=workspace, defaults={"role": role})
        if user.default_workspace_id is None:
            user.default_workspace = workspace
            user.save(update_fields=["default_workspace"])

    def backdate(self, obj: models.Model, start: dt.datetime) -> None:
        """Spread an object's creation and status history from ``start`` to yesterday, so
        time-in-stage figures and timelines look like a real search."""
        type(obj)._default_manager.filter(pk=obj.pk).update(created_at=start)
        content_type = ContentType.objects.get_for_model(type(obj))
        changes = list(
            StatusChange.objects.filter(content_type=content_type, object_id=obj.pk).order_by(
                "created_at", "id"
            )
        )
        span = max(self.now - dt.timedelta(days=1) - start, dt.timedelta(hours=1))
        for i, change in enumerate(changes, start=1):
            moment = start + span * i / (len(changes) + 1)
            StatusChange.objects.filter(pk=change.pk).update(created_at=moment)
            ActivityEvent.objects.filter(
                content_type=content_type, object_id=obj.pk, details__to=change.to_status
            ).update(created_at=moment)

    def walk(self, obj: Candidate | Position, path: list[str], actor: User) -> None:
        for status in path:
            services.pipeline_status_change(obj=obj, status=status, actor=actor)

    def interview(self, workspace: Workspace, when_days: float, **fields: Any) -> Interview:
        scheduled_at = (self.now + dt.timedelta(days=when_days)).replace(
            minute=0, second=0, microsecond=0
        )
        past = when_days < 0
        outcome = fields.pop("outcome", "pending")
        if past and outcome == "pending":
            outcome = "passed"
        return Interview.objects.create(
            workspace=workspace,
            scheduled_at=scheduled_at,
            status="completed" if past else "scheduled",
            outcome=outcome if past else "pending",
            **fields,
        )

    # --- the recruiting team ---------------------------------------------------------------

    def recruiting(self, owner: User) -> Workspace:
        workspace = Workspace.objects.filter(
            name=RECRUITING_WORKSPACE, memberships__user=owner, memberships__role=Role.OWNER
        ).first()
        if workspace is None:
            workspace = services.workspace_create(owner=owner, name=RECRUITING_WORKSPACE)
        recruiter = self.user(*demo_data.RECRUITER)
        self.member(workspace, recruiter, Role.RECRUITER)
        interviewers = [self.user(*person) for person in demo_data.INTERVIEWERS]
        for person in interviewers:
            self.member(workspace, person, Role.INTERVIEWER)
        name, industry, headquarters, website = demo_data.TEAM_COMPANY
        company, _ = Company.objects.get_or_create(
            workspace=workspace,
            name=name,
            defaults={"industry": industry, "headquarters": headquarters, "website": website},
        )
        openings = []
        for index, (title, seniority, location) in enumerate(demo_data.OPENINGS):
            opening = Position.objects.filter(
                workspace=workspace, company=company, title=title
            ).first()
            if opening is None:
                opening = Position.objects.create(
                    workspace=workspace,
                    company=company,
                    title=title,
                    seniority=seniority,
                    location=location,
                    is_remote="Remote" in location,
                    application_date=self.today - dt.timedelta(days=60 - index * 5),
                    source="Careers page",
                    description=f"We are hiring a {title} to join our team in {location}.",
                )
                self.walk(opening, ["screening", "interviewing"], owner)
                self.backdate(opening, self.now - dt.timedelta(days=60 - index * 5))
            openings.append(opening)
        existing = {
            email.lower()
            for email in Candidate.objects.filter(workspace=workspace).values_list(
                "email", flat=True
            )
        }
        for index, status in enumerate(demo_data.CANDIDATE_STATUSES):
            first, last = demo_data.FIRST_NAMES[index], demo_data.LAST_NAMES[index]
            email = f"{first}.{last}@example.net".lower().replace("ü", "ue")
            if email in existing:
                continue
            opening = openings[index % len(openings)]
            candidate = Candidate.objects.create(
                workspace=workspace,
                name=f"{first} {last}",
                email=email,
                phone=f"+49 30 {5550100 + index}",
                links=[f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}"],
                position=opening,
                source=demo_data.SOURCES[index % len(demo_data.SOURCES)],
                notes="Strong portfolio; keen on the team's mission." if index % 4 == 0 else "",
                tags=["demo", *(["senior"] if index % 3 == 0 else [])],
            )
            interviewed = status not in {"applied", "screening"} and index % 2 == 0
            path = status_path(status, interviewed=interviewed or status != "rejected")
            reason = (
                "Not enough experience with distributed systems." if status == "rejected" else None
            )
            self.walk(candidate, path, recruiter)
            if reason:
                services.pipeline_status_change(
                    obj=candidate, status=status, actor=recruiter, rejection_reason=reason
                )
            start = self.now - dt.timedelta(days=45 - index)
            self.backdate(candidate, start)
            if "interviewing" in path:
                self.candidate_interviews(
                    workspace, candidate, opening, index, status, recruiter, interviewers
                )
        return workspace

    def candidate_interviews(
        self,
        workspace: Workspace,
        candidate: Candidate,
        opening: Position,
        index: int,
        status: str,
        recruiter: User,
        interviewers: list[User],
    ) -> None:
        panel = [interviewers[index % 3], interviewers[(index + 1) % 3]]
        past = self.interview(
            workspace,
            -(10 + index % 7),
            candidate=candidate,
            position=opening,
            title=f"Technical interview: {candidate.name}",
            kind="technical",
            format="video",
            meeting_url="https://meet.example.com/acme-tech",
            duration_minutes=60,
            created_by=recruiter,
            outcome="failed" if status == "rejected" else "passed",
            overall_feedback="Good depth on databases; communication clear.",
        )
        for member in panel:
            Participant.objects.create(
                interview=past, user=member, role="interviewer", **past.seat_window
            )
        # The second interviewer of every third candidate still owes feedback (overdue).
        authors = panel[:1] if index % 3 == 0 else panel
        for n, author in enumerate(authors):
            Feedback.objects.create(
                interview=past,
                author=author,
                rating=2 if status == "rejected" else 3 + (index + n) % 3,
                recommendation="no" if status == "rejected" else ("yes", "strong_yes")[n % 2],
                criteria=[
                    {"name": "Problem solving", "score": 3 + n, "note": ""},
                    {"name": "Communication", "score": 4, "note": "Explains trade-offs well."},
                ],
                comment=demo_data.FEEDBACK_COMMENTS[(index + n) % len(demo_data.FEEDBACK_COMMENTS)],
            )
        Message.objects.create(interview=past, author=recruiter, body=demo_data.MESSAGES[0])
        if status == "interviewing":
            # Candidates sharing a day are 2.4 hours apart: panels share interviewers, who
            # cannot be double-booked.
            upcoming = self.interview(
                workspace,
                1 + index % 6 + 0.25 + index // 6 * 0.1,
                candidate=candidate,
                position=opening,
                title=f"System design: {candidate.name}",
                kind="system_design",
                format="onsite" if index % 2 else "video",
                location="Acme HQ, Room 3.14" if index % 2 else "",
                meeting_url="" if index % 2 else "https://meet.example.com/acme-design",
                duration_minutes=90,
                created_by=recruiter,
            )
            for member in panel:
                Participant.objects.create(
                    interview=upcoming, user=member, role="interviewer", **upcoming.seat_window
                )
            Participant.objects.create(
                interview=upcoming, user=recruiter, role="observer", **upcoming.seat_window
            )
            for body in demo_data.MESSAGES:
                Message.objects.create(interview=upcoming, author=recruiter, body=body)

    def structured_hiring(self, workspace: Workspace, owner: User) -> None:
        """The first opening's interview plan with kits, its technical rounds scored against
        the plan's template (one candidate's panel disagrees), and a sent offer."""
        opening = Position.objects.filter(workspace=workspace).order_by("created_at", "id").first()
        if opening is None or PlanStage.objects.filter(position=opening).exists():
            return
        bank = self.questions(workspace, owner)
        interviewers = list(
            User.objects.filter(
                memberships__workspace=workspace, memberships__role=Role.INTERVIEWER
            ).order_by("email")
        )
        criteria = [
            {"name": "Problem solving", "guidance": "Breaks the problem down, tests edge cases."},
            {"name": "Communication", "guidance": "Explains trade-offs; listens."},
        ]
        technical = plans.plan_stage_create(
            actor=owner,
            position=opening,
            name="Technical interview",
            kind="technical",
            duration_minutes=60,
            instructions="Start with the warm-up, then one design question; leave 10 minutes.",
            criteria=criteria,
            default_interviewers=interviewers[:2],
            questions=questions_of(bank, "technical")[:3],
        )
        plans.plan_stage_create(
            actor=owner,
            position=opening,
            name="System design",
            kind="system_design",
            duration_minutes=90,
            instructions="Whiteboard a service the candidate knows; probe scaling and failure.",
            criteria=[*criteria, {"name": "Architecture", "guidance": "Sensible components."}],
            default_interviewers=interviewers[1:3],
            questions=questions_of(bank, "system_design")[:3],
        )
        rounds = Interview.objects.filter(position=opening, kind="technical")
        rounds.update(plan_stage=technical)
        # One panel far apart on problem solving: the debrief flags it.
        panels = rounds.annotate(cards=models.Count("feedback")).filter(cards__gte=2)
        split = Feedback.objects.filter(interview__in=panels).order_by("created_at", "id").first()
        if split is not None:
            split.criteria = [
                {"name": "Problem solving", "score": 1, "note": "Stuck on the basics."},
                *split.criteria[1:],
            ]
            split.save(update_fields=["criteria"])
        hopeful = Candidate.objects.filter(workspace=workspace, status="offer").first()
        if hopeful is not None:
            offer = interview_services.offer_create(
                actor=owner,
                candidate=hopeful,
                salary=Decimal("82000"),
                currency="EUR",
                start_date=self.today + dt.timedelta(days=45),
                expires_at=self.now + dt.timedelta(days=7),
                notes="Includes a relocation package.",
            )
            interview_services.offer_approve(actor=owner, offer=offer)
            interview_services.offer_send(actor=owner, offer=offer)

    # --- the job search --------------------------------------------------------------------

    def questions(self, workspace: Workspace, owner: User) -> list[Question]:
        known = {
            text.lower(): pk
            for pk, text in Question.objects.filter(workspace=workspace).values_list("pk", "text")
        }
        Question.objects.bulk_create(
            Question(
                workspace=workspace,
                text=item.text,
                category=item.category,
                difficulty=item.difficulty,
                answer_summary=item.answer_summary,
                key_concepts=item.key_concepts,
                common_mistakes=item.common_mistakes,
                tips=item.tips,
                tags=item.tags,
                time_to_answer_minutes=item.minutes,
                created_by=owner,
            )
            for item in demo_data.QUESTIONS
            if item.text.lower() not in known
        )
        texts = [item.text for item in demo_data.QUESTIONS]
        return list(
            Question.objects.filter(workspace=workspace, text__in=texts).order_by(
                "created_at", "id"
            )
        )

    def skills(self, workspace: Workspace, owner: User) -> dict[str, Skill]:
        skills: dict[str, Skill] = {}
        for name, category, skill_type, trending, demand in demo_data.SKILLS:
            skill = Skill.objects.filter(workspace=workspace, name__iexact=name).first()
            if skill is None:
                skill = Skill.objects.create(
                    workspace=workspace,
                    name=name,
                    category=category,
                    skill_type=skill_type,
                    is_trending=trending,
                    market_demand=demand,
                )
            skills[name] = skill
        for name, proficiency in demo_data.USER_SKILLS:
            UserSkill.objects.get_or_create(
                user=owner,
                skill=skills[name],
                defaults={"workspace": workspace, "proficiency": proficiency},
            )
        return skills

    def practice(self, workspace: Workspace, owner: User, bank: list[Question]) -> None:
        practised = set(
            PracticeSession.objects.filter(workspace=workspace, user=owner).values_list(
                "question_id", flat=True
            )
        )
        for index, question in enumerate(bank[::2]):
            if question.pk in practised:
                continue
            sessions = 1 + index % 3
            for n in range(sessions):
                rating = min(10, 4 + n * 2 + index % 3)
                session = PracticeSession.objects.create(
                    workspace=workspace,
                    user=owner,
                    question=question,
                    answer="Outlined the answer with the STAR structure and two concrete numbers.",
                    self_rating=rating,
                    duration_seconds=120 + 30 * ((index + n) % 6),
                )
                when = self.now - dt.timedelta(days=3 * (sessions - n) + index % 5)
                PracticeSession.objects.filter(pk=session.pk).update(created_at=when)
            ReviewSchedule.objects.get_or_create(
                user=owner,
                question=question,
                defaults={
                    "repetitions": sessions,
                    "interval_days": [1, 6, 15][sessions - 1],
                    "ease": 2.5 + 0.1 * (index % 3),
                    "due_at": self.now + dt.timedelta(days=(index % 9) - 3),
                },
            )

    def job_search(self, owner: User, workspace: Workspace) -> None:
        skills = self.skills(workspace, owner)
        self.bank = self.questions(workspace, owner)
        self.practice(workspace, owner, self.bank)
        for item in demo_data.APPLICATIONS:
            company = Company.objects.filter(workspace=workspace, name__iexact=item.company).first()
            if company is None:
                company = Company.objects.create(
                    workspace=workspace,
                    name=item.company,
                    industry=item.industry,
                    headquarters=item.headquarters,
                    website=item.website,
                    description=f"{item.company} works in {item.industry.lower()}.",
                )
            applied = self.today - dt.timedelta(days=item.days_ago)
            if Position.objects.filter(
                workspace=workspace, company=company, title=item.title
            ).exists():
                continue
            self.application(owner, workspace, company, item, applied, skills)

    def application(
        self,
        owner: User,
        workspace: Workspace,
        company: Company,
        item: demo_data.DemoApplication,
        applied: dt.date,
        skills: dict[str, Skill],
    ) -> None:
        position = Position.objects.create(
            workspace=workspace,
            company=company,
            title=item.title,
            seniority=item.seniority,
            location=item.location,
            is_remote=item.is_remote,
            salary_range=item.salary_range,
            source=item.source,
            url=f"{item.website}/careers/{item.title.lower().replace(' ', '-').replace(',', '')}",
            application_date=applied,
            description=f"{item.title} at {item.company}, working with {', '.join(item.skills)}.",
            preparation_notes="Read the engineering blog; prepare two STAR stories on ownership.",
            next_follow_up=(
                self.today + dt.timedelta(days=item.follow_up_in_days)
                if item.follow_up_in_days is not None
                else None
            ),
            tags=[item.industry.split()[0].lower(), *(["remote"] if item.is_remote else [])],
        )
        position.required_skills.set([skills[name] for name in item.skills])
        name, title, email = item.contact
        Contact.objects.create(
            workspace=workspace, position=position, name=name, title=title, email=email
        )
        path = status_path(item.status, interviewed=bool(item.rounds))
        reason = (
            "Went with a candidate with more Kubernetes experience."
            if item.status == "rejected"
            else None
        )
        self.walk(position, path, owner)
        if reason:
            services.pipeline_status_change(
                obj=position, status=item.status, actor=owner, rejection_reason=reason
            )
        self.backdate(position, self.now - dt.timedelta(days=item.days_ago))
        for number, (kind, days, outcome) in enumerate(item.rounds, start=1):
            interview = self.interview(
                workspace,
                days + (0.3 if days >= 0 else 0),
                position=position,
                title=f"{kind.replace('_', ' ').capitalize()} with {item.company}",
                round_number=number,
                kind=kind,
                format="phone" if kind == "phone_screen" else "video",
                meeting_url="" if kind == "phone_screen" else "https://meet.example.com/interview",
                interviewer_name=name,
                outcome=outcome,
                strengths="Clear structure, good questions for the team." if days < 0 else "",
                areas_for_improvement="Be more concise on the first answer." if days < 0 else "",
                created_by=owner,
            )
            if days < 0:
                asked = questions_of(self.bank, KIND_CATEGORY.get(kind, "other"))[:2]
                for order, question in enumerate(asked, start=1):
                    InterviewQuestion.objects.create(
                        workspace=workspace,
                        interview=interview,
                        question=question,
                        order_asked=order,
                        answer_quality_rating=7 if outcome == "passed" else 4,
                        confidence_level=6 + order,
                        was_prepared=order == 1,
                        what_went_well="Structured answer, checked assumptions.",
                        what_could_improve="Mention metrics earlier.",
                    )


def questions_of(bank: list[Question], category: str) -> list[Question]:
    return [question for question in bank if question.category == category]


class Command(BaseCommand):
    help = (
        "Create (or complete) the demo user and their two demo workspaces: a recruiting team "
        "(Acme Recruiting) and a personal job search with a question bank. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be created; write nothing."
        )
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000",
            help="Where the server runs, for the log-in hint (make run passes its HOST and PORT).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            counts = self.seed()
            if options["dry_run"]:
                transaction.set_rollback(True)
        if options["verbosity"] >= 1:
            prefix = "Dry run, would create: " if options["dry_run"] else "Created: "
            made = ", ".join(f"{n} {label}" for label, n in counts.items() if n) or "nothing new"
            self.stdout.write(prefix + made + ".")
            self.stdout.write(
                f"Log in at {options['url'].rstrip('/')}/login/ as {DEMO_EMAIL} "
                f"with password {DEMO_PASSWORD}"
            )
            self.stdout.write("Each of the demo team logs in with the same password:")
            for membership in demo_team():
                self.stdout.write(
                    f"  {membership.user.email:<36} {membership.role:<12} "
                    f"{membership.workspace.name}"
                )

    def seed(self) -> dict[str, int]:
        tracked = {
            "workspaces": Workspace,
            "users": User,
            "positions": Position,
            "candidates": Candidate,
            "interviews": Interview,
            "questions": Question,
            "practice sessions": PracticeSession,
        }
        before = {label: model._default_manager.count() for label, model in tracked.items()}
        user = User.objects.filter(email__iexact=DEMO_EMAIL).first()
        if user is None:
            user = services.user_register(
                email=DEMO_EMAIL, password=DEMO_PASSWORD, first_name="Demo", last_name="User"
            )
        personal = Workspace.objects.filter(
            is_personal=True, memberships__user=user, memberships__role=Role.OWNER
        ).first() or services.workspace_create(
            owner=user, name="Demo's job search", is_personal=True
        )
        seeder = Seeder(self.stdout)
        seeder.job_search(user, personal)
        seeder.structured_hiring(seeder.recruiting(user), user)
        return {
            label: model._default_manager.count() - before[label]
            for label, model in tracked.items()
        }
