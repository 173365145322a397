"""One URL spelling for the API: paths are written without a trailing slash (the contract's
spelling, the one ``reverse`` and the schema give) and answer with one too, so clients that
learnt the slashed spelling keep working. Both spellings resolve; neither redirects, because a
redirect would turn a POST into a GET in many clients."""

import re
from typing import Any

from django.urls import URLPattern, re_path
from rest_framework.routers import DefaultRouter

# An optional slash that ``reverse`` leaves out and drf-spectacular's path simplification
# drops (it keeps the "/" of a bare "/?").
OPTIONAL_SLASH = "(?:/)?"
UUID = "[0-9a-fA-F-]{36}"


class Router(DefaultRouter):
    """DRF's router with the optional trailing slash on every route it builds."""

    def __init__(self) -> None:
        super().__init__()
        self.trailing_slash = OPTIONAL_SLASH


def api_path(route: str, view: Any, name: str) -> URLPattern:
    """``route`` in ``path()`` syntax (``<uuid:name>`` converters), written without a trailing
    slash; the slashed spelling resolves to the same view."""
    regex = re.sub(r"<uuid:(\w+)>", rf"(?P<\1>{UUID})", route)
    return re_path(rf"^{regex}{OPTIONAL_SLASH}$", view, name=name)
