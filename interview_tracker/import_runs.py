"""Imports started from the browser: the upload is kept in the configured storage as an
ImportRun, the preview reads a bounded sample of it, and a task validates every row (reading
and writing nothing), then imports batch by batch, writing its progress on the run for the page
to poll and its report when done. The command-line imports call the engine directly."""

import dataclasses
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from .errors import ConflictError
from .extensions import registry
from .importing import (
    VALUE_READINGS,
    ImportConflict,
    ImportFailed,
    ImportReport,
    RowSource,
    run_import,
    validate_rows,
)
from .models import ImportRun, ImportStatus, PipelineStatus, User, Workspace
from .tasks import enqueue_on_commit

# The preview validates this many rows in the request; the task checks the rest.
PREVIEW_SAMPLE_ROWS = 200
# The preview's select for a value of the file ("status::Phone Screen") posts its reading.
READING_FIELD_SEPARATOR = "::"

Overrides = dict[str, dict[str, str]]


def reading_overrides(data: Any) -> Overrides:
    """The readings chosen in the preview (a select per value of the file), keeping only
    values our pipeline has: what the import applies instead of its own reading."""
    overrides: Overrides = {}
    for key in data:
        name, separator, value = key.partition(READING_FIELD_SEPARATOR)
        reading = data.get(key)
        if separator and name in VALUE_READINGS and reading in PipelineStatus.values:
            overrides.setdefault(name, {})[value] = reading
    return overrides


def import_run_create(
    *,
    workspace: Workspace,
    actor: User,
    entity: str,
    upload: UploadedFile,
    update: bool,
    skip_invalid: bool,
) -> ImportRun:
    name = (upload.name or "upload").rsplit("/", 1)[-1][:255]
    return ImportRun.objects.create(
        workspace=workspace,
        created_by=actor,
        entity=entity,
        file=upload,
        name=name,
        update=update,
        skip_invalid=skip_invalid,
        total_bytes=upload.size or 0,
    )


@contextmanager
def open_run(run: ImportRun, overrides: Overrides | None = None) -> Iterator[RowSource]:
    """The run's file as rows, from whichever storage holds it."""
    importer_class = registry.importers[run.entity]
    with run.file.open("rb") as stream:
        source = importer_class.open(stream, run.name, run.total_bytes, overrides)
        with source:
            yield source


def import_run_preview(*, run: ImportRun) -> tuple[ImportReport, list[dict[str, Any]]]:
    """The first rows checked by the importer's rules, and those that look like records
    already there (one query): a bounded read whatever the file's size. Raises ImportFailed
    for a file that cannot be read at all."""
    importer = registry.importers[run.entity](run.workspace, run.created_by)
    with open_run(run) as source:
        rows = [values for _, values in itertools.islice(source, 10)]
    with open_run(run) as source:
        report = validate_rows(importer, source, limit=PREVIEW_SAMPLE_ROWS, duplicates=True)
    return report, rows


@transaction.atomic
def import_run_start(*, run: ImportRun, overrides: Overrides | None = None) -> ImportRun:
    """Queue the import once; a second click (or a second tab) finds it started. The
    ``overrides`` (readings chosen in the preview) travel with the task."""
    started = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.UPLOADED).update(
        status=ImportStatus.QUEUED, updated_at=timezone.now()
    )
    if not started:
        raise ConflictError("This import has already been started.")
    enqueue_on_commit(import_run_execute, str(run.pk), overrides or {})
    run.refresh_from_db()
    return run


def _progress(run_id: Any, status: str) -> Any:
    def write(rows: int, done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(
            status=status, rows_done=rows, bytes_done=done, total_bytes=total or 0
        )

    return write


def _finish(run: ImportRun, status: str, report: ImportReport | None, error: str = "") -> None:
    ImportRun.objects.filter(pk=run.pk).update(
        status=status,
        report=None
        if report is None
        else {**dataclasses.asdict(report), "summary": report.summary},
        error=error,
        finished_at=timezone.now(),
        bytes_done=F("total_bytes"),
    )


@task
def import_run_execute(run_id: str, overrides: Overrides | None = None) -> str:
    """Validate every row (no transaction, no lock), then import committing batch by batch
    (with ``skip_invalid``, import at once: an invalid row is skipped where it stands).
    Safe to run twice: a finished run is left alone, and a run cut short by a dead worker is
    completed by the next (natural keys find the rows already written)."""
    run = (
        ImportRun.objects.select_related("workspace", "created_by")
        .filter(
            pk=run_id,
            status__in=[ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.IMPORTING],
        )
        .first()
    )
    if run is None:
        return "already finished"
    importer_class = registry.importers[run.entity]
    try:
        # All or nothing: every row is checked before the first batch commits. A run that
        # skips invalid rows has nothing to decide up front and reads the file once.
        if not run.skip_invalid:
            with open_run(run, overrides) as source:
                checked = validate_rows(
                    importer_class(run.workspace, run.created_by),
                    source,
                    progress=_progress(run.pk, ImportStatus.VALIDATING),
                )
            if checked.invalid:
                _finish(
                    run,
                    ImportStatus.FAILED,
                    checked,
                    f"Nothing was imported: {checked.invalid} rows are invalid.",
                )
                return "invalid rows"
        with open_run(run, overrides) as source:
            report = run_import(
                importer_class(run.workspace, run.created_by),
                source,
                update=run.update,
                skip_invalid=run.skip_invalid,
                origin=run.name,
                progress=_progress(run.pk, ImportStatus.IMPORTING),
                commit_each_batch=True,
            )
    # Before ImportFailed, its base: the batches committed before the clash stay written.
    except (ImportConflict, IntegrityError):
        _finish(
            run,
            ImportStatus.FAILED,
            None,
            "Another import wrote the same records at the same moment. Start this file again: "
            "the records already imported are found and left as they are.",
        )
        return "conflict"
    except ImportFailed as exc:
        if exc.committed is not None:  # a run that skips invalid rows commits as it reads
            _finish(
                run,
                ImportStatus.FAILED,
                exc.committed,
                f"{exc} Earlier rows were imported in batches: {exc.committed.created:,} "
                f"created, {exc.committed.updated:,} updated. Once the file is fixed, import it "
                "again: the rows already imported are found and left as they are.",
            )
            return "stopped"
        _finish(run, ImportStatus.FAILED, None, str(exc))
        return "unreadable file"
    except DatabaseError:
        _finish(run, ImportStatus.FAILED, None, "The database failed during the import.")
        raise
    if not report.written:
        _finish(
            run,
            ImportStatus.FAILED,
            report,
            "The import stopped at a row that refers to something missing; the rows before it "
            "were imported. Fix the file and import it again: imported rows are found again.",
        )
        return "stopped"
    if report.invalid and not (report.created or report.updated):
        _finish(run, ImportStatus.FAILED, report, "No row was imported: every row is invalid.")
        return "nothing written"
    _finish(run, ImportStatus.DONE, report)
    return report.summary
