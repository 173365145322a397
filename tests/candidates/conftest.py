import pytest

from interview_tracker.extensions import registry
from tests.positions.conftest import login, owner_web  # noqa: F401  (shared fixtures)


@pytest.fixture(autouse=True)
def _no_registered_embeds(monkeypatch):
    """Candidate bodies here are the app's own; embeds other apps register are tested apart."""
    monkeypatch.setitem(registry.api_embeds, "candidates.candidate", {})
