"""Importing captures: raw bytes in, a faithful researcher record and de-duplicated papers out.

The parsers (profiles.importers) are pure; this module owns every database write of an
import: it stores the raw capture with its hash and outcome, finds or creates the
researcher, merges papers by normalized title across captures and researchers, and leaves
alone every field a curator locked.
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from celery import shared_task
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from profiles.events import PapersAdded, announce_on_commit
from profiles.importers import (
    CaptureError,
    ParsedCapture,
    decode_capture,
    name_key,
    names_match,
    normalize_name,
    parse_capture,
)
from profiles.models import Capture, CaptureOutcome, Researcher
from profiles.selectors import researcher_find, researcher_possible_duplicate_names

from .attempts import gave_up_reason, work_attempt_begin, work_attempts_exhausted
from .capture_plans import capture_plan
from .papers import papers_upsert_for_researcher
from .researchers import researcher_insert_named
from .paper_stats import (
    catalogue_statistics_refresh_if_stale,
    researcher_paper_stats_refresh,
    researchers_of_papers,
)
from .versions import catalogue_version_bump

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    """What became of one capture, in words a user can act on."""

    ok: bool
    filename: str = ""
    message: str = ""
    reason: str = ""  # refusal or waiting code: unreadable, too_large, ambiguous, awaiting_assignment …
    capture_id: int | None = None
    sha256: str = ""
    layout: str = ""
    outcome: str = ""
    researcher_id: int | None = None
    researcher_name: str | None = None
    candidates: list[str] = field(default_factory=list)
    papers_added: int = 0
    papers_updated: int = 0
    papers_unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    duplicate: bool = False
    # Entries not attached to the researcher: {"entry": n, "title": …, "reason": …}.
    not_attached: list[dict] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the command's per-file report."""
        name = self.filename or (f"capture {self.capture_id}" if self.capture_id else "capture")
        if not self.ok:
            return f"{name}: NOT IMPORTED ({self.reason}): {self.message}"
        counts = (f"papers added {self.papers_added}, updated {self.papers_updated}, "
                  f"unchanged {self.papers_unchanged}")
        tail = f"; warnings: {len(self.warnings)}" if self.warnings else ""
        left = f"; not attached: {len(self.not_attached)}" if self.not_attached else ""
        same = " (same capture as before: nothing changed)" if self.duplicate else ""
        return f"{name}: {self.layout}, {self.researcher_name}: {counts}{left}{tail}{same}"


def capture_sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def capture_import(
    *,
    raw: bytes,
    captured_on: date,
    filename: str = "",
    researcher_name: str | None = None,
    layout: str = "auto",
    uploaded_by=None,
    entries: list[int] | None = None,
    researcher: Researcher | None = None,
    source_url: str = "",
    etag: str = "",
    last_modified: str = "",
    parsed: ParsedCapture | None = None,
    encoding: str = "",
) -> ImportResult:
    """Import one raw capture synchronously. A refused capture creates nothing.

    ``entries`` (1-based, page order) are the ones a curator confirms as the researcher's
    own on a page that lists no author names (a Daily Papers list). ``researcher`` names the
    subject outright (a response fetched for a linked researcher: the authorship rule still
    checks each author list); ``source_url``, ``etag`` and ``last_modified`` record where a
    fetched response came from; ``parsed`` is the caller's parse of these same bytes (a fetch
    parses to page on), and ``encoding`` what ``decode_capture`` found them in, when the
    caller decoded them for that parse (they are not decoded twice)."""
    sha = capture_sha256(raw)
    existing = Capture.objects.filter(sha256=sha).defer("raw").first()
    if existing is not None:
        if researcher is not None and existing.researcher_id is None:
            return capture_reapply(capture=existing, researcher=researcher)
        return _import_existing(existing, filename=filename, researcher_name=researcher_name, entries=entries)
    try:
        if parsed is None:
            parsed, encoding = _decoded_and_parsed(raw, captured_on=captured_on, layout=layout)
        elif not encoding:
            _, encoding = decode_capture(raw, max_bytes=settings.CAPTURE_MAX_BYTES)
    except CaptureError as error:
        return ImportResult(ok=False, filename=filename, message=error.message,
                            reason=error.reason, sha256=sha)
    try:
        with transaction.atomic():
            capture = Capture(
                sha256=sha, raw=raw, encoding=encoding, filename=filename[:500],
                layout=parsed.layout, captured_on=captured_on, uploaded_by=uploaded_by,
                outcome=CaptureOutcome.QUEUED, confirmed_entries=sorted(set(entries or [])),
                source_url=source_url[:2000], etag=etag[:300], last_modified=last_modified[:100],
            )
            # The hash was looked up just above; a racing insert is caught as IntegrityError.
            capture.full_clean(exclude=["raw", "researcher", "uploaded_by"], validate_unique=False)
            capture.save()
            result = _apply_parsed(capture, parsed, researcher_name=researcher_name, researcher=researcher)
    except IntegrityError:
        # Another process stored the same bytes between our lookup and our insert.
        existing = Capture.objects.get(sha256=sha)
        return _import_existing(existing, filename=filename, researcher_name=researcher_name, entries=entries)
    except CaptureError as error:  # a confirmed entry that is not on the page: nothing stored
        return ImportResult(ok=False, filename=filename, message=error.message, reason=error.reason, sha256=sha)
    catalogue_statistics_refresh_if_stale()  # a bulk import's own lookups need fresh statistics
    return result


class CaptureImportBatch:
    """Many captures imported one after another (a folder given to ``import_profiles``, a
    bench's catalogue), committed a few at a time instead of one by one.

    Each capture is still all or nothing: it runs in a savepoint of its own, so a refused or
    failing capture leaves nothing and the others stand. What batching saves is the commit: an
    import writes each paper into several indexes (title, identity, date, the authorships, the
    search index), each entry on a different page, and each commit wrote every such page again
    (on SQLite, to the write-ahead log and then to the file: 3.3 MB of page writes for a
    41-paper capture, 500 captures into an import). Captures committed together share those
    pages.

    ``capture_import_each`` parses a batch's captures first, then writes them in one
    transaction. On SQLite the transaction holds the write lock, and a page that writes
    meanwhile (a shortlist save) waits for it: the parsing in between is when that page gets
    in. Parsing each capture inside the transaction instead left the lock free for moments
    too short for a waiting writer (SQLite looks again every 100 ms): beside an import of 300
    captures, shortlist saves waited up to 2.3 s that way. Parsed first, batches of 10 kept
    the longest wait at 0.20-0.56 s in four runs (batches of 20: 0.44-2.55 s); one capture at
    a time it was 0.24 s.

    A batch commits after ``size`` captures, and when the ``with`` block ends, also through an
    exception (what was imported before it stands, as it would have one capture at a time).
    A caller that reports a capture as imported does so once ``uncommitted`` is back to 0.
    """

    def __init__(self, *, size: int = 10):
        self.size = size
        self._open: transaction.Atomic | None = None
        self.uncommitted = 0  # captures imported since the last commit

    def __enter__(self) -> CaptureImportBatch:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.commit()
        except Exception:
            if exc_type is None:
                raise
            # The connection itself failed (its error is the one raised): nothing to keep.
            logger.exception("Captures imported before the error could not be committed")

    def capture_import_each(self, captures: Iterable[dict]) -> Iterator[tuple[dict, ImportResult]]:
        """``capture_import(**arguments)`` for each item of ``captures`` in turn, yielding
        (arguments, result): ``size`` captures parsed, then written and committed together."""
        items = iter(captures)
        while batch := list(islice(items, self.size)):
            # No lock held yet. A capture stored before is not parsed: capture_import finds it
            # by its hash first (a folder imported again, or the rest of an interrupted run).
            hashes = [capture_sha256(arguments["raw"]) for arguments in batch]
            stored = set(Capture.objects.filter(sha256__in=hashes).values_list("sha256", flat=True))
            parsed = [{} if sha in stored else _parse_ahead(arguments) for sha, arguments in zip(hashes, batch)]
            for arguments, parse in zip(batch, parsed):
                yield arguments, self.capture_import(**arguments, **parse)
            self.commit()

    def capture_import(self, **kwargs) -> ImportResult:
        """``capture_import`` with the same arguments, inside the batch's transaction (committed
        once ``size`` captures are in it)."""
        if self._open is None:
            self._open = transaction.atomic()
            self._open.__enter__()
        with transaction.atomic():  # this capture's own: an error undoes it alone
            result = capture_import(**kwargs)
        self.uncommitted += 1
        if self.uncommitted >= self.size:
            self.commit()
        return result

    def commit(self) -> None:
        """Commit the captures imported since the last commit (then run their on-commit work)."""
        if self._open is None:
            return
        block, self._open = self._open, None
        block.__exit__(None, None, None)
        self.uncommitted = 0


def _parse_ahead(arguments: dict) -> dict:
    """The parse ``capture_import`` would make of these arguments' bytes, and their encoding,
    as its keyword arguments; none when it would refuse them (it then says why) or when the
    caller gave its own parse."""
    if arguments.get("parsed") is not None:
        return {}
    try:
        parsed, encoding = _decoded_and_parsed(arguments["raw"], captured_on=arguments["captured_on"],
                                               layout=arguments.get("layout", "auto"))
    except CaptureError:
        return {}
    return {"parsed": parsed, "encoding": encoding}


def _decoded_and_parsed(raw: bytes, *, captured_on: date, layout: str) -> tuple[ParsedCapture, str]:
    """A capture's bytes read as ``capture_import`` reads them: its parse and the encoding they
    were in (CaptureError when they cannot be)."""
    text, encoding = decode_capture(raw, max_bytes=settings.CAPTURE_MAX_BYTES)
    return parse_capture(text, captured_on=captured_on, layout=layout), encoding


def capture_enqueue(
    *,
    raw: bytes,
    captured_on: date,
    filename: str = "",
    researcher_name: str | None = None,
    layout: str = "auto",
    uploaded_by=None,
    entries: list[int] | None = None,
) -> tuple[Capture, bool, str | None]:
    """Store a capture and queue its import by a worker (sent once the caller's transaction
    commits); returns (capture, created, task id or None when nothing was queued).

    The import itself runs in ``capture_process`` inside the task. A capture already stored is
    not stored twice; it is queued again only while it still waits for its import (a worker may
    have lost the first message), which is safe because the import claims it first.
    """
    if len(raw) > settings.CAPTURE_MAX_BYTES:
        raise CaptureError(
            "too_large",
            f"The file is {len(raw):,} bytes; the limit is {settings.CAPTURE_MAX_BYTES:,}. "
            "Capture one profile page per file.",
        )
    sha = capture_sha256(raw)
    capture, created = Capture.objects.get_or_create(
        sha256=sha,
        defaults=dict(
            raw=raw, encoding="", filename=filename[:500], layout=layout if layout != "auto" else "",
            captured_on=captured_on, uploaded_by=uploaded_by, outcome=CaptureOutcome.QUEUED,
            parsed_name=(researcher_name or "")[:300], confirmed_entries=sorted(set(entries or [])),
        ),
    )
    task_id = None
    if capture.outcome == CaptureOutcome.QUEUED:
        task_id = capture_import_task.enqueue_on_commit(capture.pk)
    return capture, created, task_id


def capture_process(*, capture_id: int) -> ImportResult | None:
    """Import a queued capture (the worker's side of ``capture_enqueue``).

    Safe to run twice and to retry: the whole import is one transaction that starts by
    claiming the capture while it is still queued, so a worker killed half-way leaves it
    queued for the retry, and a second delivery finds nothing to do. Each start is counted
    first: past ``CELERY_TASK_MAX_ATTEMPTS`` the capture is marked failed instead.
    """
    attempts = work_attempt_begin(Capture.objects.filter(id=capture_id, outcome=CaptureOutcome.QUEUED))
    if attempts is None:
        return None  # already imported by an earlier delivery of the same task
    if work_attempts_exhausted(attempts):
        reason = gave_up_reason(attempts - 1)
        capture_fail(capture_id=capture_id, reason=reason)
        return ImportResult(ok=False, message=reason, reason="gave_up", capture_id=capture_id,
                            outcome=CaptureOutcome.FAILED)
    with transaction.atomic():
        capture = (
            Capture.objects.select_for_update()
            .filter(id=capture_id, outcome=CaptureOutcome.QUEUED)
            .first()
        )
        if capture is None:
            return None  # already imported by an earlier delivery of the same task
        raw = bytes(capture.raw)
        researcher_name = capture.parsed_name or None
        try:
            text, encoding = decode_capture(raw, max_bytes=settings.CAPTURE_MAX_BYTES)
            parsed = parse_capture(
                text, captured_on=capture.captured_on, layout=capture.layout or "auto"
            )
            capture.encoding = encoding
            capture.layout = parsed.layout
            with transaction.atomic():  # a refusal while deciding leaves nothing half-written
                return _apply_parsed(capture, parsed, researcher_name=researcher_name)
        except CaptureError as error:
            capture.outcome = CaptureOutcome.FAILED
            capture.outcome_detail = f"{error.reason}: {error.message}"
            capture.imported_at = timezone.now()
            capture.save(update_fields=["outcome", "outcome_detail", "imported_at"])
            return ImportResult(ok=False, filename=capture.filename, message=error.message,
                                reason=error.reason, capture_id=capture.id, sha256=capture.sha256,
                                outcome=capture.outcome)


def capture_fail(*, capture_id: int, reason: str) -> bool:
    """Mark a capture still queued as failed, with the reason (its import task gave up), so
    its progress page ends and nothing sends it again; True when it was still queued. An
    import that finished meanwhile (a duplicate delivery failed) is left as it is."""
    with transaction.atomic():
        marked = Capture.objects.filter(id=capture_id, outcome=CaptureOutcome.QUEUED).update(
            outcome=CaptureOutcome.FAILED, outcome_detail=reason, imported_at=timezone.now())
        if marked:
            catalogue_version_bump()
    return bool(marked)


def capture_assign(
    *, capture: Capture, researcher_name: str = "", researcher: Researcher | None = None,
    entries: list[int] | None = None,
) -> ImportResult:
    """Attach a capture that was waiting (no single researcher named, or an ambiguous
    listing) to ``researcher``, or to a researcher by name, creating them if they are not in
    the catalogue.

    Only the entries they wrote are attached (their name is in its author list), plus
    ``entries`` a curator confirms (1-based, page order) where the page names no authors."""
    name = normalize_name(researcher_name or "")
    if researcher is None and not name:
        return ImportResult(ok=False, filename=capture.filename, reason="no_name",
                            message="Give the full name of the researcher this capture belongs to.",
                            capture_id=capture.id)
    parsed, error = _reparse(capture)
    if error is not None:
        return error
    try:
        with transaction.atomic():
            capture = Capture.objects.select_for_update().get(pk=capture.pk)
            if entries is not None:
                capture.confirmed_entries = sorted(set(entries))
            if researcher is not None:
                return _apply_parsed(capture, parsed, researcher=researcher)
            return _apply_parsed(capture, parsed, researcher_name=name)
    except CaptureError as error:
        return ImportResult(ok=False, filename=capture.filename, message=error.message,
                            reason=error.reason, capture_id=capture.id)


def capture_reapply(*, capture: Capture, researcher: Researcher | None = None) -> ImportResult:
    """Re-run the import of a stored capture (after a parser fix, a merge or an assignment)."""
    parsed, error = _reparse(capture)
    if error is not None:
        return error
    with transaction.atomic():
        capture = Capture.objects.select_for_update().get(pk=capture.pk)
        target = researcher or capture.researcher
        return _apply_parsed(capture, parsed, researcher=target)


ACCEPTED_PREFIX = "Imported anyway"
POSSIBLE_DUPLICATE_PREFIX = "New researcher "


def capture_import_anyway(*, capture: Capture, accepted_by: AbstractBaseUser | None,
                          accepted_via: str = "") -> ImportResult:
    """Import a capture kept for review (the parse looked wrong) because a curator checked it
    and says it is right. The guard's warnings stay on the capture, led by a line saying who
    accepted them (``accepted_via`` names the tool when no user did, e.g. a command) and when;
    re-imports keep importing it. The subject is found as in any import, so a capture that
    names nobody then waits for assignment."""
    if capture.outcome != CaptureOutcome.NEEDS_REVIEW:
        raise CaptureError("not_in_review", (
            f"This capture is not kept for review ({capture.get_outcome_display()}); "
            "only a capture kept for review can be imported anyway."))
    parsed, error = _reparse(capture)
    if error is not None:
        return error
    with transaction.atomic():
        capture = Capture.objects.select_for_update().get(pk=capture.pk)
        if capture.outcome != CaptureOutcome.NEEDS_REVIEW:  # a second click, or another curator
            return _result_from_capture(capture)
        capture.review_accepted = True
        who = accepted_by.get_username() if accepted_by is not None else (accepted_via or "a curator")
        capture.warnings = [f"{ACCEPTED_PREFIX} by {who} on {timezone.localdate().isoformat()}, "
                            "despite these review warnings:"]
        return _apply_parsed(capture, parsed, researcher_name=capture.parsed_name or None)


def _reparse(capture: Capture) -> tuple[ParsedCapture | None, ImportResult | None]:
    try:
        text, _ = decode_capture(bytes(capture.raw), max_bytes=settings.CAPTURE_MAX_BYTES)
        return parse_capture(text, captured_on=capture.captured_on, layout=capture.layout or "auto"), None
    except CaptureError as error:
        return None, ImportResult(ok=False, filename=capture.filename, message=error.message,
                                  reason=error.reason, capture_id=capture.id)


def _import_existing(capture: Capture, *, filename: str, researcher_name: str | None,
                     entries: list[int] | None = None) -> ImportResult:
    """The same bytes were imported before: change nothing, unless the user now says who a
    waiting capture belongs to (and which of its entries are theirs)."""
    waiting = capture.outcome in (CaptureOutcome.AWAITING_ASSIGNMENT, CaptureOutcome.AMBIGUOUS)
    if waiting and (researcher_name or (entries and capture.parsed_name)):
        return capture_assign(capture=capture, researcher_name=researcher_name or capture.parsed_name,
                              entries=entries)
    result = _result_from_capture(capture, filename=filename or capture.filename)
    result.duplicate = True
    if capture.outcome == CaptureOutcome.IMPORTED:
        result.papers_unchanged = capture.paper_total
        result.papers_added = result.papers_updated = 0
    return result


def _result_from_capture(capture: Capture, *, filename: str = "") -> ImportResult:
    ok = capture.outcome == CaptureOutcome.IMPORTED
    return ImportResult(
        ok=ok, filename=filename or capture.filename, capture_id=capture.id, sha256=capture.sha256,
        layout=capture.layout, outcome=capture.outcome,
        reason="" if ok else capture.outcome, message=capture.outcome_detail,
        researcher_id=capture.researcher_id,
        researcher_name=capture.researcher.name if capture.researcher_id else None,
        candidates=list(capture.candidates), warnings=list(capture.warnings),
        papers_added=capture.papers_added, papers_updated=capture.papers_updated,
        papers_unchanged=capture.papers_unchanged,
    )


def _apply_parsed(
    capture: Capture,
    parsed: ParsedCapture,
    *,
    researcher_name: str | None = None,
    researcher: Researcher | None = None,
) -> ImportResult:
    """Write one parsed capture. Runs inside the caller's transaction."""
    capture.parsed_name = (parsed.researcher_name or capture.parsed_name or "")[:300]
    capture.parsed_affiliation = (parsed.affiliation or "")[:300]
    capture.candidates = list(parsed.candidates)
    capture.paper_total = len(parsed.papers)
    capture.imported_at = timezone.now()
    if researcher is not None:
        researcher_name = researcher.name
    looked_up = researcher_name or parsed.researcher_name or ""
    known = researcher or (researcher_find(name=looked_up) if looked_up else None)
    plan = capture_plan(parsed, researcher_name=researcher_name, confirmed_entries=list(capture.confirmed_entries),
                        researcher_names=_known_names(known), review_accepted=capture.review_accepted)
    # Who accepted a parse kept for review stays said above the warnings, import after import,
    # and so does a possible duplicate noted when the capture created its researcher (a re-import
    # creates nobody, so it would not be noted again).
    accepted = [w for w in capture.warnings if w.startswith(ACCEPTED_PREFIX)] if capture.review_accepted else []
    duplicates = [w for w in capture.warnings if w.startswith(POSSIBLE_DUPLICATE_PREFIX)]
    capture.warnings = accepted[:1] + list(parsed.review) + list(parsed.warnings)
    if plan.outcome != CaptureOutcome.IMPORTED:
        capture.outcome = plan.outcome
        capture.outcome_detail = plan.detail
        capture.save(update_fields=_OUTCOME_FIELDS)
        result = _result_from_capture(capture)
        result.not_attached = plan.not_attached
        return result
    name = plan.researcher_name

    created = False
    if researcher is None and known is not None and names_match(known.name, name):
        researcher = known  # found above, under the name the plan settled on
    capture.warnings += duplicates
    if researcher is not None and _waits_for_curator(capture, researcher):
        capture.outcome = CaptureOutcome.NEEDS_REVIEW
        capture.outcome_detail = ("a page an applicant pastes about a researcher already in the catalogue "
                                  "changes nothing until a curator has checked it")
        capture.save(update_fields=_OUTCOME_FIELDS)
        return _result_from_capture(capture)
    if researcher is None:
        # A capture an applicant pasted proposes the person it names (curators publish them);
        # a curator's upload or a command's import is published at once.
        # The lookup above already answered for this name unless the plan settled on another.
        same_name = name_key(looked_up) == name_key(normalize_name(name)[:300])
        found = known if same_name else researcher_find(name=normalize_name(name)[:300])
        if found is not None:
            researcher = found
        else:
            researcher = researcher_insert_named(name=name, proposed_by=capture.uploaded_by)
            created = True
        if created:
            similar = researcher_possible_duplicate_names(researcher=researcher)
            line = (f"{POSSIBLE_DUPLICATE_PREFIX}{researcher.name!r} may be the same person as "
                    + ", ".join(repr(name) for _, name in similar) + ": if so, merge them in the admin.")
            if similar and line not in capture.warnings:
                capture.warnings.append(line)
    newest_other = None if created else (  # a researcher created just now has no other capture
        Capture.objects.filter(researcher=researcher, outcome=CaptureOutcome.IMPORTED)
        .exclude(pk=capture.pk)
        .order_by("-captured_on")
        .values_list("captured_on", flat=True)
        .first()
    )
    # An older capture may fill gaps but never rolls a profile back over newer data.
    is_newest = newest_other is None or capture.captured_on >= newest_other
    _update_researcher_fields(researcher, parsed, overwrite=is_newest)
    added, updated, unchanged, new_paper_ids, redated_paper_ids = papers_upsert_for_researcher(
        researcher, [item for _, item in plan.attach], capture, new_researcher=created)

    capture.researcher = researcher
    capture.outcome = CaptureOutcome.IMPORTED
    capture.outcome_detail = ""
    capture.papers_added, capture.papers_updated, capture.papers_unchanged = added, updated, unchanged
    capture.save(update_fields=_OUTCOME_FIELDS)
    # This researcher's keys, and those of the other authors of a paper this capture re-dated.
    # Only those: a new authorship moves no one else's count, and on a large catalogue
    # recounting every coauthor of all of this researcher's papers was a tenth of an import.
    researcher_paper_stats_refresh(
        researcher_ids=[researcher.pk, *researchers_of_papers(paper_ids=redated_paper_ids)])
    catalogue_version_bump()
    if new_paper_ids and not created:  # nobody can have saved a researcher created just now
        announce_on_commit(PapersAdded(researcher_id=researcher.id, paper_ids=tuple(new_paper_ids)))
    result = _result_from_capture(capture)
    result.not_attached = plan.not_attached
    return result


def _waits_for_curator(capture: Capture, researcher: Researcher) -> bool:
    """A page an applicant uploaded is text they may have written themselves: it may fill their
    own proposal (nobody else sees it), but a record others see (or another's proposal, or
    one a curator hid) changes only once a curator accepts it ("Import anyway"). A capture
    already imported into this record (a re-import) and a curator's or command's upload pass."""
    uploader = capture.uploaded_by
    if uploader is None or uploader.is_staff or capture.review_accepted or capture.researcher_id == researcher.pk:
        return False
    own_proposal = not researcher.published and researcher.proposed_by_id == uploader.pk and not researcher.hidden
    return not own_proposal


def _known_names(researcher: Researcher | None) -> list[str]:
    """A researcher's names: the record's, then those of records merged into it."""
    if researcher is None:
        return []
    return [researcher.name] + list(researcher.merged_from.values_list("name", flat=True))


# What an import writes on a stored capture: never its raw bytes, which are kept as given.
_OUTCOME_FIELDS = [
    "encoding", "layout", "researcher", "outcome", "outcome_detail", "parsed_name", "parsed_affiliation",
    "candidates", "warnings", "confirmed_entries", "review_accepted", "paper_total", "papers_added", "papers_updated", "papers_unchanged", "imported_at",
]


_CATEGORY_CODE = re.compile(r"(?:[a-z][a-z-]{0,10}\.)?[A-Z]{2,12}")


def _is_category(topic: str) -> bool:
    """An alphaXiv category code (``LG``, ``stat.ML``), not a research topic in words."""
    return _CATEGORY_CODE.fullmatch(topic) is not None


def _update_researcher_fields(researcher: Researcher, parsed: ParsedCapture, *, overwrite: bool) -> None:
    values = {
        "title": parsed.title or "",
        "affiliation": (parsed.affiliation or "")[:300],
        "department": (parsed.department or "")[:300],
        "about": parsed.about or "",
        "active_from": parsed.active_from,
        "active_to": parsed.active_to,
        "topics": list(parsed.topics),
        "h_index": parsed.metrics.h_index,
        "citations": parsed.metrics.citations,
        "paper_count": parsed.metrics.paper_count,
        "novelty_pct": parsed.metrics.novelty_pct,
        "ai_score": parsed.metrics.ai_score,
        "coauthors": [
            {"name": c.name, "shared_papers": c.shared_papers, "affiliation": c.affiliation}
            for c in parsed.coauthors
        ],
        "education": [{"degree": e.degree, "institution": e.institution} for e in parsed.education],
        "awards": list(parsed.awards),
        "labs": parsed.labs,
    }
    locked = set(researcher.locked_fields)
    changed = []
    for field_name, value in values.items():
        if field_name in locked or value in (None, "", []):
            continue  # a capture that does not say something leaves what we know alone
        current = getattr(researcher, field_name)
        if current == value:
            continue
        if field_name == "topics" and current:
            # PhdFit's research topics and alphaXiv's category codes are two vocabularies:
            # a capture replaces the topics written in its own and keeps the others'.
            codes = parsed.layout == "alphaxiv"
            own = [topic for topic in current if _is_category(topic) == codes]
            if own and not overwrite:
                continue
            others = [topic for topic in current if _is_category(topic) != codes and topic not in value]
            value = others + value if codes else value + others
            if value == current:
                continue
        if overwrite or current in (None, "", []) or field_name == "topics":
            setattr(researcher, field_name, value)
            changed.append(field_name)
    if changed:
        researcher.full_clean(validate_unique=False, validate_constraints=False)
        researcher.save(update_fields=changed + ["updated_at"])


def _capture_failed(task, reason: str, capture_id: int) -> None:
    capture_fail(capture_id=capture_id, reason=reason)


# Named as when it lived in profiles/tasks.py, so messages queued before an upgrade still run.
@shared_task(bind=True, name="profiles.tasks.capture_import_task", mark_failed=_capture_failed)
def capture_import_task(self, capture_id: int) -> dict | None:
    """Import one queued capture. Running it twice or after a crash leaves one result."""
    result = capture_process(capture_id=capture_id)
    return None if result is None else {"ok": result.ok, "summary": result.summary()}
