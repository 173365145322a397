"""Upload rules shared by CV versions and resumes (API, dashboard and imports)."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File

ALLOWED_DOCUMENT_EXTENSIONS = frozenset({"pdf", "doc", "docx", "odt", "txt", "md"})


def validate_document(file: File) -> None:
    """A CV or resume: one of the document types, at most ``settings.MAX_UPLOAD_BYTES``."""
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    if extension not in ALLOWED_DOCUMENT_EXTENSIONS:
        allowed = ", ".join(sorted(ALLOWED_DOCUMENT_EXTENSIONS))
        raise ValidationError(f"Unsupported file type “.{extension}”; use one of: {allowed}.")
    limit = settings.MAX_UPLOAD_BYTES
    if file.size is not None and file.size > limit:
        raise ValidationError(
            f"The file is {file.size} bytes; the limit is {limit} bytes "
            f"({limit / 1024 / 1024:.1f} MB)."
        )
