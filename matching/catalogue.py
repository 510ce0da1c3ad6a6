"""The match index for the live catalogue: loaded from the ORM as plain rows, kept per process
and keyed by the catalogue version (one row the catalogue raises with every write), so web
requests reuse it and any change is seen with one primary-key read."""
from __future__ import annotations

import copy
import logging
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import timezone as dt_timezone
from pathlib import Path

import numpy as np
from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Max
from redis.exceptions import RedisError

from profiles.models import Authorship, Capture, CaptureOutcome, Paper
from profiles.selectors import catalogue_version_name, freshness_reference_date, researchers_visible
from profiles.services import catalogue_statistics_refresh

from .index import INDEX_FORMAT, MatchIndex, paper_vectors_reusing, record_ids
from .published import match_index_publish, match_index_pull, published_version
from .storage import StoredIndexUnreadable, index_load, index_save

logger = logging.getLogger(__name__)
REBUILD_PENDING_KEY = "matching:index-rebuild-pending"


@dataclass
class _ProcessIndexes:
    """This process's index of the current version, and the newest it has seen at all (answers
    a large catalogue while a worker rebuilds)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    current: dict[str, MatchIndex] = field(default_factory=dict)
    newest: MatchIndex | None = None
    # The older index masked for a version not built yet: made once per version, not per
    # request (masking reads every visible researcher and hidden paper).
    stand_in: dict[str, MatchIndex] = field(default_factory=dict)
    # Versions a thread of this process is copying from the database (published.py).
    pulling: set[str] = field(default_factory=set)

    def remember(self, version: str, index: MatchIndex) -> MatchIndex:
        with self.lock:
            self.current = {version: index}
            self.newest = index
        return index

    def forget(self) -> None:
        with self.lock:
            self.current, self.newest, self.stand_in = {}, None, {}


_indexes = _ProcessIndexes()


def catalogue_version() -> str:
    """What the index of the catalogue as it is now is called: the catalogue's version name
    (its number and when it was raised), today's date (recency and staleness move with the day)
    and the index format."""
    return f"{catalogue_version_name()}-{date.today().isoformat()}-f{INDEX_FORMAT}"


def catalogue_rows() -> dict:
    """The visible catalogue as plain rows: what ``MatchIndex`` is built from."""
    researchers = list(researchers_visible().order_by("id").values(
        "id", "name", "slug", "affiliation", "topics", "about", "taking_students",
        "taking_students_source", "taking_students_note", "taking_students_on"))
    captured = dict(
        Capture.objects.filter(outcome=CaptureOutcome.IMPORTED, researcher__isnull=False)
        .values_list("researcher_id").annotate(newest=Max("captured_on")).order_by()
    )
    for r in researchers:
        r["captured_on"] = captured.get(r["id"])
    visible_ids = {r["id"] for r in researchers}
    papers = list(Paper.objects.filter(hidden=False).order_by("id").values("id", "title", "abstract", "date", "date_precision"))
    authorships = [
        (r, p) for r, p in Authorship.objects.order_by("id").values_list("researcher_id", "paper_id")
        if r in visible_ids
    ]
    return {"researchers": researchers, "papers": papers, "authorships": authorships}


def index_path(version: str) -> Path:
    """Where the index for one catalogue version is kept between processes (a folder of arrays
    every process memory-maps: storage.py)."""
    return Path(settings.MATCH_INDEX_DIR) / version


def match_index_build(*, version: str | None = None, save: bool = True) -> MatchIndex:
    """Build the index from the database now (and keep it on disk for other processes, and use
    the stored copy here too, so even the builder shares its pages with them)."""
    version = version or catalogue_version()
    started = time.perf_counter()
    rows = catalogue_rows()
    # Unchanged papers keep the vectors of the last index (the embedding is most of a rebuild).
    vectors = paper_vectors_reusing(rows["papers"], _indexes.newest or _newest_on_disk())
    index = MatchIndex(**rows, today=date.today(), stale_days=settings.CAPTURE_STALE_DAYS,
                       freshness_from=freshness_reference_date(),
                       version=version, paper_vectors=vectors)
    if save:
        path = index_save(index, index_path(version))  # atomic: readers see all of it or none
        _remove_others(version)
        index = _load(path) or index
    logger.info("Match index %s built (%d researchers, %d papers) in %.1f s", version,
                len(index.researchers), len(index.papers), time.perf_counter() - started)
    return _indexes.remember(version, index)


def _remove_others(version: str) -> None:
    for old in Path(settings.MATCH_INDEX_DIR).iterdir():
        # Processes still using an older index keep their mapped files until they let go.
        if old.is_dir() and old.name != version and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)


def _pulled(version: str) -> MatchIndex | None:
    """``version`` copied from the database into this node's folder (another web node's worker
    built it) and loaded; None when sharing is off or it is not published."""
    if not settings.MATCH_INDEX_PUBLISH or published_version(version) is None:
        return None
    if not match_index_pull(version=version, into=index_path(version)):
        return None
    _remove_others(version)
    return _load(index_path(version))


def _load(path: Path) -> MatchIndex | None:
    try:
        return index_load(path, MatchIndex)
    except StoredIndexUnreadable as exc:
        logger.warning("Match index %s unreadable (%s); it will be rebuilt", path, exc)
        # Out of the way, so the rebuild can put a whole one in its place.
        shutil.rmtree(path, ignore_errors=True)
        return None


def match_index_current() -> MatchIndex:
    """The index for the catalogue as it is now: this process's copy, or the one a background
    rebuild left on disk. When neither is current, a small catalogue is indexed on the spot; a
    large one answers from the last index, with researchers and papers hidden or merged since
    masked out, while a rebuild is queued (a request never waits for a 10,000-researcher build)."""
    version = catalogue_version()
    index = _indexes.current.get(version)
    if index is not None:
        return index
    path = index_path(version)
    if path.exists() and (index := _load(path)) is not None:
        return _indexes.remember(version, index)
    published = settings.MATCH_INDEX_PUBLISH and published_version(version) is not None
    if published:
        if not settings.MATCH_INDEX_PULL_IN_BACKGROUND or (_indexes.newest is None and not _stored_indexes()):
            # Nothing here to answer with meanwhile: copy it now.
            if (index := _pulled(version)) is not None:
                return _indexes.remember(version, index)
        else:
            # A gigabyte at 10,000 researchers: copied beside the requests, which answer from
            # the older copy masked until it is there.
            _pull_in_background(version)
    if (stand_in := _indexes.stand_in.get(version)) is not None:
        return stand_in
    last = _indexes.newest or _newest_on_disk()
    # Counted only when the last index was small: counting 372,000 papers took 90 ms, in the
    # first request after each catalogue change, and a catalogue that large stays large.
    if last is None or (len(last.papers) <= settings.MATCH_INDEX_SYNC_MAX_PAPERS
                        and Paper.objects.count() <= settings.MATCH_INDEX_SYNC_MAX_PAPERS):
        return match_index_build(version=version)
    if not published:
        match_index_rebuild_queue(countdown=0)
    stand_in = _masked(last, version=version)
    with _indexes.lock:
        _indexes.stand_in = {version: stand_in}
    return stand_in


def _pull_in_background(version: str) -> None:
    """Copy published ``version`` into this node's folder on a thread of this process (once per
    process; the lock in match_index_pull makes it once per node). The next request maps it."""
    with _indexes.lock:
        if version in _indexes.pulling:
            return
        _indexes.pulling.add(version)

    def pull():
        try:
            if match_index_pull(version=version, into=index_path(version)):
                _remove_others(version)
        except Exception:
            logger.exception("Copying match index %s from the database failed; the next request retries", version)
        finally:
            connection.close()  # this thread's own connection
            with _indexes.lock:
                _indexes.pulling.discard(version)

    threading.Thread(target=pull, name=f"match-index-pull-{version}", daemon=True).start()


def match_index_forget() -> None:
    """Drop this process's indexes (the next request loads or builds the current one)."""
    _indexes.forget()


def _stored_indexes() -> list[Path]:
    """The index folders on disk, newest first."""
    folder = Path(settings.MATCH_INDEX_DIR)
    found = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")] if folder.is_dir() else []
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _newest_on_disk() -> MatchIndex | None:
    """The newest index in this node's folder; on a node that has none yet, the newest
    published one, copied here (so a new web node never builds a large index in a request)."""
    stored = _stored_indexes()
    if stored:
        return _load(stored[0])
    if settings.MATCH_INDEX_PUBLISH and (newest := published_version()) is not None:
        return _pulled(newest)
    return None


def _masked(index: MatchIndex, *, version: str) -> MatchIndex:
    """An older index made safe for now: only researchers still visible, no paper hidden since.

    It is named after the catalogue version it stands in for (and the index it masks): rankings
    and the pages shared through the cache are keyed by the index's version, and under the old
    index's name a page cached before a researcher was hidden would still be served."""
    visible = np.fromiter(researchers_visible().values_list("id", flat=True), dtype=np.int64)
    hidden = np.fromiter(Paper.objects.filter(hidden=True).values_list("id", flat=True), dtype=np.int64)
    masked = copy.copy(index)
    # From the id arrays (record_ids): this runs in the first request after every catalogue
    # change until the rebuild, and every capture of a running import is one.
    masked.researcher_mask = np.isin(record_ids(index.researchers), visible)
    masked.paper_mask = (~np.isin(record_ids(index.papers), hidden)).astype(np.float64)
    masked.version = f"{version}~masking-{index.version}"
    return masked


def match_index_rebuild_queue(*, countdown: int) -> None:
    """Ask a worker to build the current index, unless a rebuild is already pending: a bulk
    import commits thousands of times and one rebuild after it is enough. The worker clears
    the mark when it starts, so a change made during a rebuild queues the next one."""
    if not settings.MATCH_INDEX_REBUILD_IN_BACKGROUND:
        return
    try:
        if not cache.add(REBUILD_PENDING_KEY, True, timeout=countdown + 60):
            return
    except RedisError as exc:
        # Runs after a catalogue change has committed (a re-import task's, say): the shared
        # cache being down must not fail work that is done. The next change queues the rebuild.
        logger.warning("Match index rebuild not queued: the shared cache is unreachable (%s)", exc)
        return
    match_index_rebuild_task.enqueue_on_commit_or_warn(countdown=countdown)


def match_index_rebuild_started() -> None:
    """The worker took the pending rebuild: later changes may queue another."""
    cache.delete(REBUILD_PENDING_KEY)


def match_index_invalidate(event=None) -> None:
    """The catalogue changed (a ``CatalogueChanged`` event, after commit): forget this
    process's current index and have a worker rebuild it after a short pause."""
    with _indexes.lock:
        _indexes.current = {}
    match_index_rebuild_queue(countdown=settings.MATCH_INDEX_REBUILD_DELAY)


def match_index_rebuild() -> dict:
    """Build the index for the catalogue as it is now unless it is already on disk (the
    worker's side of ``match_index_rebuild_queue``); idempotent."""
    match_index_rebuild_started()
    # A rebuild follows every settled change, bulk imports included: refresh the planner's
    # statistics here, off the request path (a no-op off PostgreSQL).
    catalogue_statistics_refresh()
    version = catalogue_version()
    if index_path(version).exists():
        built = None
    else:
        built = match_index_build(version=version)
    if settings.MATCH_INDEX_PUBLISH:
        # Also when it is on disk already (a web process on this node built it): other nodes
        # copy it instead of building it.
        match_index_publish(version=version, folder=index_path(version))
    if built is None:
        return {"version": version, "built": False}
    result = {"version": version, "built": True, "researchers": len(built.researchers), "papers": len(built.papers)}
    for after_build in _after_build:
        result.update(after_build())
    return result


# What the worker does next after building a new index (``match_index_after_build``).
_after_build: list[Callable[[], dict]] = []


def match_index_after_build(callback: Callable[[], dict]) -> None:
    """Have the worker call ``callback()`` after each index it builds, adding what it returns to
    the rebuild's result. (Registered from apps.py: every applicant's ranking is keyed by the
    old index, and the module that ranks them again reads the index through this one.)"""
    if callback not in _after_build:
        _after_build.append(callback)


def match_index_newest_version() -> str | None:
    """The version of the newest index in this node's folder (None: none yet), for /healthz."""
    stored = _stored_indexes()
    return stored[0].name if stored else None


def match_index_built_at() -> datetime | None:
    """When the newest index on disk was written (None: none built yet), for /healthz."""
    stored = _stored_indexes()
    return datetime.fromtimestamp(stored[0].stat().st_mtime, tz=dt_timezone.utc) if stored else None


# Named as when it lived in matching/tasks.py, so messages queued before an upgrade still run.
@shared_task(bind=True, name="matching.tasks.match_index_rebuild_task")
def match_index_rebuild_task(self) -> dict:
    """Build the index for the catalogue as it is now and leave it on disk for the web
    processes. Idempotent: a rebuild finding the current version already built does nothing."""
    return match_index_rebuild()
