"""Drop the single-column indexes of timeline events' and status changes' foreign keys that a
composite index already leads with (each index is written for every event, and every change
writes events). Only the indexes go: Django's own AlterField would also drop and re-create the
foreign keys, which checks every row of these large tables again under a lock."""

import django.db.models.deletion
from django.db import migrations, models

# (model, field, the model it refers to, the index dropped) of each foreign key.
UNINDEXED = [
    (
        "activityevent",
        "content_type",
        "contenttypes.contenttype",
        "interview_tracker_activityevent_content_type_id_f894cff2",
    ),
    (
        "activityevent",
        "workspace",
        "interview_tracker.workspace",
        "interview_tracker_activityevent_workspace_id_007072d4",
    ),
    (
        "statuschange",
        "content_type",
        "contenttypes.contenttype",
        "interview_tracker_statuschange_content_type_id_e9748cc2",
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("interview_tracker", "0005_sqlite_unicode_lower_reindex"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name=model,
                    name=name,
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=to,
                    ),
                )
                for model, name, to, _ in UNINDEXED
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{index}"',
                    reverse_sql=(
                        f'CREATE INDEX "{index}" ON "interview_tracker_{model}" ("{name}_id")'
                    ),
                )
                for model, name, _, index in UNINDEXED
            ],
        ),
    ]
