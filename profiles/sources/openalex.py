"""OpenAlex: the author object, then their works page by page (200 a page, newest first)."""
from __future__ import annotations

import re

from django.conf import settings

from profiles.importers.author_search import parse_openalex as parse_search  # noqa: F401

from .plans import Page, SourceRequest

KIND = "openalex"
PER_PAGE = 200
_REF = re.compile(r"^(?:https?://(?:api\.)?openalex\.org/(?:authors/)?)?(A\d{4,12})/?$", re.IGNORECASE)


def parse_ref(ref: str) -> str | None:
    found = _REF.match(ref.strip())
    return found.group(1).upper() if found else None


def _polite() -> tuple[tuple[str, str], ...]:
    email = settings.SOURCES_CONTACT_EMAIL
    return (("mailto", email),) if email else ()


def works_request(external_id: str, page: int) -> SourceRequest:
    return SourceRequest(
        url=f"{settings.OPENALEX_URL.rstrip('/')}/works",
        layout="openalex_works",
        params=(("filter", f"author.id:{external_id}"), ("sort", "publication_date:desc"),
                ("per_page", str(PER_PAGE)), ("page", str(page))) + _polite(),
        offset=(page - 1) * PER_PAGE,
    )


def next_request(external_id: str, done: list[Page]) -> SourceRequest | None:
    if not done:
        return SourceRequest(url=f"{settings.OPENALEX_URL.rstrip('/')}/authors/{external_id}",
                             layout="openalex_author", params=_polite())
    last = done[-1]
    if last.request.layout == "openalex_author":
        return works_request(external_id, 1)
    parsed = last.parsed
    fetched_so_far = last.request.offset + (len(parsed.papers) if parsed else 0)
    if not parsed or not parsed.papers or (parsed.entries_total or 0) <= fetched_so_far:
        return None
    return works_request(external_id, last.request.offset // PER_PAGE + 2)


def search_request(name: str) -> SourceRequest:
    return SourceRequest(url=f"{settings.OPENALEX_URL.rstrip('/')}/authors", layout="",
                         params=(("search", name), ("per_page", "10")) + _polite())


def institution_search_request(name: str) -> SourceRequest:
    return SourceRequest(url=f"{settings.OPENALEX_URL.rstrip('/')}/institutions", layout="",
                         params=(("search", name), ("per_page", "10")) + _polite())


def institution_request(external_id: str) -> SourceRequest:
    return SourceRequest(url=f"{settings.OPENALEX_URL.rstrip('/')}/institutions/{external_id}", layout="",
                         params=_polite())


def search_at_request(name: str, institution_id: str) -> SourceRequest:
    """Authors of this name who ever listed the institution: one request per person, and the
    namesakes elsewhere never come back at all."""
    return SourceRequest(url=f"{settings.OPENALEX_URL.rstrip('/')}/authors", layout="",
                         params=(("search", name), ("filter", f"affiliations.institution.id:{institution_id}"),
                                 ("per_page", "25")) + _polite())


def field_search_request(name: str) -> SourceRequest:
    return SourceRequest(url=f"{settings.OPENALEX_URL.rstrip('/')}/fields", layout="",
                         params=(("search", name), ("per_page", "10")) + _polite())


def institution_authors_request(institution_id: str, field_id: str, page: int) -> SourceRequest:
    """One page of the authors whose last known institution this is, with topics in the field,
    most works first."""
    return SourceRequest(url=f"{settings.OPENALEX_URL.rstrip('/')}/authors", layout="",
                         params=(("filter", f"last_known_institutions.id:{institution_id},topics.field.id:{field_id}"),
                                 ("sort", "works_count:desc"), ("per_page", "200"), ("page", str(page))) + _polite())
