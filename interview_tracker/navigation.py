"""What the dashboard offers each member: the one rule for which areas appear in the menu, per
workspace kind and role. A link appears only if its page answers the member with a page (never
a 403 or a 404), so the pages' own access rules and this table must agree; the browser tests
walk every link of every role to hold them together."""

import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.urls import reverse

from .models import MANAGER_ROLES, STAFF_ROLES, Membership, Role, WorkspaceKind


@dataclass(frozen=True)
class NavLink:
    label: str
    url_name: str
    # The URL prefix of the area, to mark the link of the page being shown.
    area: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


HIRING_LINKS = (
    NavLink("Candidates", "candidates:list", "/candidates/"),
    NavLink("Openings", "positions:list", "/positions/"),
    NavLink("Interviews", "interviews:agenda", "/interviews/"),
    NavLink("Scorecards", "interviews:scorecards", "/interviews/scorecards/"),
    NavLink("Question bank", "questions:list", "/questions/"),
    NavLink("Reports", "analytics:dashboard", "/analytics/"),
)
JOB_SEARCH_LINKS = (
    NavLink("Today", "home", "/"),
    NavLink("Applications", "positions:list", "/positions/"),
    NavLink("Interviews", "interviews:agenda", "/interviews/"),
    NavLink("Contacts", "positions:contacts", "/positions/contacts/"),
    NavLink("Prep", "questions:list", "/questions/"),
    NavLink("Assistant", "assistant:chat", "/assistant/"),
    NavLink("Stats", "analytics:dashboard", "/analytics/"),
)
TEAM_LINK = NavLink("Team", "team", "/settings/team/")
PORTAL_LINK = NavLink("My interviews", "interviews:portal", "/interviews/portal/")

# Roles that may read the team page of a hiring workspace; only owners change it.
TEAM_READERS = MANAGER_ROLES


def links_for(kind: str | None, role: str | None) -> tuple[NavLink, ...]:
    """The menu of a member with ``role`` in a workspace of ``kind``."""
    if role == Role.CANDIDATE:
        # An invited candidate sees their portal and nothing of the workspace's internals.
        return (PORTAL_LINK,)
    if role not in STAFF_ROLES:
        return ()
    if kind == WorkspaceKind.HIRING:
        return HIRING_LINKS + ((TEAM_LINK,) if role in TEAM_READERS else ())
    return JOB_SEARCH_LINKS


def may_import(role: str | None) -> bool:
    """The CSV import writes rows: owners and recruiters only."""
    return role in MANAGER_ROLES


class Navigation:
    """The base layout's menu and workspace switcher, computed on first use (one query for the
    memberships, which also give the current workspace's kind and the member's role)."""

    def __init__(self, user: Any, path: str) -> None:
        self.user = user
        self.path = path

    @cached_property
    def memberships(self) -> list[Membership]:
        return list(Membership.objects.filter(user=self.user).select_related("workspace"))

    @cached_property
    def current(self) -> Membership | None:
        workspace_id: uuid.UUID | None = self.user.default_workspace_id
        return next((m for m in self.memberships if m.workspace_id == workspace_id), None)

    @property
    def role(self) -> str | None:
        return self.current.role if self.current else None

    @property
    def kind(self) -> str | None:
        return self.current.workspace.kind if self.current else None

    @property
    def is_hiring(self) -> bool:
        return self.kind == WorkspaceKind.HIRING

    @property
    def is_candidate(self) -> bool:
        return self.role == Role.CANDIDATE

    @property
    def may_import(self) -> bool:
        return may_import(self.role)

    @property
    def may_see_team(self) -> bool:
        return self.is_hiring and self.role in TEAM_READERS

    @cached_property
    def links(self) -> list[dict[str, Any]]:
        links = links_for(self.kind, self.role)
        # The longest matching area is the current one ("/interviews/scorecards/" is not
        # "Interviews"); "/" matches only the home page itself.
        matching = [
            link
            for link in links
            if (self.path == "/" if link.area == "/" else self.path.startswith(link.area))
        ]
        current = max(matching, key=lambda link: len(link.area), default=None)
        return [
            {"label": link.label, "url": link.url, "current": link is current} for link in links
        ]
