"""The data migration that gave existing workspaces a kind: a personal workspace is one
person's job search, any other a team that hires. Run for real: the schema is taken back to
before the migration, rows are written with the historical models, and the migration applied."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("interview_tracker", "0001_initial")]
AFTER = [("interview_tracker", "0002_workspace_kind_and_settings")]


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    yield executor
    # Leave the database as every other test expects it: fully migrated.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_workspaces_get_their_kind(executor):
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    Workspace = old_apps.get_model("interview_tracker", "Workspace")
    personal = Workspace.objects.create(name="Ada's workspace", is_personal=True)
    team = Workspace.objects.create(name="Acme Recruiting", is_personal=False)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    Migrated = new_apps.get_model("interview_tracker", "Workspace")
    kinds = dict(Migrated.objects.values_list("id", "kind"))
    assert kinds == {personal.id: "job_search", team.id: "hiring"}
    settings = (
        Migrated.objects.values(
            "blind_feedback", "quiet_days", "retention_days", "require_two_factor"
        )
        .order_by()
        .distinct()
    )
    assert list(settings) == [
        {
            "blind_feedback": True,
            "quiet_days": 14,
            "retention_days": None,
            "require_two_factor": False,
        }
    ]
