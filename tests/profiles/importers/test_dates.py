from datetime import date

import pytest

from profiles.importers.dates import in_capture_year, parse_date, parse_listing_date


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-02-23", date(2026, 2, 23)),
    ("2026-02", date(2026, 2, 1)),
    ("2026", date(2026, 1, 1)),
    ("Jul 7, 2022", date(2022, 7, 7)),
    ("18 November, 2025", date(2025, 11, 18)),
    ("February 2024", date(2024, 2, 1)),
])
def test_parse_date_reads_full_and_partial_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "Labs", "2026-13-45", "Gemma 3 Technical Report", "x" * 500])
def test_parse_date_refuses_what_is_not_a_date(text):
    assert parse_date(text) is None


def test_year_less_date_is_this_year_unless_that_is_in_the_future():
    captured_on = date(2026, 3, 10)
    assert parse_listing_date("Feb 24", captured_on=captured_on) == date(2026, 2, 24)
    assert parse_listing_date("Mar 10", captured_on=captured_on) == date(2026, 3, 10)
    assert parse_listing_date("Mar 11", captured_on=captured_on) == date(2025, 3, 11)
    assert parse_listing_date("Dec 31, 2019", captured_on=captured_on) == date(2019, 12, 31)


def test_february_29_without_a_year_goes_to_the_last_leap_year():
    assert in_capture_year(2, 29, date(2026, 3, 1)) == date(2024, 2, 29)


def test_first_appearance_is_the_earlier_date_but_a_year_only_date_never_wins_its_year():
    from profiles.importers.dates import first_appearance

    assert first_appearance(date(2024, 12, 1), date(2024, 3, 15)) == date(2024, 3, 15)
    assert first_appearance(None, date(2024, 3, 15)) == date(2024, 3, 15)
    # "2026-01-01" is how a source writes "2026": the full date in that year is more precise.
    assert first_appearance(date(2026, 2, 23), date(2026, 1, 1)) == date(2026, 2, 23)
    assert first_appearance(date(2026, 1, 1), date(2025, 11, 3)) == date(2025, 11, 3)
