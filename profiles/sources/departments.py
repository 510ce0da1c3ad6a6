"""Finding a department's people at a scholarly source: the institution once, then one author
search per person, with the institution as the disambiguator.

Nothing here touches the database. A person is "sure" only when exactly one profile of
their name is at the institution now (OpenAlex: among its last known institutions, or when
it names none, the newest of its affiliations); a namesake elsewhere is never taken.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from anyascii import anyascii

from profiles.importers import CaptureError, names_match
from profiles.importers.author_search import AuthorCandidate
from profiles.importers.openalex_institutions import (
    Institution,
    institutions_named,
    parse_institution,
    parse_institution_search,
)

from . import openalex, semantic_scholar
from .fetching import SourceClient, SourceError, SourceRefused, SourceUnreachable

SURE, NEEDS_CHOICE, NOT_FOUND, UNREACHABLE = "sure", "needs_choice", "not_found", "unreachable"
KNOWN = "known"  # added before from the same institution: not asked again
RESOLUTIONS = {SURE: "sure", NEEDS_CHOICE: "needs a choice", NOT_FOUND: "not found", UNREACHABLE: "not asked",
               KNOWN: "added before"}
DEPARTMENT_SOURCES = ("openalex", "s2")
_INSTITUTION_ID = re.compile(r"^(?:https?://(?:api\.)?openalex\.org/(?:institutions/)?)?(I\d{3,12})/?$", re.I)


class InstitutionUnknown(SourceRefused):
    """The source does not know the institution by that name (or knows several)."""

    def __init__(self, kind: str, message: str, *, found: list[Institution] | None = None):
        super().__init__(kind, message)
        self.found = found or []


@dataclass
class PersonResolution:
    """What the source says about one person on the page."""

    name: str  # as the page shows it
    status: str  # SURE, NEEDS_CHOICE, NOT_FOUND or UNREACHABLE
    chosen: AuthorCandidate | None = None
    candidates: list[AuthorCandidate] = field(default_factory=list)  # at the institution
    elsewhere: list[AuthorCandidate] = field(default_factory=list)  # namesakes now elsewhere
    message: str = ""
    raw: bytes = b""  # the search response, as received
    researcher: object | None = None  # KNOWN: the catalogue's record of them (the caller's lookup)

    def describe(self) -> str:
        if self.status == SURE:
            return f"{self.name}: sure: {self.chosen.describe()}"
        if self.status == NEEDS_CHOICE:
            lines = [f"{self.name}: needs a choice, {len(self.candidates)} profiles at the institution:"]
            return "\n".join(lines + [f"    - {c.describe()}" for c in self.candidates])
        return f"{self.name}: {RESOLUTIONS[self.status]}: {self.message}"


def department_source_check(source: str) -> None:
    """Refuse a source that cannot tell namesakes apart by institution, saying which can."""
    if source in DEPARTMENT_SOURCES:
        return
    reasons = {
        "arxiv": "arXiv keeps no author records or affiliations",
        "dblp": "DBLP's person records carry no current institution to check",
        "orcid": "ORCID has no search by name and institution here",
    }
    raise SourceRefused(source, (
        f"{reasons.get(source, source + ' is not a source we know')}, so it cannot tell which namesake "
        "works at the institution. Use --source openalex (or s2)."))


def institution_find(*, client: SourceClient, source: str, name: str) -> Institution:
    """The institution ``name`` (or an OpenAlex id ``I…``) stands for at ``source``.

    Raises InstitutionUnknown when the source knows none or several by that name, and
    SourceError when it cannot be asked."""
    department_source_check(source)
    name = " ".join((name or "").split())
    if not name:
        raise InstitutionUnknown(source, "Say which institution with --institution \"Name\".")
    if source == "s2":
        # Semantic Scholar has no institution records: its authors' affiliations are free text.
        return Institution(kind="s2", external_id="", name=name)
    given_id = _INSTITUTION_ID.match(name)
    if given_id:
        request = openalex.institution_request(given_id.group(1).upper())
        try:
            fetched = client.get("openalex", request.url, params=dict(request.params))
        except SourceRefused as error:
            raise InstitutionUnknown("openalex", f"OpenAlex knows no institution {given_id.group(1)}.") from error
        return _read(parse_institution, fetched.body, "openalex")
    request = openalex.institution_search_request(name)
    fetched = client.get("openalex", request.url, params=dict(request.params))
    found = _read(parse_institution_search, fetched.body, "openalex")
    named = institutions_named(found, name)
    if len(named) == 1:
        return named[0]
    if not found:
        raise InstitutionUnknown("openalex", (
            f"OpenAlex knows no institution named “{name}”. Check the spelling, try its full official "
            "name, or give its OpenAlex id (I…)."))
    choices = "; ".join(i.describe() for i in (named or found)[:10])
    raise InstitutionUnknown("openalex", (
        f"“{name}” could be {len(named or found)} institutions at OpenAlex: {choices}. Give the full "
        "name as listed, or its id (--institution I…)."), found=named or found)


def person_resolve(*, client: SourceClient, institution: Institution, name: str) -> PersonResolution:
    """Search one person at the institution. A source that cannot be asked gives
    UNREACHABLE with its reason; nothing raises."""
    if institution.kind == "openalex":
        request = openalex.search_at_request(name, institution.external_id)
        parse = openalex.parse_search
    else:
        request = semantic_scholar.search_request(name)
        parse = semantic_scholar.parse_search
    try:
        fetched = client.get(institution.kind, request.url, params=dict(request.params),
                             headers=dict(request.headers))
        found = parse(fetched.body.decode("utf-8", errors="replace"))
    except SourceUnreachable as error:
        return PersonResolution(name=name, status=UNREACHABLE, message=error.message)
    except (SourceError, CaptureError) as error:  # this one search was refused or unreadable
        return PersonResolution(name=name, status=NOT_FOUND, message=f"the search was refused: {error.message}")
    resolution = resolution_from_candidates(name=name, institution=institution, found=found)
    resolution.raw = fetched.body
    return resolution


def resolution_from_candidates(*, name: str, institution: Institution,
                               found: list[AuthorCandidate]) -> PersonResolution:
    """Decide from a search's candidates: exactly one of the name at the institution is sure;
    several need a choice; none is not found (naming the namesakes elsewhere)."""
    namesakes = [c for c in found if _name_fits(name, c)]
    here = [c for c in namesakes if is_at(c, institution)]
    elsewhere = [c for c in namesakes if c not in here]
    if len(here) == 1:
        return PersonResolution(name=name, status=SURE, chosen=here[0], elsewhere=elsewhere)
    if here:
        return PersonResolution(name=name, status=NEEDS_CHOICE, candidates=here, elsewhere=elsewhere,
                                message=f"{len(here)} profiles of this name at {institution.name}")
    if elsewhere:
        where = "; ".join(f"{c.name} ({c.affiliation or 'affiliation unknown'})" for c in elsewhere[:5])
        message = f"nobody of this name at {institution.name} now; namesakes elsewhere not taken: {where}"
    else:
        message = f"nobody of this name at {institution.name}"
    return PersonResolution(name=name, status=NOT_FOUND, elsewhere=elsewhere, message=message)


def _name_fits(name: str, candidate: AuthorCandidate) -> bool:
    """The page's name is the profile's, or one of its other spellings that gives a first name
    in full: "P. Ritsos" (seen on some paper) would otherwise let any Peter Ritsos in."""
    spelled_out = [other for other in candidate.other_names if len((_words(other).split() or [""])[0]) > 1]
    return any(names_match(name, known) for known in (candidate.name, *spelled_out))


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", anyascii(text).lower()).split())


def is_at(candidate: AuthorCandidate, institution: Institution) -> bool:
    """Whether the source places the candidate at the institution now."""
    if institution.external_id:
        return institution.external_id in candidate.institution_ids
    # Free-text affiliations (Semantic Scholar): the institution's name must be in it.
    return bool(candidate.affiliation) and _words(institution.name) in _words(candidate.affiliation)


def _read(parse, body: bytes, kind: str):
    try:
        return parse(body.decode("utf-8", errors="replace"))
    except CaptureError as error:
        raise SourceRefused(kind, f"the answer could not be read: {error.message}") from error
