"""Every object route under /api/v1/, probed from another workspace's owner: 404 (or 405) with
nothing changed. The routes come from the URL conf, so a new route without a probe fails here."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from interview_tracker import api_urls
from tests.security.tenants import Tenant, build_tenant

pytestmark = pytest.mark.django_db

WRITE_METHODS = {"post", "put", "patch", "delete"}
# Apps whose rows must not change when an outsider probes a route.
DOMAIN_APPS = [
    "interview_tracker",
    "positions",
    "candidates",
    "interviews",
    "questions",
    "assistant",
    "integrations",
]

# Routes that address no object of a workspace (lists, creates, the caller's own account, auth,
# statistics over the caller's own workspaces). A create here uses the caller's workspace; the
# mass-assignment tests cover a foreign ``workspace`` in the body.
COLLECTION_ROUTES = {
    "api-root",
    "auth-register",
    "auth-login",
    "auth-refresh",
    "auth-logout",
    "auth-me",
    "auth-me-export",
    "calendar-feed-url",
    "workspace-list",
    "interview-list",
    "question-list",
    "question-category",
    "question-due",
    "question-random",
    "practice-session-list",
    "user-skill-list",
    "statistics-overview",
    "statistics-timeline",
    "statistics-companies",
    "statistics-funnel",
    "statistics-sources",
    "statistics-interviewers",
    "statistics-skill-gaps",
    "statistics-stale",
    "company-list",
    "role-list",
    "skill-list",
    "cv-version-list",
    "position-list",
    "candidate-list",
    "assistant-answer",
    "assistant-answer-stream",
    "assistant-agents",
    "assistant-conversation-list",
    "assistant-mock-interview-list",
    "statistics-prep",
    "position-from-posting",
    "token-list",
    "webhook-list",
    "email-template-list",
    "email-template-defaults",
    "offer-list",
    "interview-slots",
    "my-availability",
}


# route name → the URL kwargs of one of the tenant's objects.
Probe = Callable[[Tenant], dict[str, Any]]
PROBES: dict[str, Probe] = {
    "workspace-detail": lambda t: {"pk": t.workspace.id},
    "workspace-members": lambda t: {"pk": t.workspace.id},
    "workspace-member": lambda t: {"pk": t.workspace.id, "member_id": t.membership.id},
    "interview-detail": lambda t: {"pk": t.interview.id},
    "interview-activity": lambda t: {"pk": t.interview.id},
    "interview-cancel": lambda t: {"pk": t.interview.id},
    "interview-complete": lambda t: {"pk": t.interview.id},
    "interview-start": lambda t: {"pk": t.interview.id},
    "interview-schedule": lambda t: {"pk": t.interview.id},
    "interview-booking-link": lambda t: {"pk": t.interview.id},
    "interview-notes": lambda t: {"pk": t.interview.id},
    "interview-outcome": lambda t: {"pk": t.interview.id},
    "interview-ics": lambda t: {"pk": t.interview.id},
    "interview-messages": lambda t: {"pk": t.interview.id},
    "interview-feedback": lambda t: {"pk": t.interview.id},
    "interview-feedback-detail": lambda t: {"pk": t.interview.id, "fid": t.feedback.id},
    "interview-participants": lambda t: {"pk": t.interview.id},
    "interview-participant": lambda t: {"pk": t.interview.id, "pid": t.participant.id},
    "interview-question-list": lambda t: {"interview_id": t.interview.id},
    "interview-question-detail": lambda t: {
        "interview_id": t.interview.id,
        "iqid": t.interview_question.id,
    },
    "candidate-interviews": lambda t: {"parent_id": t.candidate.id},
    "position-interviews": lambda t: {"parent_id": t.position.id},
    "question-detail": lambda t: {"pk": t.question.id},
    "question-practice": lambda t: {"pk": t.question.id},
    "practice-session-detail": lambda t: {"pk": t.practice_session.id},
    "user-skill-detail": lambda t: {"pk": t.user_skill.id},
    "company-detail": lambda t: {"pk": t.company.id},
    "role-detail": lambda t: {"pk": t.role.id},
    "skill-detail": lambda t: {"pk": t.skill.id},
    "cv-version-detail": lambda t: {"pk": t.cv_version.id},
    "position-detail": lambda t: {"pk": t.position.id},
    "position-activity": lambda t: {"pk": t.position.id},
    "position-change-status": lambda t: {"pk": t.position.id},
    "position-contacts": lambda t: {"pk": t.position.id},
    "position-contact": lambda t: {"pk": t.position.id, "contact_id": t.contact.id},
    "candidate-detail": lambda t: {"pk": t.candidate.id},
    "candidate-activity": lambda t: {"pk": t.candidate.id},
    "candidate-resume": lambda t: {"pk": t.candidate.id},
    "candidate-export": lambda t: {"pk": t.candidate.id},
    "candidate-anonymise": lambda t: {"pk": t.candidate.id},
    "candidate-merge": lambda t: {"pk": t.candidate.id},
    "merge-undo": lambda t: {"pk": t.merge.id},
    "workspace-audit-log": lambda t: {"pk": t.workspace.id},
    "cv-version-file": lambda t: {"pk": t.cv_version.id},
    "assistant-conversation-detail": lambda t: {"pk": t.conversation.id},
    "assistant-mock-interview-detail": lambda t: {"pk": t.mock_interview.id},
    "assistant-mock-interview-answer": lambda t: {"pk": t.mock_interview.id},
    "position-follow-up": lambda t: {"pk": t.position.id},
    "position-ghosted": lambda t: {"pk": t.position.id},
    "token-detail": lambda t: {"pk": t.token.id},
    "webhook-detail": lambda t: {"pk": t.webhook.id},
    "webhook-deliveries": lambda t: {"pk": t.webhook.id},
    "webhook-redeliver": lambda t: {"pk": t.webhook.id, "delivery_id": t.delivery.id},
    "member-availability": lambda t: {"user_id": t.membership.user_id},
    "position-plan-stages": lambda t: {"pk": t.plan_stage.position_id},
    "position-plan-copy": lambda t: {"pk": t.plan_stage.position_id},
    "plan-stage-detail": lambda t: {"pk": t.plan_stage.id},
    "interview-kit": lambda t: {"pk": t.interview.id},
    "debrief": lambda t: {"pk": t.candidate.id},
    "decision": lambda t: {"pk": t.candidate.id},
    "email-template-detail": lambda t: {"pk": t.email_template.id},
    "offer-detail": lambda t: {"pk": t.offer.id},
    "offer-approve": lambda t: {"pk": t.offer.id},
    "offer-send": lambda t: {"pk": t.offer.id},
    "offer-withdraw": lambda t: {"pk": t.offer.id},
    "offer-accept": lambda t: {"pk": t.offer.id},
    "offer-decline": lambda t: {"pk": t.offer.id},
}
# For routes that name a child under a parent: the parent's kwarg. The child of one tenant is
# also probed under the attacker's own parent (a nested lookup must be scoped to its parent).
CHILD_ROUTES = {
    "workspace-member": "pk",
    "interview-feedback-detail": "pk",
    "interview-participant": "pk",
    "interview-question-detail": "interview_id",
    "position-contact": "pk",
    "webhook-redeliver": "pk",
}


def api_routes() -> dict[str, tuple[set[str], Any]]:
    """{route name: (URL kwargs, view callback)} for every route under /api/v1/."""
    found: dict[str, tuple[set[str], Any]] = {}

    def walk(patterns: list[Any]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                kwargs = set(pattern.pattern.regex.groupindex) - {"format"}
                found.setdefault(pattern.name, (kwargs, pattern.callback))

    walk(api_urls.urlpatterns)
    return found


def allowed_methods(callback: Any) -> set[str]:
    if getattr(callback, "actions", None):
        # DRF adds "head" to a viewset's actions once it has served a GET.
        return set(callback.actions) - {"head", "options"}
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is not None:
        return {m for m in view_class.http_method_names if m not in {"options", "head"}} & set(
            dir(view_class)
        )
    return {"get", "post", "put", "patch", "delete"}


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every domain table."""
    rows = {}
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            manager = model._base_manager
            rows[model._meta.label] = list(manager.order_by("pk").values())
    return rows


def write_body(tenant: Tenant, attacker) -> dict[str, Any]:
    later = (timezone.now() + dt.timedelta(days=5)).isoformat()
    return {
        "name": "pwned",
        "title": "pwned",
        "label": "pwned",
        "text": "pwned?",
        "body": "pwned",
        "notes": "pwned",
        "comment": "pwned",
        "status": "rejected",
        "outcome": "failed",
        "role": "owner",
        "scheduled_at": later,
        "rating": 1,
        "recommendation": "strong_no",
        "email": "pwned@example.com",
        "user": str(attacker.id),
        "proficiency": 1,
        "self_rating": 1,
        "answer": "pwned",
        "question": str(tenant.question.id),
        "category": "technical",
    }


def test_every_api_route_is_classified():
    routes = api_routes()
    object_routes = {name for name, (kwargs, _) in routes.items() if name not in COLLECTION_ROUTES}
    missing = sorted(object_routes - set(PROBES))
    assert not missing, f"routes without a tenant-isolation probe: {missing}"
    without_kwargs = sorted(n for n in object_routes if not routes[n][0])
    assert not without_kwargs, f"object routes that name no object: {without_kwargs}"


def test_every_object_route_is_404_from_another_workspace(
    workspace, owner, other_workspace, outsider, owner_client, outsider_client
):
    victim = build_tenant(workspace, owner)
    attacker = build_tenant(other_workspace, outsider)
    routes = api_routes()
    probed = 0
    before = snapshot()
    for name, probe in sorted(PROBES.items()):
        if name not in routes:
            continue
        _, callback = routes[name]
        victim_kwargs = probe(victim)
        variants = [victim_kwargs]
        if name in CHILD_ROUTES:
            parent = CHILD_ROUTES[name]
            variants.append({**victim_kwargs, parent: probe(attacker)[parent]})
        for kwargs in variants:
            url = reverse(f"api:{name}", kwargs=kwargs)
            for method in sorted(allowed_methods(callback)):
                data = write_body(victim, outsider) if method in WRITE_METHODS else None
                response = getattr(outsider_client, method)(url, data, format="json")
                assert response.status_code in {404, 405}, (method, url, response.status_code)
                if response.status_code == 404:
                    assert response.json()["error"]["code"] == "RESOURCE_NOT_FOUND"
                assert snapshot() == before, f"{method.upper()} {url} changed data"
                probed += 1
        # The probe names a real object: its own workspace's owner reads it.
        if "get" in allowed_methods(callback):
            url = reverse(f"api:{name}", kwargs=victim_kwargs)
            assert owner_client.get(url).status_code == 200, url
    assert probed >= len([n for n in PROBES if n in routes])


def test_a_calendar_connection_is_out_of_reach_of_other_workspaces_and_members(
    workspace, owner, interviewer, outsider, client
):
    """The calendar page addresses no object: it is the caller's own connection. Neither the
    owner of the member's workspace nor another workspace's owner sees or changes it."""
    from integrations.encryption import encrypt
    from integrations.models import CalendarConnection

    CalendarConnection.objects.create(
        user=interviewer,
        calendar_url="https://dav.example.com/victim/",
        username="victim",
        password_encrypted=encrypt("victim-password"),
    )
    before = snapshot()["integrations.CalendarConnection"]
    for intruder in (owner, outsider):
        client.force_login(intruder)
        page = client.get("/settings/calendar/").content.decode()
        assert "dav.example.com/victim" not in page
        assert "victim-password" not in page
        client.post("/settings/calendar/disconnect/")
        after = snapshot()["integrations.CalendarConnection"]
        assert after == before, f"{intruder.email} changed the connection"
