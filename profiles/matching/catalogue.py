"""The match index for the live catalogue: loaded from the ORM as plain rows, cached per process
and keyed by a catalogue version, so web requests reuse it and any change is seen."""
from __future__ import annotations

import hashlib
import logging
import pickle
import threading
import time
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max, Sum

from .index import INDEX_FORMAT, MatchIndex

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_cache: dict[str, MatchIndex] = {}  # the index of the current catalogue version
_last: list[MatchIndex] = []  # the newest index this process has seen, current or not
_queued: set[str] = set()  # versions this process already asked a worker to build
_version: list = []  # [expires (monotonic), version]


def catalogue_version(*, fresh: bool = False) -> str:
    """A fingerprint of everything the index reads: it changes when a researcher or paper is
    added, edited, hidden or merged, or an authorship or capture is added. Remembered for
    MATCH_VERSION_TTL_SECONDS (its aggregates scan large tables) unless ``fresh``."""
    ttl = getattr(settings, "MATCH_VERSION_TTL_SECONDS", 5)
    now = time.monotonic()
    if not fresh and _version and now < _version[0]:
        return _version[1]
    version = _catalogue_version()
    _version[:] = [now + ttl, version]
    return version


def _catalogue_version() -> str:
    from ..models import Authorship, Capture, Paper, Researcher

    parts = [
        Researcher.objects.aggregate(n=Count("id"), t=Max("updated_at")),
        Researcher.objects.filter(hidden=False, merged_into__isnull=True).aggregate(n=Count("id")),
        Paper.objects.aggregate(n=Count("id"), t=Max("updated_at")),
        Paper.objects.filter(hidden=False).aggregate(n=Count("id")),
        # Merges move authorships with update(), which touches no timestamp: sums see it.
        Authorship.objects.aggregate(n=Count("id"), m=Max("id"), r=Sum("researcher_id"), p=Sum("paper_id")),
        Capture.objects.aggregate(n=Count("id"), t=Max("captured_on")),
    ]
    # Ages (recency, staleness) move with the day; a new index format invalidates old files.
    raw = repr(parts) + date.today().isoformat() + f"/format {INDEX_FORMAT}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def catalogue_last_change():
    """When a researcher, paper or capture last changed (None for an empty catalogue)."""
    from ..models import Capture, Paper, Researcher

    stamps = [Researcher.objects.aggregate(t=Max("updated_at"))["t"],
              Paper.objects.aggregate(t=Max("updated_at"))["t"],
              Capture.objects.aggregate(t=Max("created_at"))["t"]]
    stamps = [t for t in stamps if t is not None]
    return max(stamps) if stamps else None


def catalogue_rows() -> dict:
    """The visible catalogue as plain rows: what ``MatchIndex`` is built from."""
    from ..models import Authorship, Capture, CaptureOutcome, Paper
    from ..selectors import researchers_visible

    researchers = list(researchers_visible().order_by("id").values(
        "id", "name", "slug", "affiliation", "topics", "about", "taking_students",
        "taking_students_source", "taking_students_on"))
    captured = dict(
        Capture.objects.filter(outcome=CaptureOutcome.IMPORTED, researcher__isnull=False)
        .values_list("researcher_id").annotate(newest=Max("captured_on")).order_by()
    )
    for r in researchers:
        r["captured_on"] = captured.get(r["id"])
    visible_ids = {r["id"] for r in researchers}
    papers = list(Paper.objects.filter(hidden=False).order_by("id").values("id", "title", "abstract", "date"))
    authorships = [
        (r, p) for r, p in Authorship.objects.order_by("id").values_list("researcher_id", "paper_id")
        if r in visible_ids
    ]
    return {"researchers": researchers, "papers": papers, "authorships": authorships}


def _index_dir() -> Path:
    return Path(getattr(settings, "MATCH_INDEX_DIR", settings.VAR_DIR / "match_index"))


def index_path(version: str) -> Path:
    """Where the index for one catalogue version is kept between processes."""
    return _index_dir() / f"{version}.pickle"


def match_index_build(*, version: str | None = None, save: bool = True) -> MatchIndex:
    """Build the index from the database now (and keep it on disk for other processes)."""
    version = version or catalogue_version()
    index = MatchIndex(**catalogue_rows(), today=date.today(),
                       stale_days=getattr(settings, "CAPTURE_STALE_DAYS", 180), version=version)
    if save:
        folder = _index_dir()
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{version}.tmp"
        with tmp.open("wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(index_path(version))  # atomic: readers never see half a file
        for old in folder.glob("*.pickle"):
            if old.stem != version:
                old.unlink(missing_ok=True)
    return _remember(version, index)


def _load(path: Path) -> MatchIndex | None:
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)  # written by match_index_build only, in a private folder
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
        logger.warning("Match index %s unreadable (%s); it will be rebuilt", path, exc)
        return None


def _remember(version: str, index: MatchIndex) -> MatchIndex:
    with _lock:
        _cache.clear()
        _cache[version] = index
        _last[:] = [index]
    return index


def match_index_current() -> MatchIndex:
    """The index for the catalogue as it is now: this process's copy, or the one a background
    rebuild left on disk. When neither is current, a small catalogue is indexed on the spot; a
    large one answers from the last index, with researchers and papers hidden or merged since
    masked out, while a rebuild is queued (a request never waits for a 10,000-researcher build)."""
    version = catalogue_version()
    index = _cache.get(version)
    if index is not None:
        return index
    path = index_path(version)
    if path.exists() and (index := _load(path)) is not None:
        return _remember(version, index)
    last = _last[0] if _last else _newest_on_disk()
    from ..models import Paper

    if last is None or Paper.objects.count() <= getattr(settings, "MATCH_INDEX_SYNC_MAX_PAPERS", 20_000):
        return match_index_build(version=version)
    if version not in _queued:
        _queued.add(version)
        _queue_rebuild(countdown=0)
    return _masked(last)


def _newest_on_disk() -> MatchIndex | None:
    files = sorted(_index_dir().glob("*.pickle"), key=lambda f: f.stat().st_mtime, reverse=True)
    return _load(files[0]) if files else None


def _masked(index: MatchIndex) -> MatchIndex:
    """An older index made safe for now: only researchers still visible, no paper hidden since."""
    import copy

    import numpy as np

    from ..models import Paper
    from ..selectors import researchers_visible

    visible = set(researchers_visible().values_list("id", flat=True))
    hidden = set(Paper.objects.filter(hidden=True).values_list("id", flat=True))
    masked = copy.copy(index)
    masked.researcher_mask = np.array([r["id"] in visible for r in index.researchers], dtype=bool)
    masked.paper_mask = np.array([p["id"] not in hidden for p in index.papers], dtype=np.float64)
    return masked


def _queue_rebuild(*, countdown: int) -> None:
    if not getattr(settings, "MATCH_INDEX_REBUILD_IN_BACKGROUND", True):
        return
    from kombu.exceptions import OperationalError as BrokerError

    from ..tasks_matching import match_index_rebuild_task

    try:
        match_index_rebuild_task.apply_async(countdown=countdown)
    except (BrokerError, OSError) as exc:
        logger.warning("Match index rebuild not queued (%s)", exc)


_last_invalidation_queued = [float("-inf")]


def match_index_invalidate() -> None:
    """The catalogue changed: forget this process's current index and rebuild it in the
    background (call after commit). The last index stays at hand for large catalogues."""
    with _lock:
        _cache.clear()
        _queued.clear()
        _version.clear()
        # A bulk import commits thousands of times: one queued rebuild per few seconds is
        # enough, since a rebuild that finds the catalogue still changing runs again later.
        now = time.monotonic()
        if now - _last_invalidation_queued[0] < getattr(settings, "MATCH_INDEX_QUEUE_GAP", 10):
            return
        _last_invalidation_queued[0] = now
    # After a pause: a bulk import commits many times, and only the last rebuild matters.
    _queue_rebuild(countdown=getattr(settings, "MATCH_INDEX_REBUILD_DELAY", 30))


def match_index_built_at():
    """When the newest index on disk was written (None: none built yet), for /healthz."""
    from datetime import datetime, timezone

    stamps = [f.stat().st_mtime for f in _index_dir().glob("*.pickle")]
    return datetime.fromtimestamp(max(stamps), tz=timezone.utc) if stamps else None
