"""The CalDAV calendars members connect, reached through the ``caldav`` library.

The library makes its own HTTP requests, to the address the member typed and to every address
the server answers with (principal, calendar home), so its session is replaced by one that
applies the product's outbound rules to each of them (``interview_tracker.outbound``): http(s)
only, no private addresses unless allowed, no redirect followed, a short timeout, a cap on
each answer, and nothing taken from the environment (proxies, ``.netrc`` credentials).
Every failure surfaces as ``CalendarUnavailable`` with a sentence a member can act on.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

import icalendar
import niquests
from caldav.calendarobjectresource import Event
from caldav.collection import Calendar
from caldav.davclient import DAVClient
from caldav.elements import dav
from caldav.lib import error as caldav_error
from django.conf import settings
from lxml import etree

from interview_tracker.outbound import GuardedResolver, OutboundRefused, check_url


class CalendarUnavailable(Exception):
    """The calendar could not be reached, refused the credentials, or is no calendar."""


class CredentialsRefused(CalendarUnavailable):
    """The server answered, and refused the user name and password."""


class _GuardedSession(niquests.Session):
    """Its connections resolve through the outbound guard's resolver: the address each one
    connects to is checked, not only the one ``check_url`` saw (DNS answers can change)."""

    def __init__(self) -> None:
        super().__init__(resolver=GuardedResolver())
        self.trust_env = False

    def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> Any:
        kwargs.update(allow_redirects=False, stream=True)
        try:
            check_url(str(url))
            response = super().request(method, url, *args, **kwargs)
        except OutboundRefused as exc:
            raise CalendarUnavailable(str(exc)) from exc
        if response.is_redirect:
            response.close()
            location = response.headers.get("Location", "")
            raise CalendarUnavailable(
                f"The address redirects to {location[:200]}; give that address instead."
            )
        body = bytearray()
        for chunk in response.iter_content(chunk_size=65536):
            body += chunk
            if len(body) > settings.OUTBOUND_MAX_BYTES:
                response.close()
                raise CalendarUnavailable(
                    f"The calendar server answered more than {settings.OUTBOUND_MAX_BYTES} bytes."
                )
        # The library reads ``content`` afterwards: hand it the capped body already read.
        response._content = bytes(body)
        response._content_consumed = True
        return response


@dataclass(frozen=True)
class Found:
    url: str
    name: str


@contextmanager
def _failures_explained() -> Iterator[None]:
    try:
        yield
    except caldav_error.AuthorizationError as exc:
        raise CredentialsRefused(
            "The calendar server refused this user name and password."
        ) from exc
    except caldav_error.NotFoundError as exc:
        raise CalendarUnavailable("No calendar answers at this address.") from exc
    except (caldav_error.DAVError, etree.LxmlError, ValueError) as exc:
        raise CalendarUnavailable(
            "The address answers, but not as a CalDAV calendar server."
        ) from exc
    except niquests.RequestException as exc:
        raise CalendarUnavailable(
            f"The calendar server could not be reached ({type(exc).__name__})."
        ) from exc


@contextmanager
def calendar_at(url: str, username: str, password: str) -> Iterator[Calendar]:
    """The calendar collection at ``url`` (a calendar's own address)."""
    with _failures_explained():
        client = DAVClient(
            url=url,
            username=username,
            password=password,
            timeout=int(settings.OUTBOUND_TIMEOUT_SECONDS),
            enable_rfc6764=False,
        )
        client.session = _GuardedSession()
        try:
            yield client.calendar(url=url)
        finally:
            client.close()


def find_calendar(url: str, username: str, password: str) -> Found:
    """Check the credentials and find the calendar: ``url`` itself when it is one, else the
    first calendar of the account it belongs to (a server's or an account's address)."""
    with calendar_at(url, username, password) as calendar, _failures_explained():
        # The client is synchronous: its answers are values, never the async mode's coroutines.
        asked = [dav.ResourceType(), dav.DisplayName()]
        props = cast(dict[str, Any], calendar.get_properties(asked))
        kinds = props.get(dav.ResourceType.tag) or []
        if "{urn:ietf:params:xml:ns:caldav}calendar" in kinds:
            return Found(str(calendar.url), props.get(dav.DisplayName.tag) or "")
        calendars = cast(DAVClient, calendar.client).principal().calendars()
        if not calendars:
            raise CalendarUnavailable("This account has no calendar; create one first.")
        first = calendars[0]
        return Found(str(first.url), first.get_display_name() or "")


def event_write(calendar: Calendar, *, href: str, ics: bytes) -> str:
    """Create or replace the event; ``href`` is where it already is ("" for a new one).
    Returns where the calendar keeps it. SEQUENCE is ours (the library would raise it on
    every save): it rises only when the interview really changes."""
    with _failures_explained():
        if href:
            event = Event(client=calendar.client, url=href, data=ics.decode(), parent=calendar)
            event.save(increase_seqno=False)
        else:
            event = cast(Event, calendar.save_event(ics.decode(), increase_seqno=False))
        return str(event.url)


def event_delete(calendar: Calendar, *, href: str) -> None:
    """Remove the event; one already gone is fine (the task may run twice)."""
    with _failures_explained():
        try:
            Event(client=calendar.client, url=href, parent=calendar).delete()
        except caldav_error.NotFoundError:
            return


def events_between(calendar: Calendar, start: dt.datetime, end: dt.datetime) -> icalendar.Calendar:
    """The events that meet [start, end) (a time-range search; recurring ones as their
    master), gathered in one calendar."""
    found = icalendar.Calendar()
    with _failures_explained():
        for resource in cast(list[Event], calendar.search(start=start, end=end, event=True)):
            for component in resource.icalendar_instance.walk("VEVENT"):
                found.add_component(component)
    return found
