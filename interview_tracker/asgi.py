import gc
import os

from django.core.asgi import get_asgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview_tracker.settings.base")

django_application = get_asgi_application()

# Imported after Django is set up: the MCP server's tools use the ORM.
from integrations.mcp import application as mcp_application  # noqa: E402
from interview_tracker.body_limits import BodyLimitApplication  # noqa: E402


async def route(scope, receive, send):
    """Django, except ``/mcp``: the Model Context Protocol server (integrations/mcp.py)."""
    if scope["type"] == "http" and scope["path"].rstrip("/") == "/mcp":
        await mcp_application(scope, receive, send)
        return
    await django_application(scope, receive, send)


# Request bodies are capped before anything spools them (see body_limits).
application = BodyLimitApplication(route)

# What is loaded by now (Django, the URLconf with every view and serializer it imports) lives as
# long as the process. Frozen, it is out of the cyclic collector's sight: the full collections
# that a large page's allocations trigger then scan the request's objects, not ~200,000 startup
# ones (which made a page of 1,000 rows cost more per row than pages of 100; bench/README.md).
get_resolver().url_patterns  # noqa: B018 - imports the views now, to freeze them too
gc.collect()
gc.freeze()
