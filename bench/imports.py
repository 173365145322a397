"""Import benchmark: 100,000 candidates from CSV into PostgreSQL through the import engine,
next to PostgreSQL's own COPY of the same file into a bare table, in the same run.

    DATABASE_URL=postgres://... python -m bench imports [--rows 100000] [--batch-size 1000]

(The same for ``python -m bench.imports``.)

Reports rows per second for both and the import's peak Python memory (tracemalloc, measured
in a second run on a tenth of the rows, so that "flat" is visible: the peak must not grow
with the file). The benchmark works in a workspace of its own and deletes it afterwards.
"""

import argparse
import csv
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

from bench.common import require_postgresql, setup_django

ROW_STATUSES = ["applied", "screening", "interviewing", "offer", "hired", "rejected"]


def generate(path: Path, rows: int) -> None:
    # Written as the product writes CSV: the phone numbers' "+" gets the formula guard.
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
                        ROW_STATUSES[n % len(ROW_STATUSES)],
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


def import_file(path: Path, batch_size: int, measure_memory: bool) -> tuple[float, int, int]:
    """Rows per second and peak traced bytes of one import into a fresh workspace."""
    from candidates.importers import CandidateImporter
    from interview_tracker.importing import run_import
    from interview_tracker.models import Workspace

    workspace = Workspace.objects.create(name=f"bench-{uuid.uuid4()}")
    try:
        if measure_memory:
            tracemalloc.start()
        started = time.perf_counter()
        with (
            path.open("rb") as stream,
            CandidateImporter.open(stream, path.name) as source,
        ):
            report = run_import(CandidateImporter(workspace), source, batch_size=batch_size)
        elapsed = time.perf_counter() - started
        peak = 0
        if measure_memory:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert report.created == report.rows, report.summary
        return report.rows / elapsed, report.rows, peak
    finally:
        workspace.delete()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench imports", description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    args = parser.parse_args(argv)
    setup_django()
    require_postgresql()
    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    # DEBUG keeps every SQL statement in memory; the benchmark measures the product, not that.
    override_settings(DEBUG=False).enable()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "candidates.csv"
        small = Path(folder) / "candidates-small.csv"
        generate(path, args.rows)
        generate(small, max(1, args.rows // 10))
        size = path.stat().st_size
        copy = copy_rate(path)
        rate, rows, _ = import_file(path, args.batch_size, measure_memory=False)
        _, _, peak_full = import_file(path, args.batch_size, measure_memory=True)
        _, small_rows, peak_small = import_file(small, args.batch_size, measure_memory=True)
    print(f"file: {rows:,} rows, {size / 1e6:.1f} MB; batch size {args.batch_size}")
    print(f"PostgreSQL COPY into a bare table: {copy:12,.0f} rows/s")
    print(f"import_candidates engine:          {rate:12,.0f} rows/s ({rate / copy:.0%} of COPY)")
    print(
        f"peak Python memory: {peak_full / 1e6:.1f} MB for {rows:,} rows, "
        f"{peak_small / 1e6:.1f} MB for {small_rows:,} rows"
    )
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
