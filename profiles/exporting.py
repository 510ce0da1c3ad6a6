"""The JSON shape of `export_profiles`: a catalogue pack (researchers with their papers and
curation, and every capture they came from) that `import_profiles` reads into another install.

The format is described by ``profiles.catalogue_pack`` (which reads it back); a key added here
is read there too, or the round trip loses it (tests/profiles/commands/test_catalogue_pack.py).
"""
from __future__ import annotations

import base64
from collections.abc import Iterable

from .catalogue_pack import CURATED_FIELDS, FORMAT, VERSION
from .models import Capture, Paper, Researcher


def catalogue_pack_as_dict(*, researchers: Iterable[Researcher], captures: Iterable[Capture]) -> dict:
    """The pack: ``researchers`` (as ``researcher_as_dict``) and ``captures`` with their bytes."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "researchers": [researcher_as_dict(r) for r in researchers],
        "captures": [capture_as_dict(c) for c in captures],
    }


def researcher_as_dict(researcher: Researcher) -> dict:
    """Everything known about a researcher, with unknown values as null or empty."""
    authorships = {a.paper_id: a for a in researcher.authorships.all()}
    papers = list(researcher.papers.all())
    return {
        "name": researcher.name,
        "slug": researcher.slug,
        "hidden": researcher.hidden,
        "title": researcher.title or None,
        "affiliation": researcher.affiliation or None,
        "department": researcher.department or None,
        "about": researcher.about or None,
        "topics": list(researcher.topics),
        "metrics": {
            "h_index": researcher.h_index,
            "citations": researcher.citations,
            "paper_count": researcher.paper_count,
            "novelty_pct": researcher.novelty_pct,
            "ai_score": researcher.ai_score,
        },
        "coauthors": [
            {"name": c.get("name"), "shared_papers": c.get("shared_papers"), "affiliation": c.get("affiliation")}
            for c in researcher.coauthors
        ],
        "education": [
            {"degree": e.get("degree"), "institution": e.get("institution")} for e in researcher.education
        ],
        "awards": list(researcher.awards),
        "labs": researcher.labs or None,
        "papers": [_paper_as_dict(p, authorships.get(p.pk)) for p in papers if not p.hidden],
        "sources": [
            {"layout": c.layout, "sha256": c.sha256, "captured_on": c.captured_on.isoformat()}
            for c in researcher.captures.all()
        ],
        # The keys above are export_profiles' from before packs; those below complete the pack.
        # How imports find them by name: kept from their first name when a curator renames them.
        "name_key": researcher.name_key,
        # An applicant's proposal not yet published (only with --include-hidden): it waits here too.
        "published": researcher.published,
        "active_from": researcher.active_from,
        "active_to": researcher.active_to,
        "locked_fields": sorted(researcher.locked_fields),
        "curated": {name: _plain(getattr(researcher, name)) for name in CURATED_FIELDS},
        # Kept apart so "papers" stays what the pages show; carried so that a pack never brings
        # back, visible, a paper a curator hid.
        "hidden_papers": [_paper_as_dict(p, authorships.get(p.pk)) for p in papers if p.hidden],
        "source_links": [
            {"kind": link.kind, "external_id": link.external_id, "validators": link.validators}
            for link in researcher.source_links.all()
        ],
        # Records merged into this one: kept so their old addresses and names still lead here.
        "merged_records": [
            {"name": r.name, "slug": r.slug, "name_key": r.name_key} for r in researcher.merged_from.all()
        ],
    }


def _paper_as_dict(paper: Paper, authorship) -> dict:
    return {
        "title": paper.title,
        "date": paper.date.isoformat() if paper.date else None,
        # "month": the date is the 1st of the month the source gave, "year": January 1st.
        "date_precision": (paper.date_precision or "day") if paper.date else None,
        "venues": list(paper.venues),
        "kind": paper.kind or None,
        "open_access": paper.open_access,
        "abstract": paper.abstract or None,
        "authors": list(paper.authors),
        "author_count": paper.author_count,
        "categories": list(paper.categories),
        "has_code": paper.has_code,
        "orgs": list(paper.orgs),
        "researchers": [r.name for r in paper.researchers.all()],
        # The pack's: identifiers, completeness, curation, and this author's grounds.
        "arxiv_id": paper.arxiv_id or None,
        "doi": paper.doi or None,
        "abstract_complete": paper.abstract_complete,
        "authors_complete": paper.authors_complete,
        "comments": paper.comments or None,
        "identity_key": paper.identity_key,
        "locked_fields": sorted(paper.locked_fields),
        "hidden": paper.hidden,
        # On what grounds this researcher is an author, and the capture that said so.
        "basis": authorship.basis if authorship else "",
        "source": authorship.source.sha256 if authorship and authorship.source_id else None,
    }


def capture_as_dict(capture: Capture) -> dict:
    """A stored capture exactly as given (its bytes in base64) and what became of it; not
    when or in which order it was imported, which says nothing about the catalogue."""
    return {
        "sha256": capture.sha256,
        "raw_base64": base64.b64encode(bytes(capture.raw)).decode("ascii"),
        "encoding": capture.encoding,
        "filename": capture.filename,
        "layout": capture.layout,
        "captured_on": capture.captured_on.isoformat(),
        "researcher": capture.researcher.slug if capture.researcher_id else None,
        "outcome": capture.outcome,
        "outcome_detail": capture.outcome_detail,
        "parsed_name": capture.parsed_name,
        "parsed_affiliation": capture.parsed_affiliation,
        "candidates": list(capture.candidates),
        "warnings": list(capture.warnings),
        "confirmed_entries": list(capture.confirmed_entries),
        "review_accepted": capture.review_accepted,
        "source_url": capture.source_url,
        "etag": capture.etag,
        "last_modified": capture.last_modified,
    }


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
