"""What a source asks for: the requests of one refresh, page after page."""
from __future__ import annotations

from dataclasses import dataclass, field

from profiles.importers import ParsedCapture

from .fetching import Fetched


@dataclass(frozen=True)
class SourceRequest:
    url: str
    layout: str  # the response layout the importer will read
    params: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    offset: int = 0  # where in the whole list this page starts


@dataclass
class Page:
    request: SourceRequest
    fetched: Fetched
    parsed: ParsedCapture | None = None
    paper_count: int = field(default=0)
    error: str = ""  # why the body could not be read, when ``parsed`` is None
    empty: bool = False  # the answer said it has no entries at all (an empty feed)
