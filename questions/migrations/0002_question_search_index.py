"""A GIN index for the bank's full-text search, on PostgreSQL only (SQLite searches with
``icontains`` and has no such index). The expression is the one ``questions.models.SEARCH_VECTOR``
compiles to, so the planner uses the index for ``Question.objects.search()``."""

from django.db import migrations

INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS question_search_idx ON questions_question USING gin ("
    "to_tsvector('english'::regconfig, COALESCE(text, '') || ' ' || COALESCE(answer_summary, '')))"
)
DROP_SQL = "DROP INDEX IF EXISTS question_search_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("questions", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
