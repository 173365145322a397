import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command


class Result:
    def __init__(self, out: str, err: str) -> None:
        self.out = out
        self.err = err


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run a management command and capture what it prints."""

    def call(*args: str, **options: object) -> Result:
        out, err = io.StringIO(), io.StringIO()
        call_command(*args, stdout=out, stderr=err, **options)
        return Result(out.getvalue(), err.getvalue())

    return call


@pytest.fixture
def write(tmp_path) -> Callable[[str, str | bytes], Path]:
    def make(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path

    return make
