"""A paper's date as a reader sees it: only as precise as the source said. A date known to the
month (an arXiv identifier's "1807") is stored as the 1st of that month and shown "Jul 2018";
one known to the year is shown "2018". Never a made-up day."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.utils.dateformat import format as date_format
from django.utils.translation import get_language

# What each precision shows (Django date-format letters) and how much of the ISO date it keeps.
_SHOWN = {"year": "Y", "month": "M Y", "day": "j M Y"}
_ISO_CHARS = {"year": 4, "month": 7, "day": 10}


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        text = value[:10]
        parts = text.split("-") + ["01", "01"]
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            return None
    return None


def _precision(precision: str | None, value=None) -> str:
    if precision in _SHOWN:
        return precision
    # An ISO string cut to its precision ("2018-07", as drafts' contexts carry it) says it itself;
    # papers stored before precision was recorded came with a full date.
    if isinstance(value, str) and len(value) in (4, 7):
        return "year" if len(value) == 4 else "month"
    return "day"


def paper_date_text(value, precision: str | None = "", *, undated: str = "undated") -> str:
    """ "5 Jul 2018", "Jul 2018" or "2018" by precision; ``undated`` when there is no date.
    ``value`` is a date or an ISO string ("2018-07-01")."""
    day = _as_date(value)
    if day is None:
        return undated
    return _shown(day, _precision(precision, value), get_language())


def _shown(day: date, precision: str, language: str | None) -> str:
    return _formatted(day, _SHOWN[precision], language)


def date_text(value: date | None, format_string: str) -> str:
    """What Django's ``date`` filter shows for a date ("" for none), e.g. ``date_text(day, "M
    Y")`` → "Jul 2018"."""
    if value in (None, ""):
        return ""
    return _formatted(value, format_string, get_language())


@lru_cache(maxsize=16384)
def _formatted(day: date, format_string: str, language: str | None) -> str:
    # Django's date formatting costs ~20 µs a call (each month name is a translation lookup), and
    # a researcher's page shows forty dates and a directory page seventy-five: a date's text is
    # formatted once per process, format and language.
    return date_format(day, format_string)


def paper_date_iso(value, precision: str | None = "") -> str:
    """The ISO date cut to its precision: "2018-07-05", "2018-07" or "2018" ("" when undated).
    HTML's <time datetime> and the draft templates take these."""
    day = _as_date(value)
    if day is None:
        return ""
    return day.isoformat()[: _ISO_CHARS[_precision(precision, value)]]
