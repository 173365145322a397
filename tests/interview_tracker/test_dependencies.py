"""The apps' imports point one way: positions ← candidates ← interviews ← questions, with
analytics, assistant and integrations reading the others and imported by none. An app reaches
another only through its models, services, selectors and permissions (its rules); the core app
(``interview_tracker``) is shared by all and imports none of them, its root URLconf, API router
and ASGI entry point aside. Read from the source (ast), so a lazy import inside a function
counts too."""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = "interview_tracker"
# Each app may import the apps before it in this order.
CHAIN = ["positions", "candidates", "interviews", "questions"]
READERS = ["analytics", "assistant", "integrations"]
APPS = [CORE, *CHAIN, *READERS]
PUBLIC_MODULES = {"models", "services", "selectors", "permissions"}
# Where the URLs of every app are assembled.
ASSEMBLERS = {
    "interview_tracker/urls.py",
    "interview_tracker/api_urls.py",
    "interview_tracker/asgi.py",
}


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted module) of every import in ``path``, ``from a import b`` giving ``a.b``
    so that importing a submodule through its package counts as importing the submodule."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def violation(app: str, module: str) -> str | None:
    """Why ``app`` may not import ``module``, or None when it may."""
    parts = module.split(".")
    target = parts[0]
    if target not in APPS or target in {app, CORE}:
        return None
    if app == CORE:
        return "the core app imports no app"
    if target in READERS:
        return f"nobody imports {target}"
    if app in CHAIN and CHAIN.index(target) > CHAIN.index(app):
        return f"{app} comes before {target}"
    if len(parts) < 2 or parts[1] not in PUBLIC_MODULES:
        return f"only {target}'s {', '.join(sorted(PUBLIC_MODULES))} are public"
    return None


def violations() -> list[str]:
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in ASSEMBLERS:
                continue
            for line, module in imported_modules(path):
                reason = violation(app, module)
                if reason:
                    found.append(f"{relative}:{line} imports {module}: {reason}")
    return found


def test_every_import_points_along_the_dependency_direction():
    assert violations() == []


@pytest.mark.parametrize(
    ("app", "module", "allowed"),
    [
        ("candidates", "positions.models.Position", True),
        ("candidates", "positions.services.status_edit", True),
        ("questions", "interviews.permissions.can_take_part", True),
        ("candidates", "interview_tracker.pages.paginate", True),
        ("candidates", "positions.pages.paginate", False),
        ("candidates", "positions.api.views.WorkspaceModelViewSet", False),
        ("positions", "candidates.models.Candidate", False),
        ("interviews", "questions.models.Question", False),
        ("questions", "analytics.selectors.funnel", False),
        ("analytics", "questions.selectors.skill_gaps", True),
        ("analytics", "assistant.models.Conversation", False),
        ("interview_tracker", "positions.models.Position", False),
    ],
)
def test_the_rule_tells_allowed_from_forbidden_imports(app, module, allowed):
    assert (violation(app, module) is None) is allowed
