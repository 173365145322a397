import datetime
from typing import Any

from django import template
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from interview_tracker.extensions import registry

register = template.Library()


@register.inclusion_tag("partials/panels.html")
def detail_panels(obj: Model) -> dict[str, Any]:
    """The sections later apps add to this object's detail page (see extensions.py)."""
    panels = registry.panels.get(obj._meta.label_lower, [])
    return {
        "panels": [
            {"title": panel.title, "url": reverse(panel.url_name, args=[obj.pk])}
            for panel in panels
        ]
    }


@register.filter
def days_since(moment: datetime.datetime | None) -> int | None:
    """Whole days from ``moment`` to now (the board's "days in stage")."""
    if moment is None:
        return None
    return (timezone.now() - moment).days
