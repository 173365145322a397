"""How an app adds to the pages and API of an app it builds on, without that app importing it.

Dependencies point one way (positions ← candidates ← interviews ← questions), yet a candidate's
page shows its interviews and an interview's page the questions asked. The later app registers
here from its ``AppConfig.ready()``; the earlier app reads the registry.

- ``panels``: sections of a detail page, loaded with htmx from the later app's URL (which is
  also a plain link, so the page works without JavaScript).
- ``api_embeds``: nested data a serializer embeds (``candidates?expand=interviews``), each with
  the ``Prefetch`` of a detail and the values-read rows of a list, both in a constant number of
  queries.
- ``importers``: the ``interview_tracker.importing.Importer`` classes the import page offers,
  by entity ("candidates").
- ``nested_imports``: related rows a JSON record of an import carries (a candidate's
  ``interviews``), checked and created by the app that owns them, by entity and key.
- ``candidate_data``: what a later app holds about a candidate (interviews, their messages and
  scorecards), so the candidate's personal-data export and anonymisation cover it.
- ``user_data``: what a later app holds that a user wrote (messages, scorecards), for the
  user's download of their own account data.
- ``activity_listeners``: called with the ActivityEvents a change writes together (one record's,
  or a batch's: one per record), inside the change's transaction; what they start (webhook
  deliveries, calendar sync) they enqueue with ``interview_tracker.tasks.enqueue_on_commit``,
  so a rolled-back change tells nobody and a committed one always has its tasks.
- ``busy_sources``: more busy times for free slots: given the people and the range, the
  events of each person's other calendar as ``{user id: icalendar.Calendar}`` (the members'
  connected CalDAV calendars), read by the slots as a busy-calendar URL is.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch


@dataclass(frozen=True)
class Panel:
    title: str
    url_name: str  # reversed with the object's id as its only argument


@dataclass(frozen=True)
class ApiEmbed:
    # Builds the prefetch for a detail's queryset, given the request (for role rules).
    prefetch: Callable[[Any], Prefetch[Any]]
    # Builds the serializer field that renders the prefetched rows: with every field (``True``:
    # details, ``?fields=full``) or with what a list shows.
    serializer: Callable[[bool], Any]
    # A list's embedded rows, read as values: (request, parent ids, every field?) →
    # {parent id: [rows in the serializer's shape]}, in a constant number of queries.
    rows: Callable[[Any, list[Any], bool], dict[Any, list[dict[str, Any]]]]


@dataclass(frozen=True)
class NestedImport:
    # The key's value in one row, checked (raises importing.RowInvalid) and cleaned.
    clean: Callable[[Any], Any]
    # Creates the rows for a written batch: (importer, [(new record, cleaned value)]).
    write: Callable[[Any, list[tuple[Any, Any]]], None]


@dataclass(frozen=True)
class CandidateData:
    # The section's key in the personal-data export.
    name: str
    # Everything the app holds about one candidate, as JSON-ready rows.
    export: Callable[[Any], list[dict[str, Any]]]
    # Erases the candidate's personal content the app holds, keeping rows that statistics count
    # (None: the app holds nothing personal beyond what the export shows).
    anonymise: Callable[[Any], None] | None = None
    # Moves the rows of candidate ``other`` onto ``kept`` (a merge) and returns their ids; the
    # reverse moves those ids back (its undo). None: nothing of the app's hangs on a candidate.
    move: Callable[[Any, Any], list[str]] | None = None
    move_back: Callable[[Any, list[str]], None] | None = None
    # The app's timelines that carry the candidate's events (a ``Q`` over ActivityEvent), where
    # anonymising replaces their name. None: the app's events show on no timeline of its own.
    timelines: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class UserData:
    # The section's key in the account-data download.
    name: str
    # What the user wrote or owns in the app, as JSON-ready rows.
    export: Callable[[Any], list[dict[str, Any]]]


# (people, start, end) → {user id: icalendar.Calendar of their events in that range}
BusySource = Callable[[list[Any], dt.datetime, dt.datetime], dict[Any, Any]]


@dataclass
class Registry:
    panels: dict[str, list[Panel]] = field(default_factory=dict)
    api_embeds: dict[str, dict[str, ApiEmbed]] = field(default_factory=dict)
    importers: dict[str, Any] = field(default_factory=dict)
    nested_imports: dict[str, dict[str, NestedImport]] = field(default_factory=dict)
    activity_listeners: list[Callable[[list[Any]], None]] = field(default_factory=list)
    candidate_data: list[CandidateData] = field(default_factory=list)
    user_data: list[UserData] = field(default_factory=list)
    busy_sources: list[BusySource] = field(default_factory=list)

    def add_panel(self, model_label: str, panel: Panel) -> None:
        _add_once(self.panels.setdefault(model_label, []), panel)

    def add_api_embed(self, model_label: str, name: str, embed: ApiEmbed) -> None:
        self.api_embeds.setdefault(model_label, {})[name] = embed

    def add_importer(self, importer_class: Any) -> None:
        self.importers[importer_class.entity] = importer_class

    def add_nested_import(self, entity: str, key: str, nested: NestedImport) -> None:
        self.nested_imports.setdefault(entity, {})[key] = nested

    def add_candidate_data(self, section: CandidateData) -> None:
        _add_once(self.candidate_data, section)

    def add_user_data(self, section: UserData) -> None:
        _add_once(self.user_data, section)

    def add_activity_listener(self, listener: Callable[[list[Any]], None]) -> None:
        _add_once(self.activity_listeners, listener)

    def add_busy_source(self, source: BusySource) -> None:
        _add_once(self.busy_sources, source)


def _add_once[T](items: list[T], item: T) -> None:
    """Register ``item`` unless it is there: an ``AppConfig.ready()`` runs again whenever
    the app registry is rebuilt (a test that changes INSTALLED_APPS), and a listener
    registered twice would queue every webhook dispatch and calendar sync twice."""
    if item not in items:
        items.append(item)


registry = Registry()
