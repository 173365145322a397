"""The ``import_<entity>`` and ``export_<entity>`` commands share these two classes; each app's
command only names its Importer. ``handle()`` stays thin: the engine in ``importing`` streams,
validates and writes."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from .importing import (
    DEFAULT_BATCH_SIZE,
    Importer,
    ImportFailed,
    find_workspace,
    run_import,
    terminal_progress,
    write_export,
)


class ImportCommand(BaseCommand):
    importer_class: type[Importer[Any]]

    @property
    def help(self) -> str:  # type: ignore[override]
        entity = self.importer_class.entity
        return (
            f"Import {entity} from a CSV or JSON file into a workspace. Every row is validated "
            "first; nothing is written while any row is bad (unless --skip-invalid). Records "
            "already present (same natural key) are left alone, or updated with --update."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV (any of , ; tab |) or JSON list of objects.")
        parser.add_argument(
            "--workspace", required=True, help="Target workspace: its id or exact name."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )
        parser.add_argument(
            "--update", action="store_true", help="Update records matched on the natural key."
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Write the valid rows and report the others instead of writing nothing.",
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            workspace = find_workspace(options["workspace"])
            stream = path.open("rb")
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
        verbosity = options["verbosity"]
        with stream:
            try:
                with self.importer_class.open(stream, path.name, path.stat().st_size) as source:
                    if verbosity >= 1:
                        mapping = ", ".join(f"{h} → {f}" for h, f in source.mapping.items())
                        self.stdout.write(f"Columns: {mapping}")
                        if source.ignored:
                            self.stdout.write(f"Ignored columns: {', '.join(source.ignored)}")
                    report = run_import(
                        self.importer_class(workspace),
                        source,
                        update=options["update"],
                        skip_invalid=options["skip_invalid"],
                        dry_run=options["dry_run"],
                        batch_size=max(1, options["batch_size"]),
                        progress=terminal_progress(sys.stderr) if verbosity >= 1 else None,
                        origin=path.name,
                    )
            except ImportFailed as exc:
                raise CommandError(f"{path.name}: {exc}") from exc
        if verbosity >= 1:
            for column, values in report.readings.items():
                read = ", ".join(f"{v} → {r or '(unknown)'}" for v, r in values.items())
                self.stdout.write(f"Values of {column}: {read}")
            for column, order in report.date_readings.items():
                flag = " (no date told; the file's locale decided)" * (
                    column in report.ambiguous_dates
                )
                self.stdout.write(f"Dates of {column} read {order}{flag}")
        if verbosity >= 1:
            for duplicate in report.duplicates:
                ids = ", ".join(match["id"] for match in duplicate.matches)
                self.stdout.write(
                    f"Row {duplicate.row}: {duplicate.name} ({duplicate.record}) may "
                    f"duplicate {ids}"
                )
            if report.duplicate_rows > len(report.duplicates):
                self.stdout.write(f"… {report.duplicate_rows} possible duplicates in all.")
        for error in report.errors:
            self.stderr.write(f"Row {error.row}, column {error.column}: {error.message}")
        if report.invalid > len(report.errors):
            self.stderr.write(f"… and more: {report.invalid} invalid rows in all.")
        if report.invalid and not options["skip_invalid"]:
            raise CommandError(
                f"{report.invalid} of {report.rows} rows are invalid; nothing was written. "
                "Fix them, or use --skip-invalid to write the valid rows."
            )
        if report.invalid and not (report.created or report.updated or options["dry_run"]):
            # Skipping the bad rows left nothing to write: a script must not read success.
            raise CommandError(
                f"{report.invalid} of {report.rows} rows are invalid and no row was written."
            )
        prefix = "Dry run: " if options["dry_run"] else ""
        self.stdout.write(self.style.SUCCESS(prefix + report.summary))


class ExportCommand(BaseCommand):
    importer_class: type[Importer[Any]]

    @property
    def help(self) -> str:  # type: ignore[override]
        entity = self.importer_class.entity
        return (
            f"Export a workspace's {entity} to CSV or JSON, in the format import_{entity} reads "
            "back (round-trip safe)."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Where to write; '-' for standard output.")
        parser.add_argument(
            "--workspace", required=True, help="Source workspace: its id or exact name."
        )
        parser.add_argument("--format", choices=["csv", "json"], default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        target = options["file"]
        fmt = options["format"] or ("json" if target.lower().endswith(".json") else "csv")
        try:
            workspace = find_workspace(options["workspace"])
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        importer = self.importer_class(workspace)
        if target == "-":
            count = write_export(importer, sys.stdout.buffer, fmt)
        else:
            try:
                with Path(target).open("wb") as out:
                    count = write_export(importer, out, fmt)
            except OSError as exc:
                raise CommandError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
        if options["verbosity"] >= 1 and target != "-":
            self.stdout.write(
                self.style.SUCCESS(f"Exported {count} {importer.entity} to {target}.")
            )
