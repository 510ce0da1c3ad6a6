"""ORCID public API: the works a person claimed (one response, every work)."""
from __future__ import annotations

import re

from django.conf import settings

from .plans import Page, SourceRequest

KIND = "orcid"
_REF = re.compile(r"^(?:https?://(?:www\.|sandbox\.)?orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?$", re.IGNORECASE)


def parse_ref(ref: str) -> str | None:
    found = _REF.match(ref.strip())
    return found.group(1).upper() if found else None


def next_request(external_id: str, done: list[Page]) -> SourceRequest | None:
    if done:
        return None
    return SourceRequest(url=f"{settings.ORCID_API_URL.rstrip('/')}/{external_id}/works",
                         layout="orcid_works", headers=(("Accept", "application/json"),))


def search_request(name: str) -> None:
    return None
