"""Upload size limits enforced while the request streams in: a file over its limit is cut off at
the limit (never buffered whole in memory or on disk) and the view is told which one, so it can
refuse it with its usual message. Also where uploads wait while a curator reads their preview."""
from __future__ import annotations

import json
import re
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path

from django.conf import settings

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.views.decorators.csrf import csrf_exempt, csrf_protect


@dataclass(frozen=True)
class RefusedUpload:
    """A file dropped for being over the limit. ``size`` is its declared size, or None when it was
    cut off mid-stream (the rest was never read into storage, so its full size is unknown)."""

    field_name: str
    file_name: str
    size: int | None
    limit: int


class SizeLimitUploadHandler(FileUploadHandler):
    """First in the chain: passes chunks on until a file passes ``max_bytes``, then skips the rest
    of that file (Django discards it unread into storage and closes what was buffered)."""

    def __init__(self, request, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        request.refused_uploads = []

    def new_file(self, field_name, file_name, content_type, content_length, charset=None,
                 content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        if content_length is not None and content_length > self.max_bytes:
            self._refuse(content_length)

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_bytes:
            self._refuse(None)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) builds the file

    def _refuse(self, size: int | None):
        self.request.refused_uploads.append(
            RefusedUpload(field_name=self.field_name, file_name=self.file_name, size=size, limit=self.max_bytes))
        raise SkipFile


def refused_uploads(request, field_name: str) -> list[RefusedUpload]:
    """The files of ``field_name`` that the size limit dropped from this request."""
    return [r for r in getattr(request, "refused_uploads", []) if r.field_name == field_name]


def upload_size_limit(max_bytes: Callable[[], int]):
    """Cut off any uploaded file over ``max_bytes()`` while the request is read.

    Must be the outermost decorator: the handler has to be in place before anything reads
    ``request.POST``, and CSRF checking reads it, so the check moves inside (Django's documented
    recipe for custom upload handlers); a request without a valid token is still refused.
    """

    def decorator(view):
        protected = csrf_protect(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                request.upload_handlers.insert(0, SizeLimitUploadHandler(request, max_bytes()))
            return protected(request, *args, **kwargs)

        return csrf_exempt(wrapper)

    return decorator


# --- Staging: uploads wait here while the curator reads the preview --------------------------

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


@dataclass(frozen=True)
class StagedUpload:
    """Files uploaded for a preview, with the options they were uploaded with."""

    token: str
    options: dict
    files: list[tuple[str, bytes]]


def _staging_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "capture-previews"


def uploads_stage(*, user_id: int, files: list[tuple[str, bytes]], options: dict) -> str:
    """Keep uploaded files until the curator commits or abandons the preview; returns a token.

    Files go to a private folder (never a database row: a preview writes nothing the
    catalogue could see), readable back only by the same user."""
    token = secrets.token_urlsafe(24)
    folder = _staging_root() / token
    folder.mkdir(parents=True)
    for number, (_, raw) in enumerate(files):
        (folder / f"{number}.bin").write_bytes(raw)
    meta = {"user_id": user_id, "options": options, "names": [name for name, _ in files]}
    (folder / "upload.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def uploads_staged(*, token: str, user_id: int) -> StagedUpload | None:
    """The staged upload of that token if it is this user's; None otherwise (or if it is gone)."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    folder = _staging_root() / token
    try:
        meta = json.loads((folder / "upload.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id:
        return None
    files = [(name, (folder / f"{number}.bin").read_bytes()) for number, name in enumerate(meta["names"])]
    return StagedUpload(token, meta["options"], files)


def uploads_discard(*, token: str) -> None:
    """Remove a staged upload (after it was committed, or abandoned)."""
    if _TOKEN.fullmatch(token or ""):
        shutil.rmtree(_staging_root() / token, ignore_errors=True)
