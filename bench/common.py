"""Helpers shared by the workloads: Django set-up, timing (median, p95), ratios to a floor
measured in the same run, table printing and fast dataset loading (COPY on PostgreSQL).

This machine is noisy: report ratios against a floor measured in the same process, and treat
absolute times as indicative only.
"""

import os
import platform
import statistics
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any


def setup_django(settings: str = "interview_tracker.settings.base") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()


def require_postgresql() -> None:
    """Stop unless DATABASE_URL is PostgreSQL; create its database on a fresh server."""
    import psycopg
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit(
            "This workload needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/db"
        )
    params = connection.get_connection_params()
    name = params.pop("dbname")
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as server:
        if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            server.execute(
                psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name))
            )
            print(f"Created the database {name!r}.")


@dataclass(frozen=True)
class Timing:
    median: float  # seconds
    p95: float
    runs: int

    @property
    def median_ms(self) -> float:
        return self.median * 1000

    @property
    def p95_ms(self) -> float:
        return self.p95 * 1000


def measure(fn: Callable[[], Any], *, repeat: int = 7, warmup: int = 1) -> Timing:
    """Run ``fn`` ``warmup`` times unmeasured, then ``repeat`` times; median and p95."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    samples.sort()
    p95_index = min(len(samples) - 1, round(0.95 * (len(samples) - 1)))
    return Timing(statistics.median(samples), samples[p95_index], len(samples))


def ratio(timing: Timing, floor: Timing) -> float:
    """How many times the floor's median the measured median is."""
    return timing.median / floor.median if floor.median else float("inf")


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A Markdown table, so the output pastes into a README as it is."""
    text_rows = [[_cell(value) for value in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in text_rows)) for i, h in enumerate(headers)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in text_rows:
        print("| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def machine() -> str:
    cpus = os.cpu_count()
    system = f"{platform.system()} {platform.release()}"
    return f"{platform.node()} · {system} · {cpus} CPUs · Python {platform.python_version()}"


def batched[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def copy_rows(model: Any, rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> int:
    """Load rows into ``model``'s table with PostgreSQL's COPY; returns the number loaded.

    ``rows`` yields tuples in the order of ``columns`` (database column names), already in
    database form (JSON as text, UUIDs, dates, aware datetimes).
    """
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count
