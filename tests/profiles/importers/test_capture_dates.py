"""The day a capture shows it was made, read from the real captures: a Daily Papers list's
date, an arXiv API answer's time; nothing for a page that shows none."""
from datetime import date

import pytest

from profiles.importers import capture_date_shown
from tests.fixtures.sources import source_bytes

from .real_captures import real_capture
from .seeds import seed_text

TODAY = date(2026, 12, 6)


def test_a_daily_papers_list_shows_its_day():
    # Seed 003 is the list of "Apr 20" (year-less: the last Apr 20 up to today).
    assert capture_date_shown(seed_text("003"), today=TODAY) == date(2026, 4, 20)
    assert capture_date_shown(seed_text("003"), today=date(2026, 3, 1)) == date(2025, 4, 20)
    # The text-mode copy of the list of Jun 29 (its link markers and menus around the date).
    assert capture_date_shown(real_capture("hf_papers_text_mode_long_context_asr.txt"), today=TODAY) == date(2026, 6, 29)


def test_an_arxiv_api_answer_shows_when_it_was_given():
    text = source_bytes("arxiv_atom_query_testing_2026.xml").decode("utf-8")
    assert capture_date_shown(text, today=TODAY) == date(2026, 4, 12)
    # An answer dated after today (a wrong clock somewhere) is not believed.
    assert capture_date_shown(text, today=date(2026, 4, 1)) is None


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_a_page_that_shows_no_date_of_its_own_gives_none(prefix):
    # Profile pages and arXiv listings carry paper dates, never the day they were copied.
    assert capture_date_shown(seed_text(prefix), today=TODAY) is None


def test_text_that_is_no_capture_gives_none():
    assert capture_date_shown("", today=TODAY) is None
    assert capture_date_shown("just some words\nand more", today=TODAY) is None
