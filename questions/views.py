"""Dashboard pages of the question bank: the bank, a question, its forms, practice mode, my
skills, and the "Questions asked" panel of an interview's page."""

import copy
import random
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, FilteredRelation, Prefetch, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from interview_tracker.errors import ConflictError, ValidationFailed
from interview_tracker.models import STAFF_ROLES
from interview_tracker.pages import paginate
from interview_tracker.typing import AuthedHttpRequest
from interviews.models import Interview
from interviews.permissions import can_take_part
from positions.models import Company, Skill

from . import services
from .api.filters import QUESTION_ORDERING, QuestionFilter, question_order_by
from .forms import InterviewQuestionForm, PracticeForm, QuestionForm, SkillProficiencyForm
from .models import (
    InterviewQuestion,
    PracticeSession,
    Question,
    QuestionQuerySet,
    ReviewSchedule,
    UserSkill,
)

SORTS = [
    ("-created_at", "Newest"),
    ("-times_asked", "Most asked"),
    ("-average_rating", "Best rated"),
    ("average_rating", "Worst rated"),
    ("-times_practiced", "Most practised"),
    ("difficulty", "Easiest first"),
    ("-difficulty", "Hardest first"),
]


def _is_htmx(request: AuthedHttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _bank(request: AuthedHttpRequest) -> QuestionQuerySet:
    """The current workspace's questions, as the user may see them."""
    queryset: QuestionQuerySet = Question.objects.for_user(request.user)
    workspace_id = request.user.default_workspace_id
    return queryset.filter(workspace_id=workspace_id) if workspace_id else queryset.none()


def _can_manage(request: AuthedHttpRequest) -> bool:
    workspace_id = request.user.default_workspace_id
    return workspace_id is not None and request.user.can_manage(workspace_id)


@login_required
@require_http_methods(["GET"])
def question_list(request: AuthedHttpRequest) -> HttpResponse:
    filterset = QuestionFilter(
        request.GET, queryset=_bank(request).with_stats().select_related("company")
    )
    sort = request.GET.get("ordering", "-created_at")
    if sort.lstrip("-") not in QUESTION_ORDERING:
        sort = "-created_at"
    queryset = filterset.qs.order_by(*question_order_by([sort]))
    page = paginate(request, queryset)
    context: dict[str, Any] = {
        "page_obj": page,
        "filterset": filterset,
        "sorts": SORTS,
        "sort": sort,
        "active_tags": request.GET.getlist("tags"),
        "categories": Question.Category.choices,
        "difficulties": Question.Difficulty.choices,
        "can_manage": _can_manage(request),
        "hx_target": "#question-results",
    }
    if _is_htmx(request):
        return render(request, "questions/question_list.html#results", context)
    context["companies"] = Company.objects.filter(
        workspace__in=[request.user.default_workspace_id]
    ).only("id", "name")
    return render(request, "questions/question_list.html", context)


@login_required
@require_http_methods(["GET"])
def question_detail(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    question = get_object_or_404(
        Question.objects.for_user(request.user)
        .with_stats()
        .select_related("company")
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.only("id", "name"))),
        pk=pk,
    )
    asked_in = (
        InterviewQuestion.objects.filter(question=question)
        .select_related("interview__position__company", "interview__candidate")
        .order_by("-interview__scheduled_at", "id")[:50]
    )
    history = PracticeSession.objects.filter(question=question, user=request.user).order_by(
        "-created_at", "id"
    )[:20]
    schedule = ReviewSchedule.objects.filter(question=question, user=request.user).first()
    return render(
        request,
        "questions/question_detail.html",
        {
            "question": question,
            "asked_in": asked_in,
            "history": history,
            "schedule": schedule,
            "can_manage": request.user.can_manage(question.workspace_id),
        },
    )


def _save_question(
    request: AuthedHttpRequest, form: QuestionForm, question: Question | None
) -> Any:
    data = dict(form.cleaned_data)
    skills = list(data.pop("skills", []))
    try:
        if question is None:
            workspace = request.user.default_workspace
            assert workspace is not None
            return services.question_create(
                workspace=workspace, actor=request.user, skills=skills, **data
            )
        return services.question_update(
            question=question, actor=request.user, skills=skills, **data
        )
    except ValidationFailed as exc:
        for field, message in exc.field_errors.items():
            form.add_error(field if field in form.fields else None, message)
    except ConflictError as exc:
        form.add_error("text", exc.message)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: AuthedHttpRequest) -> HttpResponse:
    if not _can_manage(request):
        raise PermissionDenied("Only owners and recruiters add questions to this bank.")
    form = QuestionForm(request.POST or None, workspace_id=request.user.default_workspace_id)
    if request.method == "POST" and form.is_valid():
        question = _save_question(request, form, None)
        if question is not None:
            messages.success(request, "Question added to the bank.")
            return redirect("questions:detail", pk=question.pk)
    return render(request, "questions/question_form.html", {"form": form, "question": None})


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    question = get_object_or_404(
        Question.objects.for_user(request.user).prefetch_related("skills"), pk=pk
    )
    if not request.user.can_manage(question.workspace_id):
        raise PermissionDenied("Only owners and recruiters edit questions.")
    # The form works on a copy: the service compares the saved question with the new values.
    form = QuestionForm(
        request.POST or None, instance=copy.copy(question), workspace_id=question.workspace_id
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_question(request, form, question) is not None
    ):
        messages.success(request, "Question saved.")
        return redirect("questions:detail", pk=question.pk)
    return render(request, "questions/question_form.html", {"form": form, "question": question})


@login_required
@require_POST
def question_toggle_active(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    question = get_object_or_404(Question.objects.for_user(request.user), pk=pk)
    if not request.user.can_manage(question.workspace_id):
        raise PermissionDenied("Only owners and recruiters deactivate questions.")
    if question.is_active:
        services.question_deactivate(question=question, actor=request.user)
        messages.success(request, "Question deactivated: it no longer shows in the bank.")
    else:
        services.question_reactivate(question=question, actor=request.user)
        messages.success(request, "Question reactivated.")
    return redirect("questions:detail", pk=question.pk)


# --- practice --------------------------------------------------------------------------------


def _due_queue(request: AuthedHttpRequest) -> QuerySet[Question]:
    return (
        _bank(request)
        .filter(is_active=True)
        .annotate(
            my_schedule=FilteredRelation("schedules", condition=Q(schedules__user=request.user))
        )
        .filter(my_schedule__due_at__lte=timezone.now())
        .annotate(due_at=F("my_schedule__due_at"))
        .order_by("due_at", "id")
    )


@login_required
@require_http_methods(["GET"])
def practice(request: AuthedHttpRequest) -> HttpResponse:
    """Practice mode: the next question of the due queue, or a random one by filter."""
    mode = request.GET.get("mode", "due")
    category = request.GET.get("category", "")
    difficulty = request.GET.get("difficulty", "")
    due_count = _due_queue(request).count()
    question: Question | None = None
    if mode == "due":
        question = _due_queue(request).first()
    else:
        mode = "random"
        pool = _bank(request).filter(is_active=True)
        if category in Question.Category.values:
            pool = pool.filter(category=category)
        if difficulty in Question.Difficulty.values:
            pool = pool.filter(difficulty=difficulty)
        total = pool.count()
        if total:
            question = pool.order_by("id")[random.randrange(total)]
    return render(
        request,
        "questions/practice.html",
        {
            "question": question,
            "form": PracticeForm(),
            "mode": mode,
            "category": category,
            "difficulty": difficulty,
            "due_count": due_count,
            "categories": Question.Category.choices,
            "difficulties": Question.Difficulty.choices,
            "ratings": range(1, 11),
        },
    )


@login_required
@require_POST
def practice_record(request: AuthedHttpRequest, pk: Any) -> HttpResponse:
    question = get_object_or_404(Question.objects.for_user(request.user), pk=pk)
    form = PracticeForm(request.POST)
    next_url = f"{reverse('questions:practice')}?{request.POST.get('next_query', '')}"
    if not form.is_valid():
        return render(
            request,
            "questions/practice.html",
            {
                "question": question,
                "form": form,
                "mode": "due",
                "ratings": range(1, 11),
                "categories": Question.Category.choices,
                "difficulties": Question.Difficulty.choices,
            },
            status=422,
        )
    result = services.practice_record(user=request.user, question=question, **form.cleaned_data)
    return render(
        request,
        "questions/practice_result.html",
        {"question": question, "result": result, "next_url": next_url},
    )


# --- my skills -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def skill_list(request: AuthedHttpRequest) -> HttpResponse:
    workspace_id = request.user.default_workspace_id
    if workspace_id is None or request.user.role_in(workspace_id) not in STAFF_ROLES:
        raise Http404("No skills here.")
    if request.method == "POST":
        form = SkillProficiencyForm(request.POST, workspace_id=workspace_id)
        if form.is_valid():
            skill, level = form.cleaned_data["skill"], form.cleaned_data["proficiency"]
            if level:
                services.user_skill_set(user=request.user, skill=skill, proficiency=level)
                messages.success(request, f"{skill.name}: proficiency {level}/5.")
            else:
                for user_skill in UserSkill.objects.filter(user=request.user, skill=skill):
                    services.user_skill_remove(user_skill=user_skill)
                messages.success(request, f"{skill.name} removed from your skills.")
            return redirect(f"{reverse('questions:skills')}?{request.GET.urlencode()}")
        messages.error(request, "Choose a skill and a proficiency from 1 to 5.")
    skills = (
        Skill.objects.filter(workspace_id=workspace_id)
        .annotate(mine=FilteredRelation("user_skills", condition=Q(user_skills__user=request.user)))
        .annotate(proficiency=F("mine__proficiency"))
        .order_by("name", "id")
    )
    page = paginate(request, skills)
    return render(request, "questions/skill_list.html", {"page_obj": page, "levels": range(1, 6)})


# --- the "Questions asked" panel of an interview ---------------------------------------------


def _interview_for(request: AuthedHttpRequest, interview_id: Any) -> Interview:
    interview = get_object_or_404(Interview.objects.for_user(request.user), pk=interview_id)
    # Questions asked are staff notes: candidate members never see them.
    if request.user.role_in(interview.workspace_id) not in STAFF_ROLES:
        raise Http404("No such interview.")
    return interview


def _panel(
    request: AuthedHttpRequest, interview: Interview, form: InterviewQuestionForm | None = None
) -> HttpResponse:
    can_write = can_take_part(request.user, interview)
    links = (
        InterviewQuestion.objects.filter(interview=interview)
        .select_related("question")
        .order_by("order_asked", "created_at", "id")
    )
    context = {
        "interview": interview,
        "links": links,
        "can_write": can_write,
        "form": form
        if form is not None
        else (InterviewQuestionForm(workspace_id=interview.workspace_id) if can_write else None),
    }
    template = "questions/interview_questions.html"
    if _is_htmx(request):
        template += "#panel"
    return render(request, template, context, status=422 if form and form.errors else 200)


@login_required
@require_http_methods(["GET"])
def interview_questions(request: AuthedHttpRequest, interview_id: Any) -> HttpResponse:
    return _panel(request, _interview_for(request, interview_id))


@login_required
@require_POST
def interview_question_add(request: AuthedHttpRequest, interview_id: Any) -> HttpResponse:
    interview = _interview_for(request, interview_id)
    if not can_take_part(request.user, interview):
        raise PermissionDenied("Only managers and the interview's participants add questions.")
    form = InterviewQuestionForm(request.POST, workspace_id=interview.workspace_id)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.interview_question_add(
                interview=interview,
                actor=request.user,
                question=data.pop("question"),
                text=data.pop("text") or "",
                category=data.pop("category") or Question.Category.OTHER,
                **data,
            )
        except ConflictError as exc:
            form.add_error("question", exc.message)
        except ValidationFailed as exc:
            for field, message in exc.field_errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            if not _is_htmx(request):
                messages.success(request, "Question recorded.")
                return redirect("questions:interview", interview_id=interview.pk)
            return _panel(request, interview)
    return _panel(request, interview, form)


@login_required
@require_POST
def interview_question_remove(
    request: AuthedHttpRequest, interview_id: Any, link_id: Any
) -> HttpResponse:
    interview = _interview_for(request, interview_id)
    link = get_object_or_404(
        InterviewQuestion.objects.filter(interview=interview).select_related("question"),
        pk=link_id,
    )
    if not can_take_part(request.user, interview):
        raise PermissionDenied("Only managers and the interview's interviewers remove questions.")
    link.interview = interview
    services.interview_question_remove(link=link, actor=request.user)
    if not _is_htmx(request):
        messages.success(request, "Question removed from this interview.")
        return redirect("questions:interview", interview_id=interview.pk)
    return _panel(request, interview)
