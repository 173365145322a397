"""Interviewer seats carry their interview's time so PostgreSQL can refuse double-booking.

The backfill copies each seat's interview time; a seat of a scheduled or ongoing interview
becomes active unless it overlaps an earlier active seat of the same interviewer (bookings made
before the rule existed stay as they are but no longer hold the time, else the constraint could
not be created).
"""

import datetime as dt

import interviews.models
from django.conf import settings
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations, models


def backfill_seats(apps, schema_editor):
    Participant = apps.get_model("interviews", "Participant")
    last_end: dict = {}
    seats = Participant.objects.select_related("interview").order_by(
        "user_id", "interview__scheduled_at", "id"
    )
    changed = []
    for seat in seats.iterator(chunk_size=2000):
        interview = seat.interview
        seat.starts_at = interview.scheduled_at
        seat.ends_at = interview.scheduled_at + dt.timedelta(minutes=interview.duration_minutes)
        seat.active = interview.status in ("scheduled", "ongoing")
        if seat.active and seat.role == "interviewer":
            previous = last_end.get(seat.user_id)
            if previous is not None and previous > seat.starts_at:
                seat.active = False
            else:
                last_end[seat.user_id] = seat.ends_at
        changed.append(seat)
    Participant.objects.bulk_update(changed, ["starts_at", "ends_at", "active"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0003_structured_hiring"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        BtreeGistExtension(),
        migrations.AddField(
            model_name="participant",
            name="active",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="participant",
            name="ends_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="participant",
            name="starts_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(backfill_seats, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(
                condition=models.Q(("active", True)),
                fields=["user", "starts_at"],
                name="participant_busy_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="participant",
            constraint=interviews.models.PostgresOnlyExclusionConstraint(
                condition=models.Q(("active", True), ("role", "interviewer")),
                expressions=[
                    ("user", "="),
                    (interviews.models.TsTzRange("starts_at", "ends_at"), "&&"),
                ],
                name="participant_interviewer_no_overlap",
            ),
        ),
    ]
