"""Dates as the captured pages write them, read with python-dateutil.

Pages write ``2026-02-23``, ``2026-02``, ``Jul 7, 2022``, ``18 November, 2025`` and, for
the current year, ``Feb 24`` with no year at all: that one is resolved against the day the
page was captured. Results are cached because listings repeat the same few thousand dates.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from dateutil import parser as dateutil_parser

_ISO = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")
_HAS_YEAR = re.compile(r"(?<![0-9])(?:1[5-9]|2[0-9])[0-9]{2}(?![0-9])")
_HAS_DIGIT = re.compile(r"[0-9]")
# A leap year, so that "Feb 29" without a year still reads as a day.
_LEAP_DEFAULT = datetime(2000, 1, 1)
_MAX_DATE_TEXT = 64
# The common listing forms are split here and their month word looked up in dateutil's own
# month names, which saves a full dateutil parse for each of thousands of distinct dates.
_MONTH_NAMES = dateutil_parser.parserinfo()
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]{3,9})\.? ([0-9]{1,2})(?:,? ([0-9]{4}))?")
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2}) ([A-Za-z]{3,9})\.?,? ([0-9]{4})")
_MONTH_YEAR = re.compile(r"([A-Za-z]{3,9})\.?,? ([0-9]{4})")


def _common_form(text: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of ``Jul 7, 2022``, ``18 November, 2025``, ``Feb 24``,
    ``May 2024`` (day 1); None when the text is in another form or names no month."""
    match = _MONTH_DAY_YEAR.fullmatch(text)
    if match:
        word, day, year = match.groups()
    elif match := _DAY_MONTH_YEAR.fullmatch(text):
        day, word, year = match.groups()
    elif match := _MONTH_YEAR.fullmatch(text):
        (word, year), day = match.groups(), "1"
    else:
        return None
    month = _MONTH_NAMES.month(word)
    if month is None:
        return None
    return (int(year) if year else None), month, int(day)


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=16384)
def _dateutil(text: str) -> datetime | None:
    try:
        return dateutil_parser.parse(text, default=_LEAP_DEFAULT)
    except (ValueError, OverflowError, TypeError, LookupError):
        return None


@lru_cache(maxsize=16384)
def parse_date(text: str) -> date | None:
    """A date that names its year: ISO (``2026-02-23``, ``2026-02``, ``2026``, first of the
    month/year when cut short) or anything dateutil reads. None when it is not a date."""
    text = text.strip()
    if not text or len(text) > _MAX_DATE_TEXT:
        return None
    iso = _ISO.fullmatch(text)
    if iso:
        year, month, day = iso.groups()
        return _valid(int(year), int(month or 1), int(day or 1))
    if not _HAS_YEAR.search(text):
        return None
    common = _common_form(text)
    if common is not None:
        year, month, day = common
        return _valid(year, month, day) if year is not None else None
    parsed = _dateutil(text)
    return parsed.date() if parsed else None


def date_precision(text: str) -> str:
    """How much of a date ``text`` gives: "year" (``2024``), "month" (``2024-05``,
    ``May 2024``) or "day"; "" when it is not a date at all."""
    text = text.strip()
    iso = _ISO.fullmatch(text)
    if iso:
        return "day" if iso.group(3) else "month" if iso.group(2) else "year"
    if _MONTH_YEAR.fullmatch(text):
        return "month"
    return "day" if parse_date(text) else ""


@lru_cache(maxsize=4096)
def parse_month_day(text: str) -> tuple[int, int] | None:
    """Month and day of a date written without a year (``Feb 24``), or None."""
    text = text.strip()
    if not text or len(text) > _MAX_DATE_TEXT or not _HAS_DIGIT.search(text):
        return None
    common = _common_form(text)
    if common is not None:
        year, month, day = common
        return (month, day) if year is None and _valid(2000, month, day) else None
    if _HAS_YEAR.search(text):
        return None
    parsed = _dateutil(text)
    return (parsed.month, parsed.day) if parsed else None


def in_capture_year(month: int, day: int, captured_on: date) -> date | None:
    """The day a year-less date means on a page captured on ``captured_on``.

    It is in the capture year, or the year before when that day would be after the capture
    (a page never lists papers from its future). Feb 29 falls back to the last leap year.
    """
    for year in range(captured_on.year, captured_on.year - 8, -1):
        try:
            day_in_year = date(year, month, day)
        except ValueError:
            continue
        if day_in_year <= captured_on:
            return day_in_year
    return None


def parse_listing_date(text: str, *, captured_on: date) -> date | None:
    """A listing date that may omit its year (``Jul 7, 2022`` or ``Feb 24``)."""
    if _HAS_YEAR.search(text):
        return parse_date(text)
    month_day = parse_month_day(text)
    if month_day is None:
        return None
    return in_capture_year(month_day[0], month_day[1], captured_on)


def first_appearance(a: date | None, b: date | None) -> date | None:
    """The earlier of two dates listed for one paper (its first appearance, the preprint).

    Bibliographic sources write a date known only to its year as January 1st; such a date
    does not beat a full date in the same year.
    """
    if a is None or b is None:
        return a or b

    def order(day: date) -> tuple[int, int, int]:
        year_only = day.month == 1 and day.day == 1
        return (day.year, 13 if year_only else day.month, day.day)

    return a if order(a) <= order(b) else b


_PRECISION_RANK = {"year": 2, "month": 1}


def first_dated(a: tuple[date | None, str], b: tuple[date | None, str]) -> tuple[date | None, str]:
    """The earlier of two (date, precision) pairs for one paper, as ``first_appearance``; a date
    known only to its month or year does not beat a fuller date inside that month or year."""
    if a[0] is None or b[0] is None:
        return a if a[0] is not None else b

    def order(pair: tuple[date, str]) -> tuple[int, int, int]:
        day, precision = pair
        # Bibliographic sources write a year-only date as January 1st, whatever they call it.
        if precision == "year" or (day.month, day.day) == (1, 1):
            return (day.year, 13, 32)
        if precision == "month":
            return (day.year, day.month, 32)
        return (day.year, day.month, day.day)

    return a if order(a) <= order(b) else b
