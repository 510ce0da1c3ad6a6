"""The plausibility guard: a parse that does not look like its page is flagged, in words."""
from datetime import date

from hypothesis import given, settings, strategies as st

from profiles.importers import ParsedCapture, ParsedPaper, parse_capture, plausibility_warnings

from .real_captures import ARXIV_CAPTURED_ON, real_capture
from .seeds import SEED_PREFIXES, seed_date, seed_text


def _paper(title, *, day=date(2025, 1, 2), authors=("Ada Lovelace",), line=1):
    return ParsedPaper(title=title, date=day, authors=list(authors), line=line)


def test_the_seeds_and_the_real_captures_look_right():
    for prefix in SEED_PREFIXES:
        capture = parse_capture(seed_text(prefix), captured_on=seed_date(prefix))
        assert plausibility_warnings(capture, text_length=len(seed_text(prefix))) == []
    for name in ("arxiv_author_page_amodei.txt", "arxiv_list_new_hinton.txt"):
        text = real_capture(name)
        assert plausibility_warnings(parse_capture(text, captured_on=ARXIV_CAPTURED_ON), text_length=len(text)) == []


def test_titles_that_are_menu_words_are_named_with_their_lines():
    capture = ParsedCapture(layout="hf_papers", papers=[_paper("Datasets", line=3), _paper("Spaces", line=5),
                                                         _paper("A Real Paper About Graphs", line=9)])
    (warning,) = plausibility_warnings(capture, text_length=5_000)
    assert "2 “paper” title(s)" in warning and "“Datasets” (line 3)" in warning and "“Spaces” (line 5)" in warning


def test_many_entries_without_dates_or_authors_are_flagged():
    papers = [_paper(f"Paper number {n}", day=None, authors=()) for n in range(6)]
    warnings = plausibility_warnings(ParsedCapture(layout="hf_papers", papers=papers), text_length=50_000)
    assert any("6 of 6 entries have no date" in w for w in warnings)
    assert any("6 of 6 entries have no authors" in w for w in warnings)


def test_an_own_profile_page_without_author_lists_is_not_flagged_for_it():
    papers = [_paper(f"Paper number {n}", authors=()) for n in range(6)]
    capture = ParsedCapture(layout="phdfit", own_profile=True, papers=papers)
    assert plausibility_warnings(capture, text_length=50_000) == []


def test_counts_disagreeing_with_the_pages_own_total_are_flagged_both_ways():
    text = real_capture("arxiv_list_new_hinton.txt")
    more = parse_capture(text.replace("Total of 50 entries", "Total of 40 entries"), captured_on=ARXIV_CAPTURED_ON)
    assert any("says there are 40 entries, but 50 were read" in w for w in more.review)
    fewer = parse_capture(text.replace("Total of 50 entries", "Total of 90 entries")
                          .replace("Showing up to 25 entries per page", "Showing up to 100 entries per page"),
                          captured_on=ARXIV_CAPTURED_ON)
    assert any("shows 90 entries, but only 50 were read" in w for w in fewer.review)


def test_more_entries_than_the_profile_says_the_person_has_is_flagged():
    text = seed_text("002")  # alphaXiv: "7papers" above seven entries
    capture = parse_capture(text.replace("\n7papers\n", "\n5papers\n"), captured_on=seed_date("002"))
    assert capture.metrics.paper_count == 5
    assert any("says there are 5 entries, but 7 were read" in w for w in capture.review)


def test_far_more_entries_than_the_text_can_hold_is_flagged():
    papers = [_paper(f"T{n}") for n in range(40)]
    warnings = plausibility_warnings(ParsedCapture(layout="hf_papers", papers=papers), text_length=1_000)
    assert any("40 entries were read from 1,000 characters" in w for w in warnings)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=0, max_size=3_000))
def test_the_guard_never_fails_on_any_parse(text):
    try:
        capture = parse_capture(text, captured_on=date(2026, 1, 1))
    except Exception:  # noqa: BLE001  refusals are CaptureError, checked elsewhere
        return
    assert isinstance(capture.review, list)
