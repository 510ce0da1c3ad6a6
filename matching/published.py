"""Match indexes shared between web nodes through the database.

Each node keeps its index in its own ``MATCH_INDEX_DIR`` and memory-maps it (storage.py). With
``MATCH_INDEX_PUBLISH`` on, the worker that builds an index also publishes its folder's files
to the database (``PublishedIndex``, the files in chunks), and a web process that finds the
current version missing from its folder copies it from there instead of building it: one
process per node copies (a file lock in the folder), the others wait and then map the copy.
Only the newest ``MATCH_INDEX_PUBLISHED_KEEP`` versions are kept in the database.
"""
from __future__ import annotations

import fcntl
import logging
import os
import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from .models import PublishedIndex, PublishedIndexChunk

logger = logging.getLogger(__name__)
CHUNK_BYTES = 8 * 1024 * 1024
PULL_LOCK = ".pull.lock"


def match_index_publish(*, version: str, folder: Path) -> bool:
    """Publish the index stored in ``folder`` as ``version`` (False: it already was), then prune
    older published versions. Its chunks and the row that marks it complete commit together."""
    if PublishedIndex.objects.filter(version=version, complete=True).exists():
        return False
    started = time.perf_counter()
    files = {p.name: p.stat().st_size for p in sorted(folder.iterdir()) if p.is_file()}
    try:
        with transaction.atomic():
            PublishedIndex.objects.filter(version=version, complete=False).delete()
            published = PublishedIndex.objects.create(version=version, files=files)
            for name in files:
                with (folder / name).open("rb") as fh:
                    seq = 0
                    while chunk := fh.read(CHUNK_BYTES):
                        PublishedIndexChunk.objects.create(index=published, file=name, seq=seq, data=chunk)
                        seq += 1
            published.complete = True
            published.save(update_fields=["complete"])
    except IntegrityError:
        return False  # another builder published the same version meanwhile: the same index
    published_prune(keep=settings.MATCH_INDEX_PUBLISHED_KEEP)
    logger.info("Match index %s published (%.0f MB) in %.1f s", version, sum(files.values()) / 1e6,
                time.perf_counter() - started)
    return True


def published_prune(*, keep: int) -> int:
    """Delete all but the newest ``keep`` published versions (a version is only ever visible
    whole: its rows commit together)."""
    kept = list(PublishedIndex.objects.order_by("-published_at", "-id").values_list("id", flat=True)[:max(keep, 1)])
    with transaction.atomic():
        stale = list(PublishedIndex.objects.exclude(id__in=kept).values_list("id", flat=True))
        PublishedIndexChunk.objects.filter(index_id__in=stale).delete()
        deleted, _ = PublishedIndex.objects.filter(id__in=stale).delete()
    return deleted


def published_version(version: str | None = None) -> str | None:
    """``version`` if it is published whole; without one, the newest published version."""
    found = PublishedIndex.objects.filter(complete=True)
    if version is not None:
        found = found.filter(version=version)
    return found.order_by("-published_at", "-id").values_list("version", flat=True).first()


def match_index_pull(*, version: str, into: Path) -> bool:
    """Copy published ``version`` into ``into`` (the node's folder for it) unless it is there.
    One process per node copies; the others wait on the lock and find the folder there. Written
    to a temporary folder and renamed, as storage.py does, so a reader sees all of it or none."""
    into.parent.mkdir(parents=True, exist_ok=True)
    with (into.parent / PULL_LOCK).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if into.exists():
                return True
            published = PublishedIndex.objects.filter(version=version, complete=True).first()
            if published is None:
                return False
            started = time.perf_counter()
            tmp = into.parent / f".{into.name}.{os.getpid()}-{secrets.token_hex(4)}.pull"
            tmp.mkdir()
            try:
                chunks = (PublishedIndexChunk.objects.filter(index=published).order_by("file", "seq")
                          .values_list("id", "file"))
                handles = {}
                for chunk_id, name in list(chunks):
                    # One chunk in memory at a time, not the whole index.
                    data = PublishedIndexChunk.objects.filter(id=chunk_id).values_list("data", flat=True).get()
                    if name not in handles:
                        handles[name] = (tmp / name).open("wb")
                    handles[name].write(data)
                for fh in handles.values():
                    fh.close()
                sizes = {p.name: p.stat().st_size for p in tmp.iterdir()}
                if sizes != published.files:
                    logger.warning("Published match index %s is incomplete (%s, expected %s): not used",
                                   version, sizes, published.files)
                    return False
                tmp.rename(into)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            logger.info("Match index %s pulled from the database (%.0f MB) in %.1f s", version,
                        sum(published.files.values()) / 1e6, time.perf_counter() - started)
            return True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
