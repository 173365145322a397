import os

from django.core.asgi import get_asgi_application

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
