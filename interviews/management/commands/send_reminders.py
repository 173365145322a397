"""Send reminder e-mails; meant for cron (e.g. every 15 minutes). Each reminder goes out once."""

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from interviews.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail reminders: interviews starting within --within hours (to participants), "
        "feedback overdue (to interviewers of completed interviews who have not submitted), "
        "and follow-ups due (to the workspace's owners). Each reminder is sent once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--within", type=float, default=24, help="Hours ahead for upcoming interviews."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send(
            now=timezone.now(), within_hours=options["within"], dry_run=options["dry_run"]
        )
        verbosity = options["verbosity"]
        if verbosity >= 2 or (options["dry_run"] and verbosity >= 1):
            for reminder in sent:
                self.stdout.write(f"{reminder.kind}: {reminder.user.email} · {reminder.subject}")
        if verbosity >= 1:
            counts = Counter(reminder.kind for reminder in sent)
            detail = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "none due"
            verb = "Would send" if options["dry_run"] else "Sent"
            self.stdout.write(self.style.SUCCESS(f"{verb} {len(sent)} reminders ({detail})."))
