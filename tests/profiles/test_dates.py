"""Dates as pages show them: formatted once per process, exactly as Django's ``date`` filter."""
from datetime import date, timedelta

from django.template.defaultfilters import date as date_filter
from django.utils import translation

from profiles.dates import date_text, paper_date_text


def test_a_date_reads_as_the_date_filter_writes_it_every_day_of_a_leap_year_and_in_another_language():
    days = [date(2024, 1, 1) + timedelta(days=n) for n in range(366)]
    for language in ("en-us", "de"):
        with translation.override(language):
            for day in days:
                for shown in ("Y", "M Y", "j M Y"):
                    assert date_text(day, shown) == date_filter(day, shown)
    with translation.override("de"):
        assert date_text(date(2024, 3, 5), "j M Y") == "5 Mär 2024"  # not the English text kept earlier
    assert date_text(date(2024, 3, 5), "j M Y") == "5 Mar 2024"


def test_no_date_reads_as_nothing_and_a_paper_date_only_as_precise_as_its_source():
    assert date_text(None, "M Y") == "" and date_filter(None, "M Y") == ""
    assert paper_date_text(date(2018, 7, 1), "month") == "Jul 2018"
    assert paper_date_text(date(2018, 7, 5), "day") == "5 Jul 2018"
    assert paper_date_text("2018", "") == "2018" and paper_date_text(None) == "undated"
