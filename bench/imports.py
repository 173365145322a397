"""Import benchmark: candidates from CSV through the import engine, by the command's path, by
the browser's (the task) and as an update (the command's ``--update`` re-import of the same
people, each a stage further, after an untimed first import: every row updates a record and
moves its status; its peak memory includes that first import), at two sizes, each import in a
fresh Python process of its own so that its peak resident memory (``resource.getrusage``) is
the import's alone.

    DATABASE_URL=postgres://... python -m bench imports [--sizes 20000 200000]
        [--paths command task update] [--sqlite]

(The same for ``python -m bench.imports``.)

For each size and path it reports rows per second, the process's CPU seconds (the machine is
shared: CPU time moves less than the wall clock) and its peak RSS. Two floors are measured in the
same run: PostgreSQL's own ``COPY`` of the largest file into a bare table, and PostgreSQL writing
the smallest import's rows into the real tables (``table_floor``). With ``--sqlite`` the
same imports also run against a throw-away SQLite file (memory must stay flat under every
setting). Each import goes into a fresh workspace that is deleted afterwards.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import require_postgresql, setup_django

ROW_STATUSES = ["applied", "screening", "interviewing", "offer", "hired", "rejected"]


def generate(path: Path, rows: int, stage_shift: int = 0) -> None:
    """Written as the product writes CSV: the phone numbers' "+" gets the formula guard. With a
    ``stage_shift`` every row's stage is that many stages further (a re-export after moves)."""
    from interview_tracker.importing import csv_cell

    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Full Name", "E-mail", "Phone", "Source", "Stage", "Tags"])
        for n in range(rows):
            writer.writerow(
                [
                    csv_cell(cell)
                    for cell in (
                        f"Candidate {n}",
                        f"candidate.{n}@bench.example.com",
                        f"+49 30 {1000000 + n}",
                        ("LinkedIn", "Referral", "Job board")[n % 3],
                        ROW_STATUSES[(n + stage_shift) % len(ROW_STATUSES)],
                        "bench; python" if n % 2 else "bench",
                    )
                ]
            )


def copy_rate(path: Path) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_copy (name text, email text, phone text, source text,"
            " status text, tags text)"
        )
        started = time.perf_counter()
        with (
            path.open("rb") as source,
            cursor.cursor.copy("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
        ):
            while block := source.read(1 << 20):
                copy.write(block)
        elapsed = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_copy")
        rows = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_copy")
    return rows / elapsed


def child(path: str, how: str) -> None:
    """One import in this process, printed as JSON: rows, seconds, CPU seconds, peak RSS."""
    import resource
    import uuid

    setup_django()
    from django.core.files import File
    from django.core.management import call_command

    from interview_tracker.import_runs import import_run_execute
    from interview_tracker.models import ImportRun, ImportStatus, User, Workspace

    if how == "migrate":
        # In a process of its own: what a migration leaves in memory slowed the import after
        # it by about 5 %, which an import's own process does not have.
        call_command("migrate", verbosity=0)
        print(json.dumps({}))
        return
    workspace = Workspace.objects.create(name=f"bench-{uuid.uuid4()}")
    user = User.objects.create(email=f"bench-{uuid.uuid4()}@example.com")
    source = Path(path)
    try:
        if how == "task":
            with source.open("rb") as stream:
                run = ImportRun.objects.create(
                    workspace=workspace,
                    created_by=user,
                    entity="candidates",
                    file=File(stream, name=source.name),
                    name=source.name,
                    total_bytes=source.stat().st_size,
                    status=ImportStatus.QUEUED,
                )
        if how in {"floor", "update"}:
            call_command("import_candidates", path, workspace=str(workspace.pk), verbosity=0)
        if how == "floor":
            print(json.dumps(table_floor(workspace)))
            return
        if how == "update":
            # The same people again, each a stage further: every row updates a record and
            # moves its status through the pipeline.
            moved = source.with_name(f"moved-{source.name}")
            generate(moved, workspace_rows(workspace), stage_shift=1)
        wall, cpu = time.perf_counter(), time.process_time()
        if how == "task":
            outcome = import_run_execute.call(str(run.pk))
        elif how == "update":
            call_command(
                "import_candidates", moved, workspace=str(workspace.pk), update=True, verbosity=0
            )
            outcome = ""
        else:
            call_command("import_candidates", path, workspace=str(workspace.pk), verbosity=0)
            outcome = ""
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        # Before the clean-up below: deleting a workspace collects its rows in Python, which
        # is the deletion's memory, not the import's.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
        rows = workspace_rows(workspace)
        if how == "task":
            run.file.delete(save=False)
    finally:
        workspace.delete()
        user.delete()
    print(json.dumps({"rows": rows, "seconds": wall, "cpu": cpu, "peak": peak, "out": outcome}))


def table_floor(workspace: Any, rounds: int = 3) -> dict[str, float]:
    """What PostgreSQL itself takes to write an import's rows into the real tables (every
    index, the foreign keys checked at commit), without any Python work: the candidates and
    "imported" events ``workspace`` holds are copied out, deleted, and copied back in one
    transaction, ``rounds`` times; the best rate of each, in candidates per second."""
    import io

    from django.db import connection, transaction
    from django.db.models import GeneratedField

    from candidates.models import Candidate
    from interview_tracker.models import ActivityEvent

    tables = []
    for model in (Candidate, ActivityEvent):
        columns = ", ".join(
            str(f.column) for f in model._meta.concrete_fields if not isinstance(f, GeneratedField)
        )
        tables.append((model._meta.db_table, columns))
    connection.ensure_connection()
    raw = connection.connection
    held = []
    for table, columns in tables:
        copied = io.BytesIO()
        query = f"SELECT {columns} FROM {table} WHERE workspace_id = %s"
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY ({query}) TO STDOUT", [workspace.pk]) as out,
        ):
            for block in out:
                copied.write(block)
        held.append((table, columns, copied.getvalue()))
    count = workspace_rows(workspace)
    best = {"candidates and events": 0.0, "candidates alone": 0.0}
    for _ in range(rounds):
        for what, written in (("candidates and events", held), ("candidates alone", held[:1])):
            with transaction.atomic(), raw.cursor() as cursor:
                for table, _, _ in reversed(held):
                    cursor.execute(f"DELETE FROM {table} WHERE workspace_id = %s", [workspace.pk])
            started = time.perf_counter()
            with transaction.atomic(), raw.cursor() as cursor:
                for table, columns, data in written:
                    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        copy.write(data)
            best[what] = max(best[what], count / (time.perf_counter() - started))
    return best


def workspace_rows(workspace: Any) -> int:
    from candidates.models import Candidate

    return Candidate.objects.filter(workspace=workspace).count()


def vacuum() -> None:
    """VACUUM the tables an import writes. Each import deletes its workspace afterwards, and
    the next one imports the same e-mails, phones and names: it would step over the dead rows
    in their indexes, which a database in use has long vacuumed."""
    from django.db import connection

    from candidates.models import Candidate
    from interview_tracker.models import ActivityEvent, StatusChange

    tables = ", ".join(m._meta.db_table for m in (Candidate, ActivityEvent, StatusChange))
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {tables}")


def run_child(path: Path, how: str, database_url: str, media: str) -> dict[str, float]:
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": media}
    done = subprocess.run(
        [sys.executable, "-m", "bench.imports", "--child", str(path), how],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"The {how} import failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench imports", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument(
        "--paths",
        nargs="+",
        choices=["command", "task", "update"],
        default=["command", "task", "update"],
    )
    parser.add_argument("--sqlite", action="store_true", help="Also run against SQLite.")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    setup_django()
    require_postgresql()
    databases = [("PostgreSQL", os.environ["DATABASE_URL"])]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        if args.sqlite:
            databases.append(("SQLite", f"sqlite:///{folder}/bench.sqlite3"))
        files = {}
        for size in args.sizes:
            files[size] = Path(folder) / f"candidates-{size}.csv"
            generate(files[size], size)
        for _, url in databases:
            run_child(files[min(args.sizes)], "migrate", url, folder)
        floor = copy_rate(files[max(args.sizes)])
        tables = run_child(files[min(args.sizes)], "floor", databases[0][1], folder)
        vacuum()
        for database, url in databases:
            for how in args.paths:
                for size in args.sizes:
                    result = run_child(files[size], how, url, folder)
                    if database == "PostgreSQL":
                        vacuum()
                    assert result["rows"] == size, result
                    rows.append(
                        (
                            database,
                            how,
                            size,
                            size / result["seconds"],
                            size / result["cpu"],
                            result["peak"] / 2**20,
                        )
                    )
    print(f"PostgreSQL COPY of {max(args.sizes):,} rows into a bare table: {floor:,.0f} rows/s")
    print(
        f"PostgreSQL writing {min(args.sizes):,} imported candidates into the real tables, no "
        f"Python: {tables['candidates and events']:,.0f} rows/s with their events, "
        f"{tables['candidates alone']:,.0f} rows/s without"
    )
    print("| database   | path    | rows    | rows/s | rows per CPU s | peak RSS MB |")
    print("|------------|---------|---------|--------|----------------|-------------|")
    for database, how, size, rate, per_cpu, peak in rows:
        print(
            f"| {database:<10} | {how:<7} | {size:>7,} | {rate:>6,.0f} | {per_cpu:>14,.0f} "
            f"| {peak:>11.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
