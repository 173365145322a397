import questions.models
from django.conf import settings
from django.db import migrations, models

from questions.models import question_text_key

BATCH = 1000


def key_existing_questions(apps, schema_editor):
    """Give every question its text key, except a later duplicate of an earlier question of
    the same bank (same text once normalised), which keeps none: the unique rule then holds
    over the existing data without merging anyone's questions, links or practice history.
    The earliest of each text keeps the key, as the find-or-create always picked it."""
    Question = apps.get_model("questions", "Question")
    rows = Question.objects.order_by("workspace_id", "created_at", "id").values_list(
        "id", "workspace_id", "text"
    )
    workspace, seen, batch = None, set(), []
    for pk, workspace_id, text in rows.iterator(chunk_size=2000):
        if workspace_id != workspace:
            workspace, seen = workspace_id, set()
        key = question_text_key(text)
        if key in seen:
            continue
        seen.add(key)
        batch.append(Question(pk=pk, text_key=key))
        if len(batch) >= BATCH:
            Question.objects.bulk_update(batch, ["text_key"])
            batch = []
    Question.objects.bulk_update(batch, ["text_key"])


class Migration(migrations.Migration):

    dependencies = [
        ('interview_tracker', '0002_workspace_kind_and_settings'),
        ('positions', '0002_position_opening_fields'),
        ('questions', '0002_question_search_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='question',
            name='text_key',
            field=questions.models.QuestionTextKeyField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(key_existing_questions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='question',
            constraint=models.UniqueConstraint(models.F('workspace'), models.F('text_key'), name='question_text_unique_per_workspace'),
        ),
    ]
