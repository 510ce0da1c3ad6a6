"""An institution without a faculty page: its active authors in a field, at OpenAlex, with a
plainly stated guess at who is faculty, for a curator to pick from. Nothing is added.

The guess reads two things OpenAlex gives for every author: how long they have published
(the span of the years in their affiliations and yearly counts) and how much recently (works
in the last three years). It cannot see titles, so every row is marked "from an institution
listing: check the roles".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from anyascii import anyascii

from profiles.importers import CaptureError
from profiles.importers.author_search import AuthorCandidate, openalex_candidate
from profiles.importers.response_text import load_json, one_line

from . import openalex
from .departments import InstitutionUnknown, institution_find
from .fetching import SourceClient, SourceError

MARK = "from an institution listing: check the roles"
FACULTY_YEARS = 8  # publishing for at least this long ...
FACULTY_RECENT = 3  # ... and at least this many works in the last three years
EARLY_YEARS = 5  # under this long: most likely a student or postdoc
MAX_PAGES = 5  # 1,000 authors: more than any department
HEURISTIC = (f"likely faculty: publishing for {FACULTY_YEARS}+ years with {FACULTY_RECENT}+ works in the last "
             f"three years; early career: publishing for under {EARLY_YEARS} years (students, postdocs); "
             "inactive: no works in the last three years; others: unclear")


@dataclass
class ListedAuthor:
    candidate: AuthorCandidate
    career_years: int | None
    recent_works: int
    guess: str  # "likely faculty", "unclear", "early career", "inactive"


@dataclass
class InstitutionListing:
    institution: str = ""
    institution_id: str = ""
    field_name: str = ""
    authors: list[ListedAuthor] = field(default_factory=list)
    total: int = 0  # how many authors OpenAlex counts (more than listed when capped)
    error: str = ""

    def lines(self) -> list[str]:
        if self.error:
            return [self.error]
        lines = [f"{self.institution} [{self.institution_id}], {self.field_name}: {len(self.authors)} authors "
                 f"whose last known institution it is ({MARK}).", f"How the guess is made: {HEURISTIC}."]
        if self.total > len(self.authors):
            lines.append(f"Listed the {len(self.authors)} with most works of {self.total}.")
        for row in self.authors:
            c = row.candidate
            span = f"{c.first_year}–{c.last_year}" if c.first_year else "years unknown"
            lines.append(f"  {row.guess:15} {c.name} ({span}; {row.recent_works} recent works; "
                         f"{c.paper_count} works in all) [openalex {c.external_id}]")
        return lines

    def as_json(self) -> dict:
        return {
            "institution": {"id": self.institution_id or None, "name": self.institution or None},
            "field": self.field_name or None, "note": MARK, "heuristic": HEURISTIC, "total": self.total,
            "error": self.error or None,
            "authors": [{"id": r.candidate.external_id, "name": r.candidate.name, "guess": r.guess,
                         "first_year": r.candidate.first_year, "last_year": r.candidate.last_year,
                         "career_years": r.career_years, "recent_works": r.recent_works,
                         "works": r.candidate.paper_count, "note": MARK} for r in self.authors],
        }


def faculty_guess(candidate: AuthorCandidate, *, this_year: int) -> ListedAuthor:
    """The stated heuristic, for one author."""
    career = (candidate.last_year - candidate.first_year + 1) if candidate.first_year and candidate.last_year else None
    recent = sum(works for year, works in candidate.works_by_year if year >= this_year - 2)
    if recent == 0:
        guess = "inactive"
    elif career is not None and career < EARLY_YEARS:
        guess = "early career"
    elif career is not None and career >= FACULTY_YEARS and recent >= FACULTY_RECENT:
        guess = "likely faculty"
    else:
        guess = "unclear"
    return ListedAuthor(candidate=candidate, career_years=career, recent_works=recent, guess=guess)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", anyascii(text).lower()).split())


def _field_id(client: SourceClient, name: str) -> tuple[str, str]:
    request = openalex.field_search_request(name)
    fetched = client.get("openalex", request.url, params=dict(request.params))
    try:
        results = load_json(fetched.body.decode("utf-8", errors="replace"), what="OpenAlex field search").get("results") or []
    except CaptureError as error:
        raise SourceError("openalex", f"the field search could not be read: {error.message}") from error
    fields = [(one_line(r.get("id")).rstrip("/").rsplit("/", 1)[-1], one_line(r.get("display_name")))
              for r in results if isinstance(r, dict)]
    exact = [f for f in fields if _words(f[1]) == _words(name)]
    if len(exact) == 1 or len(fields) == 1:
        return (exact or fields)[0]
    known = ", ".join(f[1] for f in fields) or "none"
    raise InstitutionUnknown("openalex", f"OpenAlex has no field named “{name}” (it found: {known}). Use one of "
                                         "its 26 fields, e.g. \"Computer Science\".")


def institution_authors_list(*, client: SourceClient, institution_name: str, field: str,
                             this_year: int | None = None) -> InstitutionListing:
    """The institution's authors in the field, each with the stated guess, likely faculty
    first. A source that cannot be asked (or an unknown institution or field) is one line."""
    this_year = this_year or date.today().year
    listing = InstitutionListing(field_name=field)
    try:
        institution = institution_find(client=client, source="openalex", name=institution_name)
        listing.institution, listing.institution_id = institution.name, institution.external_id
        field_id, listing.field_name = _field_id(client, field)
        found: list[AuthorCandidate] = []
        for page in range(1, MAX_PAGES + 1):
            request = openalex.institution_authors_request(institution.external_id, field_id, page)
            fetched = client.get("openalex", request.url, params=dict(request.params))
            data = load_json(fetched.body.decode("utf-8", errors="replace"), what="OpenAlex author list")
            listing.total = int((data.get("meta") or {}).get("count") or 0)
            results = [r for r in data.get("results") or [] if isinstance(r, dict)]
            found += [openalex_candidate(r) for r in results]
            if not results or len(found) >= listing.total:
                break
    except SourceError as error:
        listing.error = f"OpenAlex: {error.message}"
        return listing
    except CaptureError as error:
        listing.error = f"OpenAlex: the author list could not be read: {error.message}"
        return listing
    order = {"likely faculty": 0, "unclear": 1, "early career": 2, "inactive": 3}
    rows = [faculty_guess(c, this_year=this_year) for c in found if c.external_id]
    listing.authors = sorted(rows, key=lambda r: (order[r.guess], -(r.candidate.paper_count or 0)))
    return listing
