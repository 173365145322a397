"""Demo data so that a newcomer running ``make run`` sees a living product.

Lives in the questions app because that app sits at the end of the dependency chain and may
read and write every other app's data. Idempotent: running it twice leaves the same data.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from interview_tracker import services
from interview_tracker.models import User

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-interviews-2026"


class Command(BaseCommand):
    help = "Create (or refresh) the demo user and their demo workspaces, then print how to log in."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=DEMO_EMAIL).first()
        if user is None:
            user = services.user_register(
                email=DEMO_EMAIL, password=DEMO_PASSWORD, first_name="Demo", last_name="User"
            )
            self.stdout.write(self.style.SUCCESS("Created the demo user."))
        self.stdout.write(
            f"Log in at http://127.0.0.1:8000/login/ as {DEMO_EMAIL} with password {DEMO_PASSWORD}"
        )
