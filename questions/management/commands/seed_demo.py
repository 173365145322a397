"""Demo data so that a newcomer running ``make run`` sees a living product.

Lives in the questions app because that app sits at the end of the dependency chain and may
read and write every other app's data. The content is in ``questions/demo_data.py``; this
command only turns it into records, with dates relative to today.

Every record is made by the same services the pages and the API call, so the demo obeys the
product's rules (a scheduled round moves its application on, a failed one rejects it, each
change has its history and its activity, a practice schedules the next review). Two things
only the demo does write directly: the team's passwords (an invitation would leave them to
choose one), and the timestamps, moved into the past after the services stamped them "now".

Idempotent: every record is found by its natural key before it is created, and the rows that
hang off a record (status history, interviews, contacts) are made only with the record itself,
so running the command twice leaves the same data.
"""

import datetime as dt
import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandParser
from django.db import models, transaction
from django.utils import timezone

from candidates import services as candidate_services
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
from interviews.models import Feedback, Interview, PlanStage
from positions import services as position_services
from positions.models import Company, Position, Skill
from questions import demo_data, plans
from questions import services as question_services
from questions.models import PracticeSession, Question, UserSkill

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
# What is recorded when a round is booked (the rest of a round's events happen at its end).
BOOKING_VERBS = ["interview_scheduled", "participant_added", "status_changed"]
# Past rounds of the job search this recent have no notes yet.
NOTES_WITHIN_DAYS = 3
# How long before today the demo's question bank and skills were written down.
BANK_AGE = dt.timedelta(days=60)
SCORECARD_CRITERIA = [
    {"name": "Problem solving", "guidance": "Breaks the problem down, tests edge cases."},
    {"name": "Communication", "guidance": "Explains trade-offs; listens."},
]


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
    def __init__(self) -> None:
        self.now = timezone.now()
        self.today = timezone.localdate()

    # --- helpers ---------------------------------------------------------------------------

    def user(self, email: str, first: str, last: str) -> User:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            # Every demo person signs in with the demo password, so each role can be tried;
            # an invitation (member_add) would leave them without one.
            user = User.objects.create_user(email=email, first_name=first, last_name=last)
            user.password = self.team_password
            user.save(update_fields=["password"])
        return user

    @functools.cached_property
    def team_password(self) -> str:
        """The demo password, hashed once for the whole team: hashing is deliberately slow,
        and it was most of the time ``make run`` spent seeding."""
        return make_password(DEMO_PASSWORD)

    def member(self, workspace: Workspace, user: User, role: str) -> None:
        if not Membership.objects.filter(user=user, workspace=workspace).exists():
            services.member_add(workspace=workspace, email=user.email, role=role, invite=False)
            user.forget_workspace_roles()
        if user.default_workspace_id is None:
            services.user_update(user=user, default_workspace=workspace)

    def backdate(self, obj: models.Model, start: dt.datetime) -> None:
        """Move an object's creation to ``start`` and spread its status history from there to
        yesterday, so time-in-stage figures and timelines look like a real search."""
        content_type = ContentType.objects.get_for_model(type(obj))
        events = ActivityEvent.objects.filter(content_type=content_type, object_id=obj.pk)
        events.exclude(verb="status_changed").update(created_at=start)
        changes = list(
            StatusChange.objects.filter(content_type=content_type, object_id=obj.pk).order_by(
                "created_at", "id"
            )
        )
        span = max(self.now - dt.timedelta(days=1) - start, dt.timedelta(hours=1))
        moment = start
        for i, change in enumerate(changes, start=1):
            moment = start + span * i / (len(changes) + 1)
            StatusChange.objects.filter(pk=change.pk).update(created_at=moment)
            events.filter(verb="status_changed", details__to=change.to_status).update(
                created_at=moment
            )
        # Last touched at its last move: an application left alone since then has gone quiet.
        type(obj)._default_manager.filter(pk=obj.pk).update(created_at=start, updated_at=moment)

    def walk(self, obj: Candidate | Position, path: list[str], actor: User, reason: str = ""):
        """Move ``obj`` along ``path``; the last move carries the rejection reason, if any."""
        for n, status in enumerate(path, start=1):
            extra = {"rejection_reason": reason} if reason and n == len(path) else {}
            if isinstance(obj, Candidate):
                candidate_services.candidate_change_status(
                    candidate=obj, status=status, actor=actor, **extra
                )
            else:
                position_services.position_change_status(
                    position=obj, status=status, actor=actor, **extra
                )

    def interview(
        self, workspace: Workspace, when_days: float, actor: User, **fields: Any
    ) -> Interview:
        """A round ``when_days`` from now; a past one is over, with its outcome recorded."""
        scheduled_at = (self.now + dt.timedelta(days=when_days)).replace(
            minute=0, second=0, microsecond=0
        )
        outcome = fields.pop("outcome", "pending")
        interview = interview_services.interview_create(
            actor=actor, workspace=workspace, scheduled_at=scheduled_at, **fields
        )
        if when_days < 0:
            interview = interview_services.interview_set_outcome(
                actor=actor,
                interview=interview,
                outcome="passed" if outcome == "pending" else outcome,
            )
        return interview

    def settle(self, since: dt.datetime, moment: dt.datetime, **match: Any) -> None:
        """The events recorded since ``since`` (those matching ``match``) happened at
        ``moment``: the services stamp them "now", the demo tells a story of weeks."""
        ActivityEvent.objects.filter(created_at__gte=since, **match).update(created_at=moment)

    def settle_round(self, since: dt.datetime, interview: Interview) -> None:
        """The events about ``interview`` since ``since`` (its own timeline's and the copies on
        its candidate's and position's) happened around the round: it was booked a week
        before (or now, when that is sooner), and what happened in it at its end."""
        start = interview.scheduled_at
        end = start + dt.timedelta(minutes=interview.duration_minutes)
        ids = [interview.pk, interview.candidate_id, interview.position_id]
        booked = min(self.now, start - dt.timedelta(days=7))
        self.settle(since, booked, object_id__in=ids, verb__in=BOOKING_VERBS)
        self.settle(since, end if end < self.now else booked, object_id__in=ids)

    def company(
        self, workspace: Workspace, owner: User, when: dt.datetime, name: str, **fields: Any
    ) -> Company:
        """The workspace's company of that name, or a new one, noted at ``when``."""
        found = Company.objects.filter(workspace=workspace, name__iexact=name).first()
        if found is not None:
            return found
        since = timezone.now()
        company = position_services.company_create(
            workspace=workspace, actor=owner, name=name, **fields
        )
        self.settle(since, when, object_id=company.pk)
        return company

    def panel(self, interview: Interview, actor: User, people: Iterable[User], role: str):
        for person in people:
            interview_services.participant_add(
                actor=actor, interview=interview, user=person, role=role
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
        company = self.company(
            workspace,
            owner,
            self.now - BANK_AGE,
            name,
            industry=industry,
            headquarters=headquarters,
            website=website,
        )
        openings = []
        for index, (title, seniority, location) in enumerate(demo_data.OPENINGS):
            opening = Position.objects.filter(
                workspace=workspace, company=company, title=title
            ).first()
            if opening is None:
                opening = position_services.position_create(
                    workspace=workspace,
                    actor=owner,
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
        # The first opening's plan comes first: its technical rounds are scored against it.
        stage = self.plan(workspace, owner, openings[0])
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
            candidate = candidate_services.candidate_create(
                workspace=workspace,
                actor=recruiter,
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
                "Not enough experience with distributed systems." if status == "rejected" else ""
            )
            self.walk(candidate, path, recruiter, reason)
            self.backdate(candidate, self.now - dt.timedelta(days=45 - index))
            if "interviewing" in path:
                self.candidate_interviews(
                    workspace,
                    candidate,
                    index,
                    status,
                    recruiter,
                    interviewers,
                    stage if opening == openings[0] else None,
                )
        if stage is not None:
            self.debrief_and_offer(workspace, owner, openings[0])
        return workspace

    def candidate_interviews(
        self,
        workspace: Workspace,
        candidate: Candidate,
        index: int,
        status: str,
        recruiter: User,
        interviewers: list[User],
        stage: PlanStage | None,
    ) -> None:
        panel = [interviewers[index % 3], interviewers[(index + 1) % 3]]
        if stage is not None:
            # A plan stage's round seats the stage's interviewers.
            panel = list(stage.default_interviewers.order_by("email"))
        since = timezone.now()
        past = self.interview(
            workspace,
            -(10 + index % 7),
            recruiter,
            candidate=candidate,
            plan_stage=stage,
            title=f"Technical interview: {candidate.name}",
            kind="technical",
            format="video",
            meeting_url="https://meet.example.com/acme-tech",
            duration_minutes=60,
            outcome="failed" if status == "rejected" else "passed",
            overall_feedback="Good depth on databases; communication clear.",
        )
        if stage is None:
            # Seated once over: a finished round holds no one's time, and invites no one.
            self.panel(past, recruiter, panel, "interviewer")
        # The second interviewer of every third candidate still owes feedback (overdue).
        authors = panel[:1] if index % 3 == 0 else panel
        for n, author in enumerate(authors):
            interview_services.feedback_submit(
                actor=author,
                interview=past,
                rating=2 if status == "rejected" else 3 + (index + n) % 3,
                recommendation="no" if status == "rejected" else ("yes", "strong_yes")[n % 2],
                criteria=[
                    {"name": "Problem solving", "score": 3 + n, "note": ""},
                    {"name": "Communication", "score": 4, "note": "Explains trade-offs well."},
                ],
                comment=demo_data.FEEDBACK_COMMENTS[(index + n) % len(demo_data.FEEDBACK_COMMENTS)],
            )
        interview_services.message_post(actor=recruiter, interview=past, body=demo_data.MESSAGES[0])
        self.settle_round(since, past)
        if status == "interviewing":
            since = timezone.now()
            # Candidates sharing a day are 2.4 hours apart: panels share interviewers, who
            # cannot be double-booked.
            upcoming = self.interview(
                workspace,
                1 + index % 6 + 0.25 + index // 6 * 0.1,
                recruiter,
                candidate=candidate,
                title=f"System design: {candidate.name}",
                kind="system_design",
                format="onsite" if index % 2 else "video",
                location="Acme HQ, Room 3.14" if index % 2 else "",
                meeting_url="" if index % 2 else "https://meet.example.com/acme-design",
                duration_minutes=90,
            )
            self.panel(upcoming, recruiter, panel, "interviewer")
            self.panel(upcoming, recruiter, [recruiter], "observer")
            for body in demo_data.MESSAGES:
                interview_services.message_post(actor=recruiter, interview=upcoming, body=body)
            self.settle_round(since, upcoming)

    def plan(self, workspace: Workspace, owner: User, opening: Position) -> PlanStage | None:
        """The opening's interview plan with its kits; None when it has one already."""
        if PlanStage.objects.filter(position=opening).exists():
            return None
        bank = self.questions(workspace, owner)
        interviewers = list(
            User.objects.filter(
                memberships__workspace=workspace, memberships__role=Role.INTERVIEWER
            ).order_by("email")
        )
        technical = plans.plan_stage_create(
            actor=owner,
            position=opening,
            name="Technical interview",
            kind="technical",
            duration_minutes=60,
            instructions="Start with the warm-up, then one design question; leave 10 minutes.",
            criteria=SCORECARD_CRITERIA,
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
            criteria=[
                *SCORECARD_CRITERIA,
                {"name": "Architecture", "guidance": "Sensible components."},
            ],
            default_interviewers=interviewers[1:3],
            questions=questions_of(bank, "system_design")[:3],
        )
        return technical

    def debrief_and_offer(self, workspace: Workspace, owner: User, opening: Position) -> None:
        """One panel of the opening far apart on problem solving (the debrief flags it), and
        a sent offer."""
        rounds = Interview.objects.filter(position=opening, kind="technical")
        panels = rounds.annotate(cards=models.Count("feedback")).filter(cards__gte=2)
        split = (
            Feedback.objects.filter(interview__in=panels)
            .select_related("author")
            .order_by("created_at", "id")
            .first()
        )
        if split is not None and split.author is not None:
            interview_services.feedback_update(
                actor=split.author,
                feedback=split,
                criteria=[
                    {"name": "Problem solving", "score": 1, "note": "Stuck on the basics."},
                    *split.criteria[1:],
                ],
            )
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
        since = timezone.now()
        known = {
            text.lower()
            for text in Question.objects.filter(workspace=workspace).values_list("text", flat=True)
        }
        for item in demo_data.QUESTIONS:
            if item.text.lower() in known:
                continue
            question_services.question_create(
                workspace=workspace,
                actor=owner,
                text=item.text,
                category=item.category,
                difficulty=item.difficulty,
                answer_summary=item.answer_summary,
                key_concepts=item.key_concepts,
                common_mistakes=item.common_mistakes,
                tips=item.tips,
                tags=item.tags,
                time_to_answer_minutes=item.minutes,
            )
        # The bank was written before the search began.
        self.settle(since, self.now - BANK_AGE, workspace=workspace, verb="question_created")
        texts = [item.text for item in demo_data.QUESTIONS]
        return list(
            Question.objects.filter(workspace=workspace, text__in=texts).order_by(
                "created_at", "id"
            )
        )

    def skills(self, workspace: Workspace, owner: User) -> dict[str, Skill]:
        since = timezone.now()
        skills: dict[str, Skill] = {}
        for name, category, skill_type, trending, demand in demo_data.SKILLS:
            skill = Skill.objects.filter(workspace=workspace, name__iexact=name).first()
            if skill is None:
                skill = position_services.skill_create(
                    workspace=workspace,
                    actor=owner,
                    name=name,
                    category=category,
                    skill_type=skill_type,
                    is_trending=trending,
                    market_demand=demand,
                )
            skills[name] = skill
        self.settle(since, self.now - BANK_AGE, workspace=workspace)
        rated = set(UserSkill.objects.filter(user=owner).values_list("skill_id", flat=True))
        for name, proficiency in demo_data.USER_SKILLS:
            # The demo user's own ratings are theirs to change: a second run keeps them.
            if skills[name].pk not in rated:
                question_services.user_skill_set(
                    user=owner, skill=skills[name], proficiency=proficiency
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
                # Practised days ago: the spaced repetition schedules from then, so some
                # questions are due today and others later.
                when = self.now - dt.timedelta(days=3 * (sessions - n) + index % 5)
                result = question_services.practice_record(
                    user=owner,
                    question=question,
                    self_rating=min(10, 4 + n * 2 + index % 3),
                    answer="Outlined the answer with the STAR structure and two concrete numbers.",
                    duration_seconds=120 + 30 * ((index + n) % 6),
                    now=when,
                )
                PracticeSession.objects.filter(pk=result.session.pk).update(created_at=when)

    def job_search(self, owner: User, workspace: Workspace) -> None:
        skills = self.skills(workspace, owner)
        self.bank = self.questions(workspace, owner)
        self.practice(workspace, owner, self.bank)
        for item in demo_data.APPLICATIONS:
            company = self.company(
                workspace,
                owner,
                self.now - dt.timedelta(days=item.days_ago),
                item.company,
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
        position = position_services.position_create(
            workspace=workspace,
            actor=owner,
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
            required_skills=[skills[name] for name in item.skills],
        )
        name, title, email = item.contact
        position_services.contact_create(
            position=position, actor=owner, name=name, title=title, email=email
        )
        reason = (
            "Went with a candidate with more Kubernetes experience."
            if item.status == "rejected"
            else ""
        )
        self.walk(position, status_path(item.status, interviewed=bool(item.rounds)), owner, reason)
        self.backdate(position, self.now - dt.timedelta(days=item.days_ago))
        for number, (kind, days, outcome) in enumerate(item.rounds, start=1):
            # Rounds of the last few days still wait for their notes (Today asks for them).
            noted = days < -NOTES_WITHIN_DAYS
            since = timezone.now()
            interview = self.interview(
                workspace,
                days + (0.3 if days >= 0 else 0),
                owner,
                position=position,
                title=f"{kind.replace('_', ' ').capitalize()} with {item.company}",
                round_number=number,
                kind=kind,
                format="phone" if kind == "phone_screen" else "video",
                meeting_url="" if kind == "phone_screen" else "https://meet.example.com/interview",
                interviewer_name=name,
                outcome=outcome,
                strengths="Clear structure, good questions for the team." if noted else "",
                areas_for_improvement="Be more concise on the first answer." if noted else "",
            )
            if days < 0:
                asked = questions_of(self.bank, KIND_CATEGORY.get(kind, "other"))[:2]
                for order, question in enumerate(asked, start=1):
                    question_services.interview_question_add(
                        interview=interview,
                        actor=owner,
                        question=question,
                        order_asked=order,
                        answer_quality_rating=7 if outcome == "passed" else 4,
                        confidence_level=6 + order,
                        was_prepared=order == 1,
                        what_went_well="Structured answer, checked assumptions.",
                        what_could_improve="Mention metrics earlier.",
                    )
            self.settle_round(since, interview)


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
        seeder = Seeder()
        seeder.job_search(user, personal)
        seeder.recruiting(user)
        return {
            label: model._default_manager.count() - before[label]
            for label, model in tracked.items()
        }
