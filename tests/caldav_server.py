"""A real CalDAV server for the calendar-sync tests: Radicale, started once per test session on
127.0.0.1 (a port chosen at run time) with its storage in a temporary folder and real
authentication (a plain htpasswd file with two accounts). Tests reach it with the ``caldav``
client library, as the product does.

``radicale`` is the server; ``radicale_calendar`` a fresh, empty calendar of one account for
one test, with the outbound rules opened to 127.0.0.1 (``OUTBOUND_ALLOW_PRIVATE_NETWORKS``).
"""

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import caldav
import icalendar
import pytest

from tests.durable import free_port

ACCOUNTS = {"alice": "alice-app-password", "bob": "bob-app-password"}


@dataclass(frozen=True)
class Radicale:
    url: str

    def client(self, user: str = "alice") -> caldav.DAVClient:
        return caldav.DAVClient(
            url=self.url, username=user, password=ACCOUNTS[user], enable_rfc6764=False
        )

    def new_calendar(self, user: str = "alice") -> "RadicaleCalendar":
        name = f"cal-{uuid.uuid4().hex[:10]}"
        with self.client(user) as client:
            calendar = client.principal().make_calendar(name=f"Work {name}", cal_id=name)
            return RadicaleCalendar(self, user, str(calendar.url))


@dataclass(frozen=True)
class RadicaleCalendar:
    server: Radicale
    user: str
    url: str

    @property
    def password(self) -> str:
        return ACCOUNTS[self.user]

    def events(self) -> list[icalendar.Event]:
        """Every VEVENT the calendar holds, read straight from the server."""
        with self.server.client(self.user) as client:
            resources = client.calendar(url=self.url).events()
            return [
                component
                for resource in resources
                for component in resource.icalendar_instance.walk("VEVENT")
            ]

    def event(self, uid: str) -> icalendar.Event | None:
        return next((e for e in self.events() if str(e["UID"]) == uid), None)

    def add_busy(self, uid: str, start: str, end: str, **extra: str) -> None:
        """A foreign event (``start``/``end`` as iCalendar UTC times, 20260105T100000Z)."""
        lines = [f"{name.upper()}:{value}" for name, value in extra.items()]
        ics = "\r\n".join(
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//tests//EN",
                "BEGIN:VEVENT",
                f"UID:{uid}",
                "DTSTAMP:20260101T000000Z",
                f"DTSTART:{start}",
                f"DTEND:{end}",
                "SUMMARY:Dentist",
                *lines,
                "END:VEVENT",
                "END:VCALENDAR",
                "",
            ]
        )
        with self.server.client(self.user) as client:
            client.calendar(url=self.url).save_event(ics)


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Radicale exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("Radicale did not start within 30 s")


@pytest.fixture(scope="session")
def radicale(tmp_path_factory) -> Iterator[Radicale]:
    folder: Path = tmp_path_factory.mktemp("radicale")
    users = folder / "users"
    users.write_text("".join(f"{name}:{password}\n" for name, password in ACCOUNTS.items()))
    port = free_port()
    config = folder / "config"
    config.write_text(
        "\n".join(
            [
                "[server]",
                f"hosts = 127.0.0.1:{port}",
                "[auth]",
                "type = htpasswd",
                f"htpasswd_filename = {users}",
                "htpasswd_encryption = plain",
                # A refused password answers at once (the default waits a second).
                "delay = 0",
                "[storage]",
                f"filesystem_folder = {folder / 'collections'}",
                "[rights]",
                "type = owner_only",
                "[logging]",
                "level = warning",
                "",
            ]
        )
    )
    log = (folder / "log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)], stdout=log, stderr=log
    )
    try:
        _wait_for(port, process)
        yield Radicale(url=f"http://127.0.0.1:{port}/")
    finally:
        process.terminate()
        process.wait(10)
        log.close()


@pytest.fixture
def radicale_calendar(radicale, settings) -> RadicaleCalendar:
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True
    return radicale.new_calendar("alice")
