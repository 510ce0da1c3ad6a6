"""What importing a capture would do, decided without writing anything: the outcome (imported,
waiting for assignment, kept for review) and each entry attached on its grounds or left out
with the reason. The import (``captures``) carries a plan out; the dry run and the admin's
upload preview (``capture_preview``) show it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from profiles.importers import (
    CaptureError,
    ParsedCapture,
    capture_date_shown,
    decode_capture,
    names_match,
    normalize_name,
    parse_capture,
)
from profiles.models import CaptureOutcome

from .authorship import authorship_decide
from .papers import PaperToAttach, paper_values


@dataclass
class CapturePlan:
    """What importing a parsed capture would do, decided without touching the database: the
    outcome, and each entry attached (with its grounds) or not (with the reason)."""

    outcome: str
    detail: str = ""
    researcher_name: str | None = None
    attach: list[tuple[int, PaperToAttach]] = field(default_factory=list)
    not_attached: list[dict] = field(default_factory=list)


def capture_plan(
    parsed: ParsedCapture,
    *,
    researcher_name: str | None,
    confirmed_entries: list[int] | None = None,
    researcher_names: list[str] | None = None,
    review_accepted: bool = False,
) -> CapturePlan:
    """Decide a parsed capture: kept for review when the parse looked wrong, waiting when it
    names nobody, else imported with only the entries the researcher wrote (or a curator
    confirmed). ``review_accepted``: a curator chose to import a parse that looked wrong.
    Raises CaptureError when a confirmed entry number is not on the page."""
    confirmed = sorted(set(confirmed_entries or []))
    count = len(parsed.papers)
    wrong = [n for n in confirmed if not 1 <= n <= count]
    if wrong:
        raise CaptureError("bad_entries", (
            f"Entry {', '.join(map(str, wrong))} is not in this capture, which lists {count} entr"
            f"{'y' if count == 1 else 'ies'} (numbered from 1 in page order; --dry-run shows them)."))
    if parsed.review and not review_accepted:
        return CapturePlan(CaptureOutcome.NEEDS_REVIEW, (
            "Kept for review: the parse does not look like the page. " + " ".join(parsed.review)
            + " Nothing was imported; check the capture and the importer."))
    if parsed.layout == "faculty_directory":
        return _faculty_page_plan(parsed)
    name = normalize_name(researcher_name or "") or parsed.researcher_name
    if not name:
        if parsed.candidates:
            return CapturePlan(CaptureOutcome.AMBIGUOUS, (
                "Ambiguous subject: every entry lists " + ", ".join(parsed.candidates)
                + ". Say whose listing it is with --researcher \"Full Name\" (or assign it in the admin)."))
        return CapturePlan(CaptureOutcome.AWAITING_ASSIGNMENT, (
            f"Awaiting assignment: this {parsed.layout} capture names no single researcher. "
            "Attach it with --researcher \"Full Name\" (or assign it in the admin)."))
    names = [name] + [n for n in (researcher_names or []) if n != name]
    # The page is this person's own profile only when it is about them, not someone else.
    own = parsed.own_profile and (not parsed.researcher_name or any(names_match(parsed.researcher_name, n) for n in names))
    plan = CapturePlan(CaptureOutcome.IMPORTED, researcher_name=name)
    for number, paper in enumerate(parsed.papers, 1):
        decision = authorship_decide(authors=paper.authors, researcher_names=names, own_profile=own,
                                     confirmed=number in confirmed)
        if decision.attached:
            plan.attach.append((number, PaperToAttach(paper, decision.basis)))
        else:
            plan.not_attached.append({"entry": number, "title": paper.title, "reason": decision.reason})
    if parsed.papers and not plan.attach and not own:
        plan.outcome = CaptureOutcome.AWAITING_ASSIGNMENT
        unnamed = all(not paper.authors for paper in parsed.papers)
        plan.detail = (
            f"Awaiting assignment: none of its {count} entries is {name}'s. "
            + ("The page lists no author names: confirm the ones they wrote with --entries 1,4,7 "
               "(or tick them on the admin's assign page)." if unnamed else
               "Their name is on none of its author lists.")
        )
    return plan


def _faculty_page_plan(parsed: ParsedCapture) -> CapturePlan:
    """A faculty page lists people, not papers: importing it alone would make researchers with
    nothing to match on. It is kept, waiting for ``add_department`` to resolve its people to
    scholarly profiles and import them."""
    roles = Counter(person.role for person in parsed.people)
    counted = ", ".join(f"{count} {role}" for role, count in roles.most_common())
    return CapturePlan(CaptureOutcome.AWAITING_ASSIGNMENT, (
        f"A faculty page listing {len(parsed.people)} people ({counted}). Nothing is imported from "
        "it alone: researchers without papers would have nothing to match on. Import its people with "
        "`manage.py add_department PAGE --institution NAME`, which finds each one's scholarly profile."))


def not_attached_sentences(not_attached: list[dict]) -> list[str]:
    """The entries left unattached, in sentences: one for all entries that name no authors,
    one each for entries whose author list does not name the researcher."""
    unnamed = [item["entry"] for item in not_attached if "lists no author names" in item["reason"]]
    sentences = []
    if unnamed:
        sentences.append(
            f"Entr{'y' if len(unnamed) == 1 else 'ies'} {', '.join(map(str, unnamed))} not attached: the page "
            "lists no author names for them; confirm the ones the researcher wrote with --entries.")
    sentences += [f"Entry {item['entry']} “{item['title']}” not attached: {item['reason']}."
                  for item in not_attached if item["entry"] not in unnamed]
    return sentences


def capture_date_from(raw: bytes, *, today: date) -> date | None:
    """The day an uploaded capture shows it was made (a Daily Papers list's date, an arXiv API
    answer's time), or None: then whoever uploads it must say (today would make an old page
    the catalogue's newest capture and call every other profile stale)."""
    try:
        text, _ = decode_capture(raw, max_bytes=settings.CAPTURE_MAX_BYTES)
    except CaptureError:
        return None
    return capture_date_shown(text, today=today)


def capture_preview(
    *,
    raw: bytes,
    captured_on: date,
    filename: str = "",
    researcher_name: str | None = None,
    layout: str = "auto",
    entries: list[int] | None = None,
) -> dict:
    """What importing this capture would do, as the dry-run report's entry for it (the
    ``import_profiles --dry-run --json`` shape). Reads and writes no database row."""
    report = {"file": filename, "layout": None, "outcome": "", "researcher": None, "candidates": [],
              "warnings": [], "papers": []}
    try:
        text, _ = decode_capture(raw, max_bytes=settings.CAPTURE_MAX_BYTES)
        parsed = parse_capture(text, captured_on=captured_on, layout=layout)
        plan = capture_plan(parsed, researcher_name=researcher_name, confirmed_entries=entries)
    except CaptureError as error:
        report.update(outcome="refused", warnings=[f"{error.reason}: {error.message}"])
        return report
    attached = {number for number, _ in plan.attach}
    report.update(
        layout=parsed.layout, outcome=str(plan.outcome), researcher=plan.researcher_name,
        candidates=list(parsed.candidates),
        warnings=list(parsed.review) + list(parsed.warnings) + ([plan.detail] if plan.detail else [])
        + not_attached_sentences(plan.not_attached),
    )
    if parsed.layout == "faculty_directory":
        report["people"] = [
            {"name": person.name, "title": person.title, "role": person.role, "email": person.email,
             "research": list(person.research), "homepage": person.homepage, "department": person.department}
            for person in parsed.people
        ]
    importing = plan.outcome == CaptureOutcome.IMPORTED
    for number, paper in enumerate(parsed.papers, 1):
        values = paper_values(paper)
        report["papers"].append({
            "title": paper.title,
            "date": values["date"].isoformat() if values["date"] else None,
            "date_precision": values["date_precision"] or None,
            "authors": values["authors"], "author_count": values["author_count"],
            "categories": values["categories"], "arxiv_id": values["arxiv_id"] or None,
            "doi": values["doi"] or None, "abstract_complete": values["abstract_complete"],
            "attached": importing and number in attached,
        })
    return report
