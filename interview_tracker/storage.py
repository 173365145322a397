"""The object store for uploads when S3_BUCKET is set."""

import posixpath
import secrets
from typing import Any

from storages.backends.s3 import S3Storage


class ObjectStorage(S3Storage):
    """S3 has no "create unless it exists": two web servers saving ``cv.pdf`` at the same moment
    would both find the name free, and one file would silently replace the other. Every upload
    gets a folder of its own instead, which also keeps the person's file name for the download."""

    def get_available_name(self, name: str, max_length: int | None = None) -> Any:
        folder, filename = posixpath.split(name)
        unique = posixpath.join(folder, secrets.token_hex(8), filename)
        return super().get_available_name(unique, max_length=max_length)
