"""DBLP: a person's page as XML (one response, every record)."""
from __future__ import annotations

import re

from django.conf import settings

from .plans import Page, SourceRequest

KIND = "dblp"
_REF = re.compile(r"^https?://(?:www\.)?dblp\.(?:org|uni-trier\.de)/pid/([A-Za-z0-9_-]+/[A-Za-z0-9_-]+?)"
                  r"(?:\.(?:html|xml))?/?$", re.IGNORECASE)
# A person id is two plain words ("h/GeoffreyEHinton", "66/4615-1"): it goes into the request's
# path, where "..", "?" or "#" would send the request somewhere else on the service.
_ID = re.compile(r"[A-Za-z0-9_-]+/[A-Za-z0-9_-]+")


def parse_ref(ref: str) -> str | None:
    found = _REF.match(ref.strip())
    return found.group(1) if found else None


def is_person_id(text: str) -> bool:
    """``text`` is shaped like a DBLP person id, safe to put into a URL path."""
    return _ID.fullmatch(text) is not None


def next_request(external_id: str, done: list[Page]) -> SourceRequest | None:
    if done:
        return None
    if not is_person_id(external_id):
        raise ValueError(f"{external_id!r} is not a DBLP person id")
    return SourceRequest(url=f"{settings.DBLP_URL.rstrip('/')}/pid/{external_id}.xml", layout="dblp_person")


def search_request(name: str) -> None:
    return None
