"""Upload size limits enforced while the request streams in: a file over its limit is cut off at
the limit (never buffered whole in memory or on disk) and the view is told which one, so it can
refuse it with its usual message."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

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
