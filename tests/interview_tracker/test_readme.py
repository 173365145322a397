"""The README documents every environment variable and every dependency."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def test_every_environment_variable_read_by_the_settings_is_documented():
    settings = (ROOT / "interview_tracker" / "settings" / "base.py").read_text()
    names = set(re.findall(r'(?:environ\.get|env_bool|env_list)\("([A-Z_]+)"', settings))
    assert len(names) > 20
    assert sorted(name for name in names if f"`{name}`" not in README) == []


def test_every_dependency_is_documented():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    names = {re.match(r"[A-Za-z0-9_.-]+", requirement).group(0) for requirement in requirements}
    assert sorted(name for name in names if f"`{name}" not in README) == []
