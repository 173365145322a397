"""The import page: upload a file, see the detected columns and a checked sample of its first
rows, start; a task validates and imports the whole file while the page shows its progress,
then its report. The upload lives in the configured storage as an ImportRun, so any web server
or worker reads it; the same engine serves the ``import_*`` commands.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .errors import ConflictError
from .extensions import registry
from .import_runs import (
    PREVIEW_SAMPLE_ROWS,
    READING_FIELD_SEPARATOR,
    import_run_create,
    import_run_preview,
    import_run_start,
    reading_overrides,
)
from .importing import ImportFailed
from .models import ImportRun, ImportStatus, PipelineStatus, Workspace
from .typing import AuthedHttpRequest

RECENT_RUNS = 10


class UploadForm(forms.Form):
    entity = forms.ChoiceField(label="What to import")
    file = forms.FileField(
        label="CSV or JSON file",
        help_text=(
            f"With a header row; at most {settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        ),
        widget=forms.ClearableFileInput(
            # .txt: Excel's "Unicode Text" (UTF-16, tabs); .tsv: tab-separated exports.
            attrs={"accept": ".csv,text/csv,.tsv,.txt,text/plain,.json,application/json"}
        ),
    )
    update = forms.BooleanField(
        required=False, label="Update records that already exist (same natural key)"
    )
    skip_invalid = forms.BooleanField(
        required=False, label="Import the valid rows even if some rows are invalid"
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entity = self.fields["entity"]
        assert isinstance(entity, forms.ChoiceField)
        entity.choices = [(name, label) for name, label, _ in offered(kind)]
        entity.initial = entity.choices[0][0]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            # The command of the chosen entity (cleaned before the file), else the default's.
            entity = self.cleaned_data.get("entity") or self.fields["entity"].initial
            raise forms.ValidationError(
                f"This file is larger than {settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)} "
                f"MB. Import it from the command line, which streams files of any size: "
                f"manage.py import_{entity} FILE --workspace <workspace id>"
            )
        return upload


def offered(kind: str) -> list[tuple[str, str, Any]]:
    """(entity, label, importer) of what the import page offers in a workspace of ``kind``,
    named as that workspace's pages name it; the first is the page's default (a hiring team's
    candidates, a job search's applications)."""
    return [
        (entity, importer.label_in(kind), importer)
        for entity, importer in sorted(registry.importers.items())
        if kind in importer.labels
    ]


def _workspace(request: AuthedHttpRequest) -> Workspace:
    workspace = request.user.default_workspace
    if workspace is None or not request.user.can_manage(workspace.pk):
        raise PermissionDenied("Only owners and recruiters import data.")
    return workspace


def _run(request: AuthedHttpRequest, run_id: Any) -> ImportRun:
    runs = ImportRun.objects.for_user(request.user).select_related("workspace", "created_by")
    return get_object_or_404(runs, pk=run_id)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthedHttpRequest) -> HttpResponse:
    workspace = _workspace(request)
    form = UploadForm(request.POST or None, request.FILES or None, kind=workspace.kind)
    if request.method == "POST" and form.is_valid():
        run = import_run_create(
            workspace=workspace,
            actor=request.user,
            entity=form.cleaned_data["entity"],
            upload=form.cleaned_data["file"],
            update=form.cleaned_data["update"],
            skip_invalid=form.cleaned_data["skip_invalid"],
        )
        return redirect("imports:preview", run_id=run.pk)
    recent = ImportRun.objects.for_user(request.user).filter(workspace=workspace)[:RECENT_RUNS]
    return render(
        request,
        "interview_tracker/import_upload.html",
        {
            "form": form,
            "workspace": workspace,
            "offered": offered(workspace.kind),
            "recent": recent,
        },
    )


@login_required
@require_http_methods(["GET"])
def import_preview(request: AuthedHttpRequest, run_id: Any) -> HttpResponse:
    """Before the start: the sample; after it: the progress, then the report."""
    workspace = _workspace(request)
    run = _run(request, run_id)
    context: dict[str, Any] = {
        "run": run,
        "label": registry.importers[run.entity].label_in(run.workspace.kind),
        "workspace": workspace,
        "same_workspace": run.workspace_id == workspace.pk,
        "sample_rows": PREVIEW_SAMPLE_ROWS,
    }
    if run.status != ImportStatus.UPLOADED:
        return render(request, "interview_tracker/import_run.html", context)
    try:
        report, preview = import_run_preview(run=run)
    except ImportFailed as exc:
        context["failure"] = str(exc)
    else:
        # A split name shows as the one field it becomes.
        fields = list(dict.fromkeys(f.split(" (")[0] for f in report.mapping.values()))
        context.update(
            report=report,
            fields=fields,
            rows=[[row.get(name, "") for name in fields] for row in preview],
            can_start=context["same_workspace"],
            statuses=PipelineStatus.values,
            reading_separator=READING_FIELD_SEPARATOR,
        )
    return render(request, "interview_tracker/import_preview.html", context)


@login_required
@require_POST
def import_start(request: AuthedHttpRequest, run_id: Any) -> HttpResponse:
    workspace = _workspace(request)
    run = _run(request, run_id)
    if run.workspace_id != workspace.pk:
        messages.error(request, "You switched workspace since the upload; upload the file again.")
        return redirect("imports:upload")
    try:
        import_run_start(run=run, overrides=reading_overrides(request.POST))
    except ConflictError as exc:
        messages.info(request, exc.message)
    return redirect("imports:preview", run_id=run.pk)


@login_required
@require_http_methods(["GET"])
def import_progress(request: AuthedHttpRequest, run_id: Any) -> HttpResponse:
    """What the run page polls (htmx) while the task works."""
    run = _run(request, run_id)
    context = {"run": run, "label": registry.importers[run.entity].label_in(run.workspace.kind)}
    return render(request, "interview_tracker/import_run.html#progress", context)
