from datetime import date

import pytest

from profiles.importers import parse_capture

from .real_captures import real_capture
from .seeds import seed_date, seed_text

CAPTURED_ON = date(2025, 12, 10)


@pytest.fixture(scope="module")
def mahoney():
    return parse_capture(seed_text("004"), captured_on=seed_date("004"))


def entry(title, authors, *, submitted="Submitted 4 December, 2025;", abstract="We study things."):
    lines = ["-", title, "Authors:"]
    lines += [f"{author}," for author in authors[:-1]] + [authors[-1]]
    lines += ["Abstract:", abstract[:10] + "…", "▽ More", abstract, "△ Less"]
    if submitted:
        lines += [submitted, "originally announced December 2025."]
    return "\n".join(lines)


def test_subject_is_the_one_author_on_every_entry(mahoney):
    assert mahoney.layout == "arxiv_listing"
    assert mahoney.researcher_name == "Michael W. Mahoney"
    assert mahoney.candidates == []
    assert len(mahoney.papers) == 50


def test_full_abstract_is_kept_not_the_preview(mahoney):
    first = mahoney.papers[0]
    assert first.title == "Arbitrage: Efficient Reasoning via Advantage-Aware Speculation"
    assert "…" not in first.abstract
    assert first.abstract.endswith("reducing inference latency by up to $\\sim2\\times$ at matched accuracy.")
    assert first.authors[0] == "Monishwaran Maheswaran" and first.authors[-1] == "Amir Gholami"
    assert len(first.authors) == 11 and first.authors_complete is True
    assert first.date == date(2025, 12, 4)
    assert first.line == 2


def test_date_is_the_first_submission(mahoney):
    transfer = next(p for p in mahoney.papers if p.title.startswith("A More Realistic Evaluation"))
    assert transfer.date == date(2025, 9, 23)  # "Submitted 18 November, 2025; v1 submitted 23 September, 2025;"


def test_name_variants_across_entries_are_one_person():
    text = "\n".join([
        entry("Paper one", ["N. Benjamin Erichson", "Ana Zhang"]),
        entry("Paper two", ["Benjamin Erichson", "Wei Park"]),
        entry("Paper three", ["Wei Park", "N. Benjamín Erichson"]),
    ])
    capture = parse_capture(text, captured_on=CAPTURED_ON)
    assert capture.researcher_name == "N. Benjamin Erichson"
    assert capture.candidates == []


def test_two_people_on_every_entry_is_ambiguous():
    text = "\n".join([
        entry("Paper one", ["Ana Zhang", "Wei Park", "Léa Dubois"]),
        entry("Paper two", ["Wei Park", "Ana Zhang"]),
        entry("Paper three", ["Ana Zhang", "Kwame Mensah", "Wei Park"]),
    ])
    capture = parse_capture(text, captured_on=CAPTURED_ON)
    assert capture.researcher_name is None
    assert sorted(capture.candidates) == ["Ana Zhang", "Wei Park"]
    assert len(capture.papers) == 3


def test_single_entry_names_its_only_author_or_is_ambiguous():
    alone = parse_capture(entry("Solo work", ["Ana Zhang"]), captured_on=CAPTURED_ON)
    assert alone.researcher_name == "Ana Zhang"
    pair = parse_capture(entry("Joint work", ["Ana Zhang", "Wei Park"]), captured_on=CAPTURED_ON)
    assert pair.researcher_name is None
    assert pair.candidates == ["Ana Zhang", "Wei Park"]


def test_nobody_on_every_entry_awaits_assignment():
    text = "\n".join([entry("Paper one", ["Ana Zhang", "Wei Park"]), entry("Paper two", ["Léa Dubois"])])
    capture = parse_capture(text, captured_on=CAPTURED_ON)
    assert capture.researcher_name is None
    assert capture.candidates == []
    assert len(capture.papers) == 2


def test_comments_and_journal_lines_are_skipped():
    text = "\n".join([
        entry("Paper one", ["Ana Zhang"]),
        "Comments: 12 pages, 3 figures",
        "Journal ref: Proc. ICML 2025",
        entry("Paper two", ["Ana Zhang"], submitted="Submitted 5 August, 2025; v1 submitted 24 July, 2025;"),
        "Comments: accepted",
    ])
    capture = parse_capture(text, captured_on=CAPTURED_ON)
    assert [p.title for p in capture.papers] == ["Paper one", "Paper two"]
    assert capture.papers[1].date == date(2025, 7, 24)
    assert capture.researcher_name == "Ana Zhang"


def test_listing_cut_mid_abstract_keeps_the_entry_and_names_it():
    text = seed_text("004")
    cut = text.index("Simulating hybrid magnonic quantum systems remains a challenge due to the large disparity between the timescales of the two systems. We present")
    capture = parse_capture(text[: cut + 200], captured_on=CAPTURED_ON)
    assert len(capture.papers) == 3
    assert "HPC-Driven Modeling with ML-Based Surrogates" in capture.warnings[0]
    assert "line 48" in capture.warnings[0]


def test_listing_cut_before_the_abstract_drops_the_entry_and_names_it():
    text = seed_text("004")
    cut = text.index("Jialin Song,")
    capture = parse_capture(text[:cut], captured_on=CAPTURED_ON)
    assert len(capture.papers) == 2
    assert "HPC-Driven Modeling with ML-Based Surrogates" in capture.warnings[0]


def test_listing_cut_right_after_a_title_names_it():
    text = seed_text("004")
    title = "HPC-Driven Modeling with ML-Based Surrogates for Magnon-Photon Dynamics in Hybrid Quantum Systems"
    capture = parse_capture(text[: text.index(title) + len(title)], captured_on=CAPTURED_ON)
    assert len(capture.papers) == 2
    assert title in capture.warnings[0]


# arXiv's own search pages: navigation above, the identifier and categories over each title,
# titles that wrap, one-line author lists, later versions, metadata after the dates.
ERICHSON = """arXiv
Search
Showing 1–3 of 3 results for author: Erichson, N B
-
arXiv:2401.00001  [pdf, other]
cs.LG
stat.ML
A Long Title That Spans
Two Lines of Text
Authors:
N. Benjamin Erichson,
Jos\u00e9 P\u00e9rez
Abstract:
Short abstract shown whole.
Submitted 3 March, 2024; v3 submitted 1 February, 2024; v1 submitted 5 January, 2024;
originally announced January 2024.
Comments:
12 pages
Journal ref:
JMLR 2024
Subjects:
Machine Learning (cs.LG)
-
arXiv:2305.00002 [pdf] math.OC cs.LG
Second \u201cQuoted\u201d\u00a0Paper
Authors: Benjamin Erichson, Alice\u200b Smith, Bob Lee
Abstract: Preview text cut…
\u25bd More
Preview text cut and now full.
\u25b3 Less
Submitted 1 May, 2023; originally announced May 2023.
"""


def test_title_wrapping_over_lines_is_one_title_and_categories_are_kept():
    capture = parse_capture(ERICHSON, captured_on=CAPTURED_ON)
    first, second = capture.papers
    assert first.title == "A Long Title That Spans Two Lines of Text"
    assert first.line == 8
    assert first.categories == ["cs.LG", "stat.ML"]
    assert first.abstract == "Short abstract shown whole."
    assert second.title == "Second “Quoted” Paper"
    assert second.categories == ["math.OC", "cs.LG"]
    assert second.authors == ["Benjamin Erichson", "Alice Smith", "Bob Lee"]
    assert capture.warnings == []


def test_date_is_the_first_version_even_when_later_versions_are_listed():
    capture = parse_capture(ERICHSON, captured_on=CAPTURED_ON)
    assert [p.date for p in capture.papers] == [date(2024, 1, 5), date(2023, 5, 1)]


def test_subject_written_with_and_without_a_first_initial_is_one_person():
    capture = parse_capture(ERICHSON, captured_on=CAPTURED_ON)
    # One spelling each: the fuller one is shown.
    assert capture.researcher_name == "N. Benjamin Erichson"
    assert capture.candidates == []


def test_page_header_naming_the_author_settles_an_ambiguous_listing():
    body = entry("P1", ["Michael W. Mahoney", "Amir Gholami", "X Y"]) + "\n" + entry(
        "P2", ["Amir Gholami", "Michael W. Mahoney"]
    )
    ambiguous = parse_capture(body, captured_on=CAPTURED_ON)
    assert ambiguous.researcher_name is None
    assert sorted(ambiguous.candidates) == ["Amir Gholami", "Michael W. Mahoney"]
    for header in (
        "Showing 1–2 of 2 results for author: Mahoney, M W",
        "Michael W. Mahoney's articles on arXiv",
    ):
        capture = parse_capture(header + "\n" + body, captured_on=CAPTURED_ON)
        assert (capture.researcher_name, capture.candidates) == ("Michael W. Mahoney", [])
    # A header naming nobody on every entry settles nothing.
    other = parse_capture("Showing 1–2 of 2 results for author: Smith, J\n" + body, captured_on=CAPTURED_ON)
    assert other.researcher_name is None and len(other.candidates) == 2


# arXiv's search page as select-all copies it (real_captures/render_search.py): a blank line
# between paragraphs and between entries, no "-" lines, the identifier on each entry's first line.
@pytest.fixture(scope="module")
def search_page():
    return real_capture("arxiv_search_results_testing.txt")


SEARCH_PAGE_IDS = ["2202.12139", "2405.13786", "2005.14124", "2204.08348", "2302.03287", "1202.4527",
                   "2503.05378", "1205.1866", "2502.07719", "1812.11470"]


def test_search_page_copied_with_blank_lines_keeps_every_arxiv_id(search_page):
    capture = parse_capture(search_page, captured_on=CAPTURED_ON)
    assert [paper.arxiv_id for paper in capture.papers] == SEARCH_PAGE_IDS
    first = capture.papers[0]
    assert first.title == "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques"
    assert first.categories == ["cs.SE", "cs.LG"]
    assert first.doi == "10.1109/icstw55395.2022.00035"
    assert capture.papers[2].date == date(2020, 5, 28)  # v1's date, though v2 is listed
    assert capture.warnings == []


@pytest.mark.parametrize("between", ["\n\n", "\n-\n", "\n", "\n\n\n"])
def test_an_id_on_an_entrys_first_line_is_kept_whatever_separates_the_entries(search_page, between):
    entries = [block.strip("\n") for block in search_page.split("\n\narXiv:")]
    text = between.join(entries[:1] + ["arXiv:" + entry for entry in entries[1:]])
    text = text.replace("\n\n", "\n") if between == "\n" else text
    capture = parse_capture(text, captured_on=CAPTURED_ON)
    assert [paper.arxiv_id for paper in capture.papers] == SEARCH_PAGE_IDS
    assert all(" doi " not in paper.title and "arXiv:" not in paper.title for paper in capture.papers)


def test_an_entry_read_without_the_id_the_page_shows_is_named_in_a_warning(search_page):
    # The selection started below the first entry's identifier line.
    text = search_page[search_page.index("Testing Deep Learning Models"):]
    capture = parse_capture(text, captured_on=CAPTURED_ON)
    assert [paper.arxiv_id for paper in capture.papers] == [""] + SEARCH_PAGE_IDS[1:]
    (warning,) = capture.warnings
    assert warning.startswith("1 of 10 papers were read without the arXiv identifier")
    assert "“Testing Deep Learning Models: A First Comparative Study" in warning and "line 1)" in warning


def test_a_copy_that_shows_no_identifiers_is_not_warned_about_them(mahoney):
    # The seed's shape ("-" between entries, no identifier lines) carries none to lose.
    assert not any(paper.arxiv_id for paper in mahoney.papers)
    assert not any("arXiv identifier" in w for w in mahoney.warnings)


def test_a_listing_with_its_ids_has_no_such_warning():
    capture = parse_capture(ERICHSON, captured_on=CAPTURED_ON)
    assert [p.arxiv_id for p in capture.papers] == ["2401.00001", "2305.00002"]
    assert not any("arXiv identifier" in w for w in capture.warnings)
