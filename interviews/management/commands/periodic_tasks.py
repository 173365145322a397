"""The schedule: what must happen every few minutes without anyone asking. Production runs it
from cron on one machine (``*/5 * * * * manage.py periodic_tasks``; two overlapping runs are
safe); ``make run`` keeps it going with ``--every``. The work itself leaves through the task
queue: reminders become outbox mails the workers deliver, and the retention purge (candidates
past their workspace's ``retention_days`` anonymised) runs as a task."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from interview_tracker.tasks import requeue_stale_tasks
from interviews.reminders import reminders_send
from interviews.tasks import retention_apply


class Command(BaseCommand):
    help = (
        "Queue the reminders due (interviews within --within hours, feedback overdue, "
        "follow-ups due), queue the retention purge and hand tasks whose worker died to "
        "another worker. Once, or every --every seconds until stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--within", type=float, default=24, help="Hours ahead for upcoming interviews."
        )
        parser.add_argument(
            "--every", type=float, default=0, help="Repeat every N seconds (0: run once)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            reminders = reminders_send(now=timezone.now(), within_hours=options["within"])
            requeued = requeue_stale_tasks()
            retention_apply.enqueue()
            if options["verbosity"] >= 1 and (reminders or requeued or not options["every"]):
                self.stdout.write(
                    f"{timezone.now():%H:%M:%S} queued {len(reminders)} reminders, "
                    f"requeued {requeued} tasks of dead workers."
                )
            if not options["every"]:
                return
            time.sleep(options["every"])
