"""Real servers for the tests of durable work: the database task queue with its worker run
in-process, an SMTP server that a test stops and starts again, and an S3-compatible object
store (moto in server mode). Each binds 127.0.0.1 on a port chosen at run time and is stopped
by its fixture."""

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.tasks import task_backends
from django.utils.connection import Local
from django_tasks_db.management.commands.db_worker import Worker

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend", "QUEUES": []}}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _reset_task_backends() -> None:
    # TASKS is read once and its backends are cached per thread; a changed setting needs both
    # forgotten (Django resets caches and databases on setting_changed, not task backends).
    task_backends.__dict__.pop("settings", None)
    task_backends._settings = None
    task_backends._connections = Local(task_backends.thread_critical)


def run_queue() -> None:
    """What ``manage.py db_worker --batch`` does: run every task that is due, then return."""
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.fixture
def task_queue(settings) -> Iterator[Callable[[], None]]:
    """The database queue instead of the test settings' immediate backend; call the returned
    function to let the worker run what is due. Needs ``django_db(transaction=True)``: tasks
    are enqueued on commit and the worker commits its own transactions."""
    settings.TASKS = DATABASE_QUEUE
    _reset_task_backends()
    yield run_queue
    _reset_task_backends()


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted"


@dataclass
class SmtpSink:
    """An SMTP server on 127.0.0.1 that keeps what it receives; ``stop()`` and ``start()``
    simulate an outage (the same port, so the configured mailer reaches it again)."""

    port: int = field(default_factory=free_port)
    inbox: Inbox = field(default_factory=Inbox)
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[Message]:
        return self.inbox.messages


@pytest.fixture
def smtp_sink(settings) -> Iterator[SmtpSink]:
    """A running SMTP server, and the default mailer pointed at it."""
    sink = SmtpSink()
    sink.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 5},
        }
    }
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 API on 127.0.0.1: a real HTTP server that boto3 and django-storages talk to."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint) -> str:
    """``STORAGES["default"]`` on a fresh bucket of the moto server, configured the way the
    settings do it from S3_BUCKET and friends; returns the bucket name."""
    import uuid

    import boto3

    bucket = f"it-{uuid.uuid4().hex[:12]}"
    credentials = {
        "endpoint_url": s3_endpoint,
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
        "region_name": "us-east-1",
    }
    boto3.client("s3", **credentials).create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "interview_tracker.storage.ObjectStorage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_endpoint,
                "access_key": "testing",
                "secret_key": "testing",
                "region_name": "us-east-1",
                "querystring_auth": True,
                "querystring_expire": 300,
                "signature_version": "s3v4",
                "file_overwrite": False,
                "default_acl": None,
            },
        },
    }
    return bucket
