"""The production queue: django-tasks-redis (Django's own task framework over Redis streams)
chosen by this test, which enqueues the product's mail task through it against the local Redis
and runs it with the package's worker command, retry included."""

import datetime as dt
import io
import uuid

import pytest
import redis
import time_machine
from django.core.management import call_command
from django.tasks import TaskResultStatus

from interview_tracker.mail import mail_deliver, mail_queue
from interview_tracker.models import OutboundMail
from tests.durable import _reset_task_backends

REDIS_URL = "redis://127.0.0.1:6379/15"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis_queue(settings):
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"it_test_{uuid.uuid4().hex[:8]}"
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django_tasks_redis"]
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_redis.RedisTaskBackend",
            "QUEUES": [],
            "OPTIONS": {"REDIS_URL": REDIS_URL, "REDIS_KEY_PREFIX": prefix},
        }
    }
    _reset_task_backends()
    yield
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    _reset_task_backends()


def run_worker() -> None:
    call_command("run_redis_tasks", "--no-graceful-shutdown", stdout=io.StringIO())


def test_mail_goes_through_redis_and_is_retried_until_the_server_answers(
    redis_queue, smtp_sink, settings
):
    settings.TASKS_RETRY_BASE_SECONDS = 60
    smtp_sink.stop()
    mail = mail_queue(to="ada@example.com", subject="Via Redis", body="Hi")
    assert mail is not None
    run_worker()  # the first attempt fails and enqueues the second, a minute later
    assert OutboundMail.objects.get().attempts == 1
    smtp_sink.start()
    with time_machine.travel(dt.timedelta(seconds=61)):
        run_worker()
    assert [m["Subject"] for m in smtp_sink.messages] == ["Via Redis"]
    assert OutboundMail.objects.get().sent_at is not None

    result = mail_deliver.enqueue(str(mail.pk))  # a redelivery sends nothing more
    run_worker()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "already sent or being sent"
    assert len(smtp_sink.messages) == 1
