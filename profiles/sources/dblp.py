"""DBLP: a person's page as XML (one response, every record)."""
from __future__ import annotations

import re

from django.conf import settings

from .plans import Page, SourceRequest

KIND = "dblp"
_REF = re.compile(r"^https?://(?:www\.)?dblp\.(?:org|uni-trier\.de)/pid/([\w-]+/[\w-]+?)(?:\.(?:html|xml))?/?$",
                  re.IGNORECASE)


def parse_ref(ref: str) -> str | None:
    found = _REF.match(ref.strip())
    return found.group(1) if found else None


def next_request(external_id: str, done: list[Page]) -> SourceRequest | None:
    if done:
        return None
    return SourceRequest(url=f"{settings.DBLP_URL.rstrip('/')}/pid/{external_id}.xml", layout="dblp_person")


def search_request(name: str) -> None:
    return None
