"""Live scholarly sources: who each source is, how its profiles are referred to, and the
HTTP client every request goes through. Writes live in ``profiles.services.sources``."""
from __future__ import annotations

from types import ModuleType

from . import arxiv, dblp, openalex, orcid, semantic_scholar
from .fetching import Fetched, RateLimiter, SourceClient, SourceError, SourceRefused, SourceUnreachable
from .plans import Page, SourceRequest

SOURCES: dict[str, ModuleType] = {
    module.KIND: module for module in (openalex, arxiv, semantic_scholar, orcid, dblp)
}
SOURCE_NAMES = {"openalex": "OpenAlex", "arxiv": "arXiv", "s2": "Semantic Scholar", "orcid": "ORCID", "dblp": "DBLP"}


class RefError(Exception):
    """A researcher reference we cannot read, with what would work instead."""


def parse_ref(ref: str, *, source: str | None = None) -> tuple[str, str] | None:
    """(kind, external id) for a profile URL or id, or None when ``ref`` is a name.

    Bare ids need no ``source`` when their form is unambiguous (``A5017898742``, an ORCID iD);
    a bare number is a Semantic Scholar id only with ``source="s2"``.
    """
    ref = (ref or "").strip()
    if not ref:
        raise RefError("Give a profile link, an id, or a name with --source.")
    kinds = [source] if source else list(SOURCES)
    for kind in kinds:
        external_id = SOURCES[kind].parse_ref(ref)
        if external_id:
            return kind, external_id
    if source == "s2" and ref.isdigit():
        return "s2", ref
    if source == "dblp" and "/" in ref and " " not in ref:
        if not dblp.is_person_id(ref.strip("/")):
            raise RefError(f"“{ref}” is not a DBLP person id: it looks like “h/GeoffreyEHinton” or "
                           "“66/4615-1” (letters, digits, - and _ on each side of one /).")
        return "dblp", ref.strip("/")
    if source == "arxiv" and " " not in ref and "_" in ref:
        return "arxiv", ref.lower()
    if ref.lower().startswith(("http://", "https://")):
        raise RefError(
            f"{ref} is not a profile link we know. Use an OpenAlex author, ORCID, Semantic Scholar "
            "author, DBLP person or arXiv author link."
        )
    return None


__all__ = [
    "SOURCES", "SOURCE_NAMES", "Fetched", "Page", "RateLimiter", "RefError", "SourceClient",
    "SourceError", "SourceRefused", "SourceRequest", "SourceUnreachable", "parse_ref",
]
