"""The import page: upload a CSV, see the detected columns, the first rows and the validation
report (a dry run of the real import), then confirm. The same engine as ``import_*`` commands.

The upload is kept in a private temporary folder under a random name that only the uploader's
session knows; the browser never sends a path. Larger files belong to the command line.
"""

import itertools
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST

from .extensions import registry
from .importing import ImportFailed, ImportReport, open_source, run_import
from .models import Workspace
from .typing import AuthedHttpRequest

# Files above this size are refused with a pointer to the command, which streams any size.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
PREVIEW_ROWS = 10
UPLOAD_DIR = Path(tempfile.gettempdir()) / "interview-tracker-imports"
# Uploads never confirmed are swept after this long.
STALE_SECONDS = 24 * 3600
SESSION_PREFIX = "import:"


class UploadForm(forms.Form):
    entity = forms.ChoiceField(label="What to import")
    file = forms.FileField(
        label="CSV file",
        help_text=f"UTF-8, with a header row; at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,.json,application/json"}),
    )
    update = forms.BooleanField(
        required=False, label="Update records that already exist (same natural key)"
    )
    skip_invalid = forms.BooleanField(
        required=False, label="Import the valid rows even if some rows are invalid"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entity = self.fields["entity"]
        assert isinstance(entity, forms.ChoiceField)
        entity.choices = [
            (entity, importer.label) for entity, importer in sorted(registry.importers.items())
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            entity = self.data.get("entity") or "candidates"
            raise forms.ValidationError(
                f"This file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Import it "
                f"from the command line, which streams files of any size: "
                f"manage.py import_{entity} FILE --workspace <workspace id>"
            )
        return upload


def _workspace(request: AuthedHttpRequest) -> Workspace:
    workspace = request.user.default_workspace
    if workspace is None or not request.user.can_manage(workspace.pk):
        raise PermissionDenied("Only owners and recruiters import data.")
    return workspace


def _sweep() -> None:
    cutoff = time.time() - STALE_SECONDS
    for old in UPLOAD_DIR.glob("*.upload"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def _pending(request: AuthedHttpRequest, token: str) -> dict[str, Any]:
    pending = request.session.get(SESSION_PREFIX + token)
    if not pending or not Path(pending["path"]).exists():
        raise Http404("This upload has expired; upload the file again.")
    return pending


def _dry_run(workspace: Workspace, request: AuthedHttpRequest, pending: dict[str, Any]) -> Any:
    importer_class = registry.importers[pending["entity"]]
    with Path(pending["path"]).open("rb") as stream:
        source = open_source(stream, pending["name"], importer_class.aliases())
        preview = [values for _, values in itertools.islice(source, PREVIEW_ROWS)]
    with Path(pending["path"]).open("rb") as stream:
        source = open_source(stream, pending["name"], importer_class.aliases())
        report = run_import(
            importer_class(workspace, request.user),
            source,
            update=pending["update"],
            skip_invalid=pending["skip_invalid"],
            dry_run=True,
        )
    return preview, report


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthedHttpRequest) -> HttpResponse:
    workspace = _workspace(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        UPLOAD_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        _sweep()
        token = secrets.token_urlsafe(24)
        path = UPLOAD_DIR / f"{token}.upload"
        with path.open("wb") as out:
            for chunk in form.cleaned_data["file"].chunks():
                out.write(chunk)
        request.session[SESSION_PREFIX + token] = {
            "path": str(path),
            "name": Path(form.cleaned_data["file"].name).name,
            "entity": form.cleaned_data["entity"],
            "workspace": str(workspace.pk),
            "update": form.cleaned_data["update"],
            "skip_invalid": form.cleaned_data["skip_invalid"],
        }
        return redirect("imports:preview", token=token)
    return render(
        request,
        "interview_tracker/import_upload.html",
        {"form": form, "workspace": workspace, "importers": sorted(registry.importers.items())},
    )


@login_required
@require_http_methods(["GET"])
def import_preview(request: AuthedHttpRequest, token: str) -> HttpResponse:
    workspace = _workspace(request)
    pending = _pending(request, token)
    importer_class = registry.importers[pending["entity"]]
    context: dict[str, Any] = {
        "token": token,
        "pending": pending,
        "label": importer_class.label,
        "workspace": workspace,
        "same_workspace": pending["workspace"] == str(workspace.pk),
    }
    try:
        preview, report = _dry_run(workspace, request, pending)
    except ImportFailed as exc:
        context["failure"] = str(exc)
    else:
        fields = list(report.mapping.values())
        context.update(
            report=report,
            fields=fields,
            rows=[[row.get(name, "") for name in fields] for row in preview],
            can_confirm=context["same_workspace"]
            and (report.invalid == 0 or pending["skip_invalid"]),
        )
    return render(request, "interview_tracker/import_preview.html", context)


def _list_url(entity: str) -> str:
    try:
        return reverse(f"{entity}:list")
    except NoReverseMatch:
        return reverse("imports:upload")


@login_required
@require_POST
def import_confirm(request: AuthedHttpRequest, token: str) -> HttpResponse:
    workspace = _workspace(request)
    pending = _pending(request, token)
    if pending["workspace"] != str(workspace.pk):
        messages.error(request, "You switched workspace since the upload; upload the file again.")
        return redirect("imports:upload")
    importer_class = registry.importers[pending["entity"]]
    try:
        with Path(pending["path"]).open("rb") as stream:
            report: ImportReport = run_import(
                importer_class(workspace, request.user),
                open_source(stream, pending["name"], importer_class.aliases()),
                update=pending["update"],
                skip_invalid=pending["skip_invalid"],
                origin=pending["name"],
            )
    except ImportFailed as exc:
        messages.error(request, str(exc))
        return redirect("imports:preview", token=token)
    if not report.written:
        messages.error(request, f"Nothing was imported: {report.invalid} rows are invalid.")
        return redirect("imports:preview", token=token)
    Path(pending["path"]).unlink(missing_ok=True)
    del request.session[SESSION_PREFIX + token]
    messages.success(request, f"Imported {pending['name']}: {report.summary}")
    return redirect(_list_url(pending["entity"]))
