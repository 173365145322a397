"""Deferred work: enqueued on commit only, retried with backoff, idempotent, and mail that
survives a mail server outage, sent once. Against the database queue (the worker run
in-process) and a real SMTP server on 127.0.0.1."""

import datetime as dt

import pytest
import time_machine
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.tasks import TaskResultStatus
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from interview_tracker.mail import mail_deliver, mail_queue
from interview_tracker.models import OutboundMail
from interview_tracker.tasks import backoff_seconds, requeue_stale_tasks
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _change_that_fails_after_asking_for_a_mail() -> None:
    with transaction.atomic():
        mail_queue(to="ada@example.com", subject="Hello", body="Hi")
        raise RuntimeError("the change fails")


def test_a_rolled_back_change_enqueues_and_sends_nothing(task_queue, smtp_sink):
    with pytest.raises(RuntimeError):
        _change_that_fails_after_asking_for_a_mail()
    assert not OutboundMail.objects.exists()
    assert not DBTaskResult.objects.exists()
    task_queue()
    assert smtp_sink.messages == []


def _queued_as_a_worker_sees_it() -> int:
    """The queue's tasks counted on a connection of its own, as a worker process reads them."""
    worker = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with worker.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {DBTaskResult._meta.db_table}")
            return cursor.fetchone()[0]
    finally:
        worker.close()


def test_a_task_is_enqueued_only_when_its_transaction_commits(task_queue, smtp_sink):
    with transaction.atomic():
        mail_queue(to="ada@example.com", subject="Hello", body="Hi")
        assert _queued_as_a_worker_sees_it() == 0  # no worker sees it before the commit
    assert _queued_as_a_worker_sees_it() == 1
    task_queue()
    assert [m["To"] for m in smtp_sink.messages] == ["ada@example.com"]


def test_a_process_that_dies_right_after_the_commit_loses_no_task(task_queue, smtp_sink):
    with transaction.atomic():
        mail_queue(to="ada@example.com", subject="Hello", body="Hi")
        # The process dies just after COMMIT: nothing it meant to run after the commit runs.
        connection.run_on_commit.clear()
    task_queue()
    assert [m["To"] for m in smtp_sink.messages] == ["ada@example.com"]


def test_mail_survives_ten_minutes_without_a_mail_server_and_is_sent_once(
    task_queue, smtp_sink, settings
):
    settings.TASKS_RETRY_BASE_SECONDS = 30
    user = UserFactory(email="forgetful@example.com")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        smtp_sink.stop()  # the mail server goes down
        response = Client().post(reverse("password-reset"), {"email": user.email})
        assert response.status_code == 302  # the person is told the link is on its way
        attempts = 0
        while timezone.now() < start + dt.timedelta(minutes=10):
            task_queue()  # each attempt fails and schedules the next one later
            attempts += 1
            due = DBTaskResult.objects.filter(status=TaskResultStatus.READY).get()
            clock.move_to(due.run_after)
        mail = OutboundMail.objects.get()
        assert mail.sent_at is None
        assert mail.attempts == attempts >= 4
        assert "ConnectionRefusedError" in mail.last_error
        assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()

        smtp_sink.start()  # back after ten minutes
        task_queue()
        task_queue()  # a second pass (a redelivered task) sends nothing more
        mail_deliver.enqueue(str(mail.pk))
        task_queue()

    assert len(smtp_sink.messages) == 1
    message = smtp_sink.messages[0]
    assert message["To"] == user.email
    assert message["Message-ID"] == OutboundMail.objects.get().message_id
    assert "/password-reset/" in message.get_payload()
    assert OutboundMail.objects.get().sent_at is not None


def test_the_backoff_doubles_up_to_its_cap(settings):
    settings.TASKS_RETRY_BASE_SECONDS = 30
    settings.TASKS_RETRY_MAX_SECONDS = 3600
    assert [backoff_seconds(n) for n in (1, 2, 3, 7, 8, 12)] == [30, 60, 120, 1920, 3600, 3600]


def test_a_failure_after_the_last_attempt_is_visible_to_staff(task_queue, smtp_sink, settings):
    settings.TASKS_MAX_ATTEMPTS = 2
    settings.TASKS_RETRY_BASE_SECONDS = 0
    smtp_sink.stop()
    mail_queue(to="ada@example.com", subject="Hello", body="Hi")
    task_queue()  # attempt 1 fails, attempt 2 is due at once and fails for good
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert failed.task_path == "interview_tracker.mail.mail_deliver"
    assert "ConnectionRefusedError" in failed.exception_class_path

    staff = UserFactory(is_staff=True)
    client = Client()
    client.force_login(staff)
    tasks = client.get(reverse("health-detailed")).json()["tasks"]
    assert tasks["failed_last_24h"] == 1
    assert tasks["mail_waiting"] == 1
    assert tasks["mail_failed_last_24h"] == 1
    anonymous = Client().get(reverse("health-detailed"))
    assert "tasks" not in anonymous.json()


def test_a_mail_another_worker_is_sending_is_left_alone(task_queue, smtp_sink):
    mail = mail_queue(to="ada@example.com", subject="Hello", body="Hi")
    assert mail is not None
    OutboundMail.objects.filter(pk=mail.pk).update(claimed_at=timezone.now())
    task_queue()
    assert smtp_sink.messages == []
    OutboundMail.objects.filter(pk=mail.pk).update(
        claimed_at=timezone.now() - dt.timedelta(hours=1)  # that worker died
    )
    mail_deliver.enqueue(str(mail.pk))
    task_queue()
    assert len(smtp_sink.messages) == 1


def test_a_producer_that_runs_twice_queues_one_mail(task_queue, smtp_sink):
    assert mail_queue(to="ada@example.com", subject="A", body="x", key="event-1") is not None
    assert mail_queue(to="ada@example.com", subject="A", body="x", key="event-1") is None
    task_queue()
    assert len(smtp_sink.messages) == 1


def test_a_task_whose_worker_died_runs_again(task_queue, settings):
    mail = mail_queue(to="ada@example.com", subject="A", body="x")
    assert mail is not None
    result = DBTaskResult.objects.get()
    result.claim("a-worker-that-was-killed")
    assert requeue_stale_tasks() == 0  # still inside its claim
    later = timezone.now() + dt.timedelta(seconds=settings.TASKS_CLAIM_SECONDS + 1)
    assert requeue_stale_tasks(later) == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY


def test_subjects_are_one_line(task_queue, smtp_sink):
    mail_queue(to="ada@example.com", subject="Interview\nBcc: evil@example.com", body="x")
    task_queue()
    assert smtp_sink.messages[0]["Subject"] == "Interview Bcc: evil@example.com"
    assert smtp_sink.messages[0]["Bcc"] is None
