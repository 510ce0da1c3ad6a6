"""Where uploaded captures wait while a curator reads their preview: a private folder per upload,
keyed by an unguessable token and readable back only by the user who uploaded them."""
from __future__ import annotations

import json
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

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
