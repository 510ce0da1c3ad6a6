"""Live sources: add a researcher from a scholarly profile, and refresh linked profiles.

Every response is fetched first, then stored as a Capture and imported through
``capture_import`` like any page capture: the same merge, locks, never-roll-back and
authorship rules. A source that cannot be reached changes nothing.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from profiles.importers import CaptureError, ParsedCapture, decode_capture, name_key, names_match, parse_capture
from profiles.importers.author_search import AuthorCandidate
from profiles.models import Authorship, Researcher, SourceKind, SourceLink, SourceOutcome
from profiles.selectors import researcher_find, source_links_due
from profiles.sources import (
    SOURCE_NAMES,
    SOURCES,
    Page,
    RefError,
    SourceClient,
    SourceError,
    SourceRequest,
    SourceUnreachable,
    parse_ref,
)

from .captures import capture_import
from .researchers import researcher_get_or_create
from .versions import catalogue_version_bump

# A failed fetch is tried again after this long, doubling with each failure in a row.
RETRY_FIRST = timedelta(hours=1)


class SourceAddError(Exception):
    """A researcher that cannot be added as asked, with what to do instead."""


@dataclass
class FetchedSource:
    kind: str
    external_id: str
    pages: list[Page] = field(default_factory=list)
    not_modified: bool = False
    error: SourceError | None = None
    capped: bool = False
    # Why paging stopped before the end without an error (a page that stayed empty): what
    # arrived is kept and the result is partial.
    partial: str = ""


@dataclass
class SourceResult:
    """What one source gave, in a line a user can read."""

    kind: str
    external_id: str
    ok: bool
    researcher_id: int | None = None
    researcher_name: str = ""
    outcome: str = ""
    message: str = ""
    papers_added: int = 0
    papers_updated: int = 0
    papers_unchanged: int = 0
    pages: int = 0  # pages stored and imported
    pages_same: int = 0  # pages whose content was what we stored last time (not stored again)
    warnings: list[str] = field(default_factory=list)
    candidates: list[AuthorCandidate] = field(default_factory=list)
    partial: bool = False  # paging stopped early; what arrived was kept, the rest comes later

    def summary(self) -> str:
        name = f"{SOURCE_NAMES.get(self.kind, self.kind)} {self.external_id}".strip()
        if self.candidates:
            lines = [f"{name}: {len(self.candidates)} people match; nothing added. Choose one and add it by id:"]
            return "\n".join(lines + [f"  - {c.describe()}" for c in self.candidates])
        if not self.ok and not self.pages:
            return f"{name}: {self.message}; nothing changed."
        if self.outcome == SourceOutcome.NOT_MODIFIED:
            return f"{name}: {self.researcher_name}: not modified since the last fetch; nothing changed."
        same = f" ({self.pages_same} page(s) as before, not stored again)" if self.pages_same else ""
        tail = f"; {self.message}" if self.message else ""
        kept = "partial result: " if self.partial else ""
        return (f"{name}: {self.researcher_name}: {kept}{self.pages} page(s){same}, papers added {self.papers_added}, "
                f"updated {self.papers_updated}, unchanged {self.papers_unchanged}{tail}")

    def as_json(self) -> dict:
        return {
            "source": self.kind, "external_id": self.external_id, "ok": self.ok,
            "researcher_id": self.researcher_id, "researcher": self.researcher_name or None,
            "outcome": self.outcome, "message": self.message, "partial": self.partial,
            "pages": self.pages, "pages_same": self.pages_same,
            "papers_added": self.papers_added, "papers_updated": self.papers_updated,
            "papers_unchanged": self.papers_unchanged, "warnings": self.warnings,
            "candidates": [
                {"source": c.kind, "id": c.external_id, "name": c.name, "affiliation": c.affiliation or None,
                 "paper_count": c.paper_count} for c in self.candidates
            ],
        }


def source_fetch(*, client: SourceClient, kind: str, external_id: str, validators: dict | None = None,
                 start: SourceRequest | None = None, max_pages: int | None = None) -> FetchedSource:
    """Fetch every page a source has for one profile (up to ``SOURCES_MAX_PAGES``).

    The first request is conditional: when the source says it has not changed, nothing else
    is asked. An error ends the fetch with the pages that did arrive; none is stored here.
    ``start`` replaces the source's first request (e.g. one page of a paper list), and the
    source's own paging carries on from it. ``max_pages`` lowers the cap (a web request
    fetches the first pages; the next refresh, due at once, fetches the rest).
    """
    source = SOURCES[kind]
    cap = min(max_pages or settings.SOURCES_MAX_PAGES, settings.SOURCES_MAX_PAGES)
    result = FetchedSource(kind=kind, external_id=external_id)
    validators = validators or {}
    while True:
        request = start if start is not None and not result.pages else source.next_request(external_id, result.pages)
        if request is None:
            break
        if len(result.pages) >= cap:
            result.capped = True
            break
        first = not result.pages
        # A page the one before promised (its total says entries remain from here) that comes
        # back empty is the service's passing fault (arXiv's API gives them): ask again.
        before = result.pages[-1].parsed if result.pages else None
        promised = before is not None and (before.entries_total or 0) > request.offset
        tries = settings.SOURCES_MAX_RETRIES + 1 if promised else 1
        for _ in range(tries):
            try:
                fetched = client.get(
                    kind, request.url, params=dict(request.params) or None, headers=dict(request.headers),
                    etag=validators.get("etag", "") if first else "",
                    last_modified=validators.get("last_modified", "") if first else "",
                )
            except SourceError as error:
                result.error = error
                return result
            if fetched.not_modified:
                result.not_modified = True
                return result
            page = _read_page(request, fetched, empty_is_fault=promised)
            if not promised or page.parsed is None or page.parsed.papers:
                break
        else:
            result.partial = (
                f"{SOURCE_NAMES[kind]} answered page {len(result.pages) + 1} (from entry {request.offset + 1}) "
                f"with no entries {tries} times; the {len(result.pages)} page(s) before it were kept and "
                "the rest comes with the next refresh"
            )
            return result
        result.pages.append(page)
        if page.parsed is None:
            # Paging stops here; the capture import refuses this body the same way, storing nothing.
            result.error = SourceError(kind, f"page {len(result.pages)} could not be read: {page.error}")
            break
    return result


def _read_page(request: SourceRequest, fetched, *, empty_is_fault: bool) -> Page:
    """One fetched page, parsed; an unreadable one has no parse. An answer with no entries is
    unreadable too, unless ``empty_is_fault`` (a promised page): then it is a page with no
    papers, for the caller to ask again."""
    page = Page(request=request, fetched=fetched)
    try:
        text, _ = decode_capture(fetched.body, max_bytes=settings.CAPTURE_MAX_BYTES)
        page.parsed = parse_capture(text, captured_on=timezone.localdate(), layout=request.layout)
        page.paper_count = len(page.parsed.papers)
    except CaptureError as error:
        if error.reason == "no_entries" and empty_is_fault:
            page.parsed = ParsedCapture(layout=request.layout)
        else:
            page.error = error.message
            page.empty = error.reason == "no_entries"
    return page


def _subject_name(fetched: FetchedSource, given: str | None) -> str | None:
    if given:
        return given
    for page in fetched.pages:
        if page.parsed and page.parsed.researcher_name:
            return page.parsed.researcher_name
    if fetched.kind == "arxiv":
        # An arXiv author id names a surname: the most frequent author of the feed with it.
        surname = fetched.external_id.split("_")[0]
        counts: dict[str, int] = {}
        for page in fetched.pages:
            for paper in page.parsed.papers if page.parsed else []:
                for author in paper.authors:
                    if name_key(author).replace(" ", "").endswith(surname.replace("_", "")):
                        counts[author] = counts.get(author, 0) + 1
        if counts:
            return max(counts, key=counts.get)
    return None


def _source_ids(fetched: FetchedSource) -> dict[str, str]:
    ids = {fetched.kind: fetched.external_id}
    for page in fetched.pages:
        if page.parsed:
            for kind, value in page.parsed.source_ids.items():
                ids.setdefault(kind, value)
    return {k: v for k, v in ids.items() if k in SourceKind.values}


def _researcher_for(ids: dict[str, str], name: str | None, *, added_by=None,
                    may_create: bool = True) -> tuple[Researcher | None, bool]:
    """The catalogue's record of this person: by a source id any link already has, then by
    exact name; created when neither finds one and ``may_create`` (a proposal when
    ``added_by`` is an applicant)."""
    for kind, external_id in ids.items():
        link = SourceLink.objects.select_related("researcher").filter(kind=kind, external_id=external_id).first()
        if link is not None:
            return link.researcher, False
    if not name:
        return None, False
    found = researcher_find(name=name)
    if found is not None:
        return found, False
    if not may_create:
        return None, False
    return researcher_get_or_create(name=name, proposed_by=added_by)


def page_fingerprint(page: Page) -> str:
    """What a page says, as a hash: services that send no validators (OpenAlex) answer 200
    with a body that differs only in volatile fields (``db_response_time_ms``); a page whose
    content is what we stored last time is not stored again."""
    return hashlib.sha256(repr(page.parsed).encode()).hexdigest() if page.parsed else ""


def _import_pages(link: SourceLink, fetched: FetchedSource, result: SourceResult) -> None:
    captured_on = timezone.localdate()
    known = link.validators.get("pages", {})
    for index, page in enumerate(fetched.pages, start=1):
        fingerprint = page_fingerprint(page)
        if fingerprint and known.get(page.fetched.url) == fingerprint:
            result.pages_same += 1
            result.papers_unchanged += page.paper_count
            continue
        extension = "xml" if page.request.layout in ("arxiv_atom", "dblp_person") else "json"
        safe_id = link.external_id.replace("/", "-")
        imported = capture_import(
            raw=page.fetched.body, captured_on=captured_on,
            filename=f"{link.kind}-{safe_id}-{index}.{extension}",
            researcher=link.researcher, layout=page.request.layout,
            source_url=page.fetched.url, etag=page.fetched.etag, last_modified=page.fetched.last_modified,
            parsed=page.parsed,
        )
        result.pages += 1
        result.papers_added += imported.papers_added
        result.papers_updated += imported.papers_updated
        result.papers_unchanged += imported.papers_unchanged
        result.warnings.extend(imported.warnings)
        result.warnings.extend(f"“{item['title']}” not attached: {item['reason']}." for item in imported.not_attached)


def _link_other_ids(researcher: Researcher, ids: dict[str, str], result: SourceResult) -> None:
    """Ids the source gives for the same person (OpenAlex names the ORCID iD) become links
    too, due at once; an id already linked to someone else is reported, not moved."""
    for kind, external_id in ids.items():
        link, created = SourceLink.objects.get_or_create(
            kind=kind, external_id=external_id,
            defaults={"researcher": researcher, "next_refresh_at": timezone.now()},
        )
        if not created and link.researcher_id != researcher.id:
            result.warnings.append(
                f"{SOURCE_NAMES[kind]} {external_id} is linked to {link.researcher.name}, who may be the same "
                f"person as {researcher.name}: if so, merge them in the admin."
            )


def _record_outcome(link: SourceLink, fetched: FetchedSource, result: SourceResult) -> None:
    now = timezone.now()
    link.last_fetched_at = now
    if fetched.error is not None:
        outcome = SourceOutcome.UNREACHABLE if isinstance(fetched.error, SourceUnreachable) else SourceOutcome.FAILED
        _record_failure(link, outcome=outcome, detail=fetched.error.message, retry_after=fetched.error.retry_after)
        return
    link.failures = 0
    same_content = bool(fetched.pages) and result.pages == 0  # every page as stored last time
    link.last_outcome = SourceOutcome.NOT_MODIFIED if fetched.not_modified or same_content else SourceOutcome.UPDATED
    link.last_detail = result.message
    # A capped fetch is due again at once, so the next run fetches the rest; one cut short by
    # a page that stayed empty is asked again after a pause.
    if fetched.capped:
        link.next_refresh_at = now
    elif fetched.partial:
        link.next_refresh_at = now + RETRY_FIRST
    else:
        link.next_refresh_at = now + timedelta(days=settings.SOURCES_REFRESH_DAYS)
    if fetched.pages and not fetched.not_modified:
        first = fetched.pages[0].fetched
        link.validators = {"url": first.url, "etag": first.etag, "last_modified": first.last_modified,
                           "pages": {page.fetched.url: page_fingerprint(page) for page in fetched.pages}}


def _record_failure(link: SourceLink, *, outcome: str, detail: str, retry_after: float | None = None) -> None:
    """A failed fetch: said on the link, and tried again later, waiting longer after each
    failure in a row (up to a day's refresh interval)."""
    now = timezone.now()
    link.failures = min(link.failures + 1, 10)
    link.last_outcome = outcome
    link.last_detail = detail
    wait = max(RETRY_FIRST * 2 ** (link.failures - 1), timedelta(seconds=retry_after or 0))
    link.next_refresh_at = now + min(wait, timedelta(days=settings.SOURCES_REFRESH_DAYS))


def source_links_fail(*, link_ids: list[int], reason: str) -> int:
    """Mark these links' refresh failed with the reason (the refresh task gave up), to be
    tried again after the usual back-off; returns how many were marked."""
    with transaction.atomic():
        links = list(SourceLink.objects.select_for_update().filter(id__in=link_ids).order_by("id"))
        for link in links:
            _record_failure(link, outcome=SourceOutcome.FAILED, detail=reason)
            link.save(update_fields=["failures", "last_outcome", "last_detail", "next_refresh_at"])
        if links:
            catalogue_version_bump()  # a researcher page shows each source's outcome
    return len(links)


def source_add_fail(*, ref: str, source: str | None, reason: str) -> int:
    """An add from a source whose task gave up: the link it names, if one was made, is marked
    failed with the reason (an add that failed before making one left nothing to mark)."""
    try:
        parsed_ref = parse_ref(ref, source=source)
    except RefError:
        return 0
    if parsed_ref is None:
        return 0
    kind, external_id = parsed_ref
    link_ids = list(SourceLink.objects.filter(kind=kind, external_id=external_id).values_list("id", flat=True))
    return source_links_fail(link_ids=link_ids, reason=reason) if link_ids else 0


def _apply(link: SourceLink, fetched: FetchedSource, result: SourceResult) -> SourceResult:
    """Store what arrived and record the outcome; runs inside the caller's transaction."""
    if fetched.pages:
        _import_pages(link, fetched, result)
    if fetched.capped:
        result.message = f"stopped after {len(fetched.pages)} pages; the rest comes with the next refresh"
    if fetched.partial:
        result.partial = True
        result.message = fetched.partial
    if fetched.error is not None:
        result.ok = False
        kept = f" ({result.pages} page(s) that did arrive were kept)" if result.pages else ""
        result.message = fetched.error.message + kept
    elif fetched.not_modified:
        result.outcome = SourceOutcome.NOT_MODIFIED
    _record_outcome(link, fetched, result)
    result.outcome = link.last_outcome
    link.save()
    return result


def source_link_refresh(*, link: SourceLink, client: SourceClient) -> SourceResult:
    """Re-fetch one linked profile (conditionally) and import what is new."""
    result = SourceResult(kind=link.kind, external_id=link.external_id, ok=True,
                          researcher_id=link.researcher_id, researcher_name=link.researcher.name)
    fetched = source_fetch(client=client, kind=link.kind, external_id=link.external_id,
                           validators=link.validators)
    with transaction.atomic():
        link = SourceLink.objects.select_for_update().select_related("researcher").get(pk=link.pk)
        return _apply(link, fetched, result)


def researcher_add_from_source(*, ref: str, source: str | None = None, client: SourceClient,
                               name: str | None = None, max_pages: int | None = None,
                               added_by=None) -> SourceResult:
    """Add (or refresh) the researcher a profile link or id points at; with a name and a
    source, search for them first: one clear match is added, several are listed.

    Nothing is created unless a page was read with a paper on it. A researcher ``added_by``
    an applicant who is not a curator is created unpublished: only they and curators see it
    until a curator publishes it (the commands and the admin pass nobody: published)."""
    try:
        parsed_ref = parse_ref(ref, source=source)
    except RefError as error:
        raise SourceAddError(str(error)) from error
    if parsed_ref is None:
        if not source:
            raise SourceAddError(
                f"“{ref}” is not a profile link or id. To search by name, say where: --source "
                "openalex, s2 or arxiv."
            )
        return _add_by_name(ref, source=source, client=client, max_pages=max_pages, added_by=added_by)
    kind, external_id = parsed_ref
    existing = SourceLink.objects.select_related("researcher").filter(kind=kind, external_id=external_id).first()
    if existing is not None:
        return source_link_refresh(link=existing, client=client)
    fetched = source_fetch(client=client, kind=kind, external_id=external_id, max_pages=max_pages)
    result = SourceResult(kind=kind, external_id=external_id, ok=True)
    if fetched.error is not None and not fetched.pages:
        result.ok = False
        result.outcome = SourceOutcome.UNREACHABLE
        result.message = fetched.error.message
        return result
    ids = _source_ids(fetched)
    subject = _subject_name(fetched, name)
    papers_found = _papers_found(fetched)
    with transaction.atomic():
        # A new record needs a paper to stand on; a known one may gain a link regardless.
        researcher, created = _researcher_for(ids, subject, added_by=added_by, may_create=papers_found)
        if researcher is None and not papers_found:
            return _nothing_added(result, fetched, who=name or subject or external_id)
        if researcher is None:
            raise SourceAddError(
                f"{SOURCE_NAMES[kind]} {external_id} does not say whose profile it is (ORCID works "
                "carry no name). Add the person from OpenAlex, Semantic Scholar or DBLP first (their "
                "profile names the ORCID iD), or give their name with --name."
            )
        try:
            with transaction.atomic():
                link = SourceLink.objects.create(researcher=researcher, kind=kind, external_id=external_id)
        except IntegrityError:  # another request linked it meanwhile
            link = SourceLink.objects.get(kind=kind, external_id=external_id)
        result.researcher_id, result.researcher_name = link.researcher_id, link.researcher.name
        _apply(link, fetched, result)
        _link_other_ids(link.researcher, {k: v for k, v in ids.items() if k != kind}, result)
        if created and not _has_papers(researcher):
            transaction.set_rollback(True)  # none of it happened: no record, link or capture
            return _nothing_attached(result, fetched, who=researcher.name)
    return result


def _papers_found(fetched: FetchedSource) -> bool:
    """Whether any page was read with a paper on it: the only ground for a new record (an
    empty feed for a made-up name, or an error page, must not make a person up)."""
    return any(page.parsed is not None and page.parsed.papers for page in fetched.pages)


def _has_papers(researcher: Researcher) -> bool:
    return Authorship.objects.filter(researcher=researcher).exists()


def _nothing_attached(result: SourceResult, fetched: FetchedSource, *, who: str) -> SourceResult:
    """Papers arrived but none names the person: a record of nobody's papers is not made."""
    listed = sum(page.paper_count for page in fetched.pages)
    result.ok, result.outcome = False, SourceOutcome.FAILED
    result.researcher_id, result.researcher_name = None, ""
    result.pages = result.papers_added = result.papers_updated = result.papers_unchanged = 0
    result.message = (f"none of the {listed} paper(s) {SOURCE_NAMES[fetched.kind]} gave names “{who}” as an "
                      "author, so nobody was added. Check the spelling, or paste their profile link")
    return result


def _nothing_added(result: SourceResult, fetched: FetchedSource, *, who: str) -> SourceResult:
    result.ok, result.outcome = False, SourceOutcome.FAILED
    if fetched.error is not None and not any(page.empty for page in fetched.pages):
        result.message = fetched.error.message
    else:
        result.message = (f"{SOURCE_NAMES[fetched.kind]} lists no paper for “{who}”, so nobody was added. "
                          "Check the spelling, or paste their profile link")
    return result


def _add_by_name(name: str, *, source: str, client: SourceClient, max_pages: int | None,
                 added_by=None) -> SourceResult:
    module = SOURCES[source]
    request = module.search_request(name)
    if request is None:
        if source == "arxiv":
            return _add_arxiv_name(name, client=client, max_pages=max_pages, added_by=added_by)
        raise SourceAddError(f"{SOURCE_NAMES[source]} has no author search here; paste the profile link instead.")
    result = SourceResult(kind=source, external_id="", ok=True)
    try:
        fetched = client.get(source, request.url, params=dict(request.params), headers=dict(request.headers))
        candidates = module.parse_search(fetched.body.decode("utf-8", errors="replace"))
    except SourceError as error:
        result.ok, result.outcome, result.message = False, SourceOutcome.UNREACHABLE, error.message
        return result
    except CaptureError as error:
        result.ok, result.outcome, result.message = False, SourceOutcome.FAILED, error.message
        return result
    fitting = [c for c in candidates if names_match(c.name, name)]
    if len(fitting) == 1:
        return researcher_add_from_source(ref=fitting[0].external_id, source=source, client=client,
                                          max_pages=max_pages, added_by=added_by)
    if not candidates:
        result.ok, result.outcome = False, SourceOutcome.FAILED
        result.message = f"nobody named “{name}” was found"
        return result
    result.candidates = fitting or candidates
    result.outcome = "candidates"
    return result


def _add_arxiv_name(name: str, *, client: SourceClient, max_pages: int | None, added_by=None) -> SourceResult:
    """arXiv has no author records: the name itself is the link, queried as ``au:``."""
    normalized = " ".join(name.split())
    existing = SourceLink.objects.filter(kind="arxiv", external_id=normalized).select_related("researcher").first()
    if existing is not None:
        return source_link_refresh(link=existing, client=client)
    fetched = source_fetch(client=client, kind="arxiv", external_id=normalized, max_pages=max_pages)
    result = SourceResult(kind="arxiv", external_id=normalized, ok=True)
    if fetched.error is not None and not fetched.pages:
        result.ok, result.outcome, result.message = False, SourceOutcome.UNREACHABLE, fetched.error.message
        return result
    if not _papers_found(fetched):
        return _nothing_added(result, fetched, who=normalized)
    with transaction.atomic():
        researcher, created = researcher_get_or_create(name=normalized, proposed_by=added_by)
        link, _ = SourceLink.objects.get_or_create(kind="arxiv", external_id=normalized,
                                                   defaults={"researcher": researcher})
        result.researcher_id, result.researcher_name = link.researcher_id, link.researcher.name
        _apply(link, fetched, result)
        if created and not _has_papers(researcher):
            transaction.set_rollback(True)  # a feed of other people's papers makes nobody up
            return _nothing_attached(result, fetched, who=normalized)
        return result


def source_links_refresh(*, link_ids: list[int] | None = None) -> list[SourceResult]:
    """Refresh these links (all due ones when None), one after another through one client so
    each service's rate limit holds. A source that fails is recorded on its link (outcome,
    next try) for a later run; it never stops the others."""
    links = SourceLink.objects.select_related("researcher")
    links = links.filter(id__in=link_ids).order_by("id") if link_ids is not None else source_links_due()
    with SourceClient() as client:
        return [source_link_refresh(link=link, client=client) for link in links]


def source_links_refresh_enqueue(*, link_ids: list[int]) -> str:
    """Queue one background refresh of these links (sent once the caller's transaction
    commits); returns its task id."""
    return sources_refresh_task.enqueue_on_commit(sorted(link_ids))


def researcher_add_enqueue(*, ref: str, source: str | None = None, name: str | None = None) -> str:
    """Queue ``researcher_add_from_source`` for a worker; returns the task id."""
    return source_add_task.enqueue_on_commit(ref, source, name)


def _refresh_failed(task, reason: str, link_ids: list[int]) -> None:
    source_links_fail(link_ids=link_ids, reason=reason)


def _add_failed(task, reason: str, ref: str, source: str | None = None, name: str | None = None) -> None:
    source_add_fail(ref=ref, source=source, reason=reason)


# Named as when it lived in profiles/tasks.py, so messages queued before an upgrade still run.
@shared_task(bind=True, name="profiles.tasks.sources_refresh_task", mark_failed=_refresh_failed)
def sources_refresh_task(self, link_ids: list[int]) -> dict:
    """Refresh these live-source links, one after another (one rate limit per service)."""
    lines = [result.summary() for result in source_links_refresh(link_ids=link_ids)]
    return {"refreshed": len(lines), "lines": lines}


@shared_task(bind=True, name="profiles.tasks.sources_refresh_due_task")
def sources_refresh_due_task(self) -> dict:
    """The daily run (beat): every link that is due, failed ones whose retry time has come
    included."""
    lines = [result.summary() for result in source_links_refresh()]
    return {"refreshed": len(lines), "lines": lines}


@shared_task(bind=True, name="profiles.tasks.source_add_task", mark_failed=_add_failed)
def source_add_task(self, ref: str, source: str | None = None, name: str | None = None) -> dict:
    """``add_researcher --background``: the same as the command, on a worker."""
    try:
        with SourceClient() as client:
            result = researcher_add_from_source(ref=ref, source=source, client=client, name=name)
    except SourceAddError as error:
        return {"ok": False, "message": str(error)}
    return result.as_json() | {"summary": result.summary()}
