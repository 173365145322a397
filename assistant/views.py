"""The assistant's pages: the chat (which streams answers from the API with fetch), the list of
past conversations, one conversation, the "Ask the assistant" panel of a bank question, and mock
interviews (plain forms: a question, an answer, its evaluation and follow-up)."""

import uuid

from asgiref.sync import async_to_sync
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from interview_tracker.errors import DomainError
from interview_tracker.forms import apply_domain_error
from interview_tracker.pages import paginate
from interview_tracker.typing import AuthedHttpRequest
from questions.models import Question

from .agents import AGENTS
from .forms import MockAnswerForm, MockInterviewForm
from .mock import current_item, mock_interview_answer, mock_interview_start
from .models import Conversation, MockInterview, MockInterviewItem, Turn

RECENT_CONVERSATIONS = 8


@login_required
@require_http_methods(["GET"])
def chat(request: AuthedHttpRequest) -> HttpResponse:
    conversation = None
    turns: list[Turn] = []
    conversation_id = request.GET.get("conversation", "")
    if conversation_id:
        conversation = get_object_or_404(
            Conversation.objects.for_user(request.user), pk=_uuid_or_404(conversation_id)
        )
        turns = list(Turn.objects.filter(conversation=conversation).order_by("created_at", "id"))
    recent = Conversation.objects.for_user(request.user).order_by("-updated_at", "id")[
        :RECENT_CONVERSATIONS
    ]
    return render(
        request,
        "assistant/conversation_chat.html",
        {
            "question": request.GET.get("q", "")[:4000],
            "conversation": conversation,
            "turns": turns,
            "recent": recent,
            "agents": AGENTS.values(),
            "agent_names": {agent.id: agent.name for agent in AGENTS.values()},
        },
    )


@login_required
@require_http_methods(["GET"])
def conversation_list(request: AuthedHttpRequest) -> HttpResponse:
    conversations = (
        Conversation.objects.for_user(request.user)
        .annotate(turn_count=Count("turns"))
        .order_by("-updated_at", "id")
    )
    page = paginate(request, conversations)
    return render(
        request, "assistant/conversation_list.html", {"page_obj": page, "conversations": page}
    )


@login_required
@require_http_methods(["GET"])
def conversation_detail(request: AuthedHttpRequest, pk: str) -> HttpResponse:
    conversation = get_object_or_404(Conversation.objects.for_user(request.user), pk=pk)
    turns = Turn.objects.filter(conversation=conversation).order_by("created_at", "id")
    return render(
        request,
        "assistant/conversation_detail.html",
        {"conversation": conversation, "turns": turns, "agents": AGENTS},
    )


@login_required
@require_http_methods(["GET"])
def question_panel(request: AuthedHttpRequest, pk: str) -> HttpResponse:
    """The "Ask the assistant" panel on a bank question's page (a detail panel)."""
    question = get_object_or_404(Question.objects.for_user(request.user), pk=pk)
    return render(request, "assistant/question_panel.html", {"question": question})


def _uuid_or_404(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise Http404("No such conversation.") from None


def _mock_or_404(request: AuthedHttpRequest, pk: uuid.UUID) -> MockInterview:
    items = MockInterviewItem.objects.select_related("question").order_by("order")
    return get_object_or_404(
        MockInterview.objects.for_user(request.user).prefetch_related(
            Prefetch("items", queryset=items)
        ),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def mock_start(request: AuthedHttpRequest) -> HttpResponse:
    # Today's "rehearse this round" links name the position and the kind of round.
    initial = {name: request.GET.get(name) for name in ("position", "round_kind")}
    form = MockInterviewForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            mock = mock_interview_start(
                user=request.user,
                position=form.cleaned_data["position"],
                round_kind=form.cleaned_data["round_kind"],
                count=form.cleaned_data["count"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return redirect("assistant:mock", mock.pk)
    recent = MockInterview.objects.for_user(request.user).order_by("-created_at", "id")[:10]
    return render(request, "assistant/mock_start.html", {"form": form, "recent": recent})


@login_required
@require_http_methods(["GET", "POST"])
def mock_detail(request: AuthedHttpRequest, pk: uuid.UUID) -> HttpResponse:
    mock = _mock_or_404(request, pk)
    form = MockAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            async_to_sync(mock_interview_answer)(mock=mock, answer=form.cleaned_data["answer"])
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("assistant:mock", mock.pk)
    items = list(mock.items.all())
    current = current_item(mock, items)
    return render(
        request,
        "assistant/mock_detail.html",
        {"mock": mock, "items": items, "current": current, "form": form},
    )
