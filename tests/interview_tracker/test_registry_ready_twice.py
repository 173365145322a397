"""Django runs an ``AppConfig.ready()`` again whenever the app registry is rebuilt (a test that
changes INSTALLED_APPS does): what the apps register must not register twice, or every
activity event would be heard twice (two webhook dispatches, two calendar syncs)."""

import copy

from django.apps import apps

from interview_tracker.extensions import registry


def _sizes() -> dict[str, int]:
    return {
        "panels": sum(len(panels) for panels in registry.panels.values()),
        "activity_listeners": len(registry.activity_listeners),
        "candidate_data": len(registry.candidate_data),
        "user_data": len(registry.user_data),
        "busy_sources": len(registry.busy_sources),
    }


def test_every_app_ready_run_twice_registers_nothing_twice(monkeypatch):
    monkeypatch.setattr(registry, "panels", copy.deepcopy(registry.panels))
    for name in ("activity_listeners", "candidate_data", "user_data", "busy_sources"):
        monkeypatch.setattr(registry, name, list(getattr(registry, name)))
    before = _sizes()
    assert before["activity_listeners"] >= 2  # webhooks and calendar sync
    for config in apps.get_app_configs():
        if "site-packages" not in config.path:  # the project's apps, which register
            config.ready()
    assert _sizes() == before
