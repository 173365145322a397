"""SQLite only: rebuild the indexes, whose ``lower(...)`` expressions were computed by
SQLite's A-Z ``LOWER`` before ``interview_tracker.sqlite`` replaced it on every connection."""

from django.db import migrations


def reindex(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("REINDEX")


class Migration(migrations.Migration):
    dependencies = [("interview_tracker", "0004_sessions_and_credentials")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
