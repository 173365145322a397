"""Calendar sync on the database task queue (the worker run in-process): a calendar that
refuses a write is retried with backoff, the interview change having committed long before."""

import datetime as dt

import pytest
import time_machine
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from integrations import services
from integrations.models import CalendarConnection
from interviews import services as interview_services
from interviews.calendar import uid_of
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_refused_write_is_retried_until_the_calendar_takes_it(
    task_queue, settings, workspace, owner, interviewer, radicale_calendar
):
    settings.TASKS_RETRY_BASE_SECONDS = 60
    services.calendar_connect(
        user=interviewer,
        url=radicale_calendar.url,
        username="alice",
        password=radicale_calendar.password,
    )
    CalendarConnection.objects.update(username="bob")  # the server refuses the login for now
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        interview = interview_services.interview_create(
            actor=owner,
            workspace=workspace,
            candidate=CandidateFactory(workspace=workspace),
            scheduled_at=start + dt.timedelta(days=3),
            title="Pairing",
        )
        interview_services.participant_add(
            actor=owner, interview=interview, user=interviewer, role="interviewer"
        )
        task_queue()

        assert radicale_calendar.events() == []
        connection = CalendarConnection.objects.get()
        assert connection.last_error == "The calendar server refused this user name and password."
        retry = DBTaskResult.objects.get(
            status=TaskResultStatus.READY, task_path__endswith="calendar_sync"
        )
        assert retry.run_after == start + dt.timedelta(seconds=60)

        CalendarConnection.objects.update(username="alice")  # the member fixed it
        clock.move_to(retry.run_after)
        task_queue()

    assert radicale_calendar.event(uid_of(interview)) is not None
    connection.refresh_from_db()
    assert (connection.last_error, connection.last_synced_at is not None) == ("", True)
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()
