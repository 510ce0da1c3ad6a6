"""The match index for the live catalogue: loaded from the ORM as plain rows, cached per process
and keyed by a catalogue version, so web requests reuse it and any change is seen."""
from __future__ import annotations

import hashlib
import logging
import pickle
import threading
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max, Sum

from .index import MatchIndex

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_cache: dict[str, MatchIndex] = {}


def catalogue_version() -> str:
    """A fingerprint of everything the index reads: it changes when a researcher or paper is
    added, edited, hidden or merged, or an authorship or capture is added."""
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
    raw = repr(parts) + date.today().isoformat()  # ages (recency, staleness) move with the day
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
    with _lock:
        _cache.clear()
        _cache[version] = index
    return index


def match_index_current() -> MatchIndex:
    """The index for the catalogue as it is now: this process's copy, the one a background
    rebuild left on disk, or (first request after a change, no worker) built on the spot."""
    version = catalogue_version()
    index = _cache.get(version)
    if index is not None:
        return index
    path = index_path(version)
    if path.exists():
        try:
            with path.open("rb") as fh:
                index = pickle.load(fh)  # written by match_index_build only, in a private folder
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
            logger.warning("Match index %s unreadable (%s); rebuilding", path, exc)
            index = None
        if index is not None:
            with _lock:
                _cache.clear()
                _cache[version] = index
            return index
    return match_index_build(version=version)


def match_index_invalidate() -> None:
    """The catalogue changed: forget this process's index and rebuild it in the background
    (call after commit). Without a reachable broker the next request rebuilds it instead."""
    with _lock:
        _cache.clear()
    if not getattr(settings, "MATCH_INDEX_REBUILD_IN_BACKGROUND", True):
        return
    from kombu.exceptions import OperationalError as BrokerError

    from ..tasks_matching import match_index_rebuild_task

    try:
        # After a pause: a bulk import commits many times, and only the last rebuild matters.
        match_index_rebuild_task.apply_async(countdown=getattr(settings, "MATCH_INDEX_REBUILD_DELAY", 30))
    except (BrokerError, OSError) as exc:
        logger.warning("Match index rebuild not queued (%s); the next request rebuilds it", exc)
