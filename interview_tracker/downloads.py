"""Uploaded files leave only through access-checked views: the caller finds the record through
``for_user`` (404 for anyone else), then ``file_download`` streams the file from the local
disk, or redirects to a signed URL of the object store that expires in minutes. ``/media/`` is
never served, so knowing a file's name gives nothing."""

import mimetypes
from pathlib import PurePath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.http.response import HttpResponseBase


def content_disposition(name: str) -> str:
    """``attachment`` with the file's own name: an ASCII fallback with nothing that could end
    the header value, and the exact name percent-encoded (RFC 6266 / RFC 5987)."""
    filename = PurePath(name).name or "download"
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in filename
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_download(file: FieldFile) -> HttpResponseBase:
    if not file or not file.name:
        raise Http404("No file here.")
    disposition = content_disposition(file.name)
    storage = file.storage
    if isinstance(storage, FileSystemStorage | InMemoryStorage):
        stream = FileResponse(
            file.open("rb"),
            content_type=mimetypes.guess_type(file.name)[0] or "application/octet-stream",
        )
        stream["Content-Disposition"] = disposition
        return stream
    url = storage.url(  # type: ignore[call-arg]
        file.name,
        parameters={"ResponseContentDisposition": disposition},
        expire=settings.DOWNLOAD_URL_SECONDS,
    )
    redirect = HttpResponseRedirect(url)
    redirect["Cache-Control"] = "private, no-store"
    return redirect
