"""Reading a saved scholarly-API response: JSON or XML text into Python objects, safely.

Responses come from third parties and from files users upload, so XML is read with
defusedxml (no entity expansion, no external entities). A body that does not parse is a
CaptureError the user can act on, never a traceback.
"""
from __future__ import annotations

import json
import re
from datetime import date
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from .base import CaptureError
from .dates import parse_date

_SPACES = re.compile(r"\s+")


def load_json(text: str, *, what: str) -> dict:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise CaptureError(
            "unreadable",
            f"This {what} is not complete JSON ({error.msg} at line {error.lineno}). Save the "
            "response again, whole and unchanged.",
        ) from error
    if not isinstance(data, dict):
        raise CaptureError("unreadable", f"This {what} is not a JSON object. Save the response again.")
    return data


def load_xml(text: str, *, what: str) -> Element:
    # The text was decoded already; an XML declaration naming an encoding would make the
    # parser refuse a str, so drop it.
    body = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    try:
        return ElementTree.fromstring(body)
    except DefusedXmlException as error:
        raise CaptureError("unreadable", f"This {what} uses XML entities, which are refused.") from error
    except ElementTree.ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else "?"
        raise CaptureError(
            "unreadable",
            f"This {what} is not complete XML (error near line {line}). Save the response "
            "again, whole and unchanged.",
        ) from error


def one_line(text: str | None) -> str:
    """Text with its runs of whitespace (line breaks from XML or JSON) made single spaces."""
    return _SPACES.sub(" ", text or "").strip()


def iso_day(text: str | None) -> date | None:
    """The day of an ISO date or timestamp (``2015-11-16``, ``2022-02-24T15:05:19Z``)."""
    if not text:
        return None
    return parse_date(str(text)[:10])


def year_day(year) -> date | None:
    """A paper known only by its year: the 1st of January, which never beats a full date."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        return None
    return date(year, 1, 1) if 1000 <= year <= 2999 else None


def day_or_year(day_text: str | None, year) -> tuple[date | None, str]:
    """(date, precision) from a full date when there is one, else from the year alone."""
    day = iso_day(day_text)
    if day is not None:
        return day, "day"
    first = year_day(year)
    return (first, "year") if first is not None else (None, "")


def as_int(value) -> int | None:
    try:
        return int(value) if value is not None and int(value) >= 0 else None
    except (TypeError, ValueError):
        return None
