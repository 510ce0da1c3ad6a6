"""Real pages as select-all copies them: arXiv's item lists and Hugging Face's Daily Papers."""
from datetime import date

import pytest

from profiles.importers import CaptureError, parse_capture
from profiles.importers.arxiv_item_list import month_of_identifier

from .real_captures import ARXIV_CAPTURED_ON, HF_CAPTURED_ON, real_capture
from .seeds import seed_date, seed_text


@pytest.fixture(scope="module")
def amodei():
    return parse_capture(real_capture("arxiv_author_page_amodei.txt"), captured_on=ARXIV_CAPTURED_ON)


@pytest.fixture(scope="module")
def hinton_list():
    return parse_capture(real_capture("arxiv_list_new_hinton.txt"), captured_on=ARXIV_CAPTURED_ON)


@pytest.fixture(scope="module")
def hf_text_mode():
    return parse_capture(real_capture("hf_papers_text_mode_long_context_asr.txt"), captured_on=HF_CAPTURED_ON)


def test_arxiv_author_page_reads_every_entry_and_belongs_to_the_person_it_names(amodei):
    assert amodei.layout == "arxiv_listing" and len(amodei.papers) == 33
    assert amodei.researcher_name == "Dario Amodei" and amodei.own_profile and amodei.candidates == []
    assert amodei.review == [] and amodei.warnings == []


def test_arxiv_entries_keep_identifier_categories_comments_and_authors(amodei):
    first = amodei.papers[0]
    assert first.arxiv_id == "2503.04761"
    assert first.title == "Which Economic Tasks are Performed with AI? Evidence from Millions of Claude Conversations"
    assert first.categories == ["cs.CY", "cs.AI", "cs.CL", "cs.HC", "cs.LG"]
    assert first.authors[0] == "Kunal Handa" and "Dario Amodei" in first.authors and first.authors_complete
    evals = next(p for p in amodei.papers if p.arxiv_id == "2212.09251")
    assert evals.comments.startswith("for associated data visualizations")
    assert "Kamilė Lukošiūtė" in evals.authors  # accents kept as written


def test_no_date_on_the_page_gives_the_identifiers_month_with_its_precision(amodei):
    first = amodei.papers[0]
    assert (first.date, first.date_precision) == (date(2025, 3, 1), "month")
    assert all(p.date_precision == "month" and p.date.day == 1 for p in amodei.papers)
    # An author page shows no abstracts: its footer is not one.
    assert all(p.abstract == "" and not p.abstract_complete for p in amodei.papers)


def test_month_of_identifier_old_and_new_style():
    assert month_of_identifier("1807.07067") == date(2018, 7, 1)
    assert month_of_identifier("hep-th/9901001") == date(1999, 1, 1)
    assert month_of_identifier("1813.00001") is None  # there is no 13th month


def test_author_page_header_settles_the_subject_spelled_two_ways():
    barto = parse_capture(real_capture("arxiv_author_page_barto.txt"), captured_on=ARXIV_CAPTURED_ON)
    # The page lists him as "Andrew G. Barto" once and "Andrew Barto" once; both are him.
    assert barto.researcher_name in ("Andrew Barto", "Andrew G. Barto") and barto.own_profile
    assert [p.arxiv_id for p in barto.papers] == ["1708.05448", "1206.6398"]
    assert barto.papers[1].comments.startswith("Appears in Proceedings of the 29th International Conference")


def test_list_page_with_abstracts_reads_all_fifty_and_its_stated_total(hinton_list):
    assert len(hinton_list.papers) == 50 and hinton_list.stated_total == 50 and hinton_list.review == []
    assert hinton_list.researcher_name == "Geoffrey Hinton" and not hinton_list.own_profile
    forward = next(p for p in hinton_list.papers if p.title.startswith("The Forward-Forward Algorithm"))
    assert forward.authors == ["Geoffrey Hinton"] and forward.abstract_complete
    assert forward.abstract.startswith("The aim of this paper is to introduce a new learning procedure")
    assert forward.arxiv_id == "2212.13345" and forward.date == date(2022, 12, 1)


def test_the_issues_shape_without_descriptors_parses_even_with_the_layout_forced(hinton_list):
    # What arXiv shows with its styles on: no "Title:" before the title.
    text = real_capture("arxiv_list_new_hinton.txt").replace("\nTitle: ", "\n")
    capture = parse_capture(text, captured_on=ARXIV_CAPTURED_ON, layout="arxiv_listing")
    assert [p.title for p in capture.papers] == [p.title for p in hinton_list.papers]
    assert [p.authors for p in capture.papers] == [p.authors for p in hinton_list.papers]


def test_an_item_whose_identifier_line_arxiv_changed_is_kept_with_its_id(hinton_list):
    text = real_capture("arxiv_list_new_hinton.txt")
    changed = text.replace("[2] arXiv:2510.13653 [pdf, other]", "[2] arXiv:2510.13653 [pdf, html, other] (withdrawn)")
    changed = changed.replace("[3] arXiv:2501.17805 [pdf, other]", "[3]\narXiv:2501.17805 [pdf, other]")
    assert changed.count("arXiv:") == text.count("arXiv:") and changed != text
    capture = parse_capture(changed, captured_on=ARXIV_CAPTURED_ON)
    assert [p.arxiv_id for p in capture.papers] == [p.arxiv_id for p in hinton_list.papers]
    assert [p.abstract for p in capture.papers] == [p.abstract for p in hinton_list.papers]


def test_text_mode_daily_papers_copy_reads_the_real_papers_and_nothing_else(hf_text_mode):
    titles = [p.title for p in hf_text_mode.papers[:5]]
    assert titles == [
        "MURMUR: An Efficient Inference System for Long-Form ASR",
        "Gemini 1.5: Unlocking multimodal understanding across millions of tokens of context",
        "Speech-Aware Long Context Pruning and Integration for Contextualized Automatic Speech Recognition",
        "MLMA: Towards Multilingual with Mamba Based Architectures",
        "Whispering Context: Distilling Syntax and Semantics for Long Speech Transcripts",
    ]
    assert [p.author_count for p in hf_text_mode.papers[:5]] == [3, 671, 8, 3, 1]
    assert [p.date for p in hf_text_mode.papers[:5]] == [
        date(2026, 5, 30), date(2024, 3, 8), date(2025, 11, 14), date(2025, 10, 21), date(2025, 8, 18)]
    assert hf_text_mode.papers[0].abstract.startswith("Long-form automatic speech recognition (ASR) requires")
    assert hf_text_mode.papers[0].abstract.endswith("https://github.com/uw-syfi/Murmur.")
    assert hf_text_mode.review == [] and hf_text_mode.skipped_navigation > 20


def test_text_mode_copy_cut_inside_its_last_entry_keeps_the_complete_ones(hf_text_mode):
    *complete, cut = hf_text_mode.papers
    assert len(complete) == 5 and all(p.abstract_complete and p.date for p in complete)
    # The cut entry is kept as what it is: a title with part of its abstract, flagged partial.
    assert cut.title.startswith("Mind the Gap") and not cut.abstract_complete and cut.date is None
    assert len(hf_text_mode.warnings) == 1 and "Mind the Gap" in hf_text_mode.warnings[0]
    assert "stops before the entry" in hf_text_mode.warnings[0]


def test_zero_upvote_lines_and_tab_lines_lose_no_paper_and_add_none():
    text = seed_text("003")
    baseline = parse_capture(text, captured_on=seed_date("003"))
    # A browser copy of the live page: the tabs above the list, a "-" for no upvotes.
    mangled = text.replace("byAK and the research community\n", "byAK and the research community\n\nDaily\nWeekly\n"
                           "Monthly\n\nDatasets\n\nSpaces\n", 1)
    mangled = mangled.replace("\nJan 12\n", "\nJan 12\n-\n").replace("\nSep 2, 2025\n", "\nSep 2, 2025\n-\n")
    assert "\nMonthly\n" in mangled and "\nJan 12\n-\n" in mangled and "\nSep 2, 2025\n-\n" in mangled
    capture = parse_capture(mangled, captured_on=seed_date("003"))
    assert [p.title for p in capture.papers] == [p.title for p in baseline.papers]
    assert capture.review == []


def test_a_repository_link_on_its_own_line_is_never_a_title_and_marks_the_paper_as_having_code(hf_text_mode):
    # The first entry's repository (named in its own abstract), on its own line before its footer.
    text = real_capture("hf_papers_text_mode_long_context_asr.txt").replace(
        "\n][33]\n[\n* 3 authors", "\n][33]\nhttps://github.com/uw-syfi/Murmur\n[\n* 3 authors", 1)
    assert "\nhttps://github.com/uw-syfi/Murmur\n" in text
    capture = parse_capture(text, captured_on=HF_CAPTURED_ON)
    assert [p.title for p in capture.papers] == [p.title for p in hf_text_mode.papers]
    assert [p.date for p in capture.papers] == [p.date for p in hf_text_mode.papers]
    assert capture.papers[0].has_code and not any(p.has_code for p in capture.papers[1:])


@pytest.mark.parametrize("link", ["https://github.com/uw-syfi/Murmur", "github.com/uw-syfi/Murmur",
                                  "https://huggingface.co/spaces/org/demo", "www.example.org/project"])
def test_a_link_line_in_a_browser_copy_is_never_a_title(link):
    text = seed_text("003")
    baseline = parse_capture(text, captured_on=seed_date("003"))
    with_link = text.replace("\n\n  • 4 authors\n·\nSep 2, 2025", f"\n\n{link}\n\n  • 4 authors\n·\nSep 2, 2025", 1)
    assert link in with_link
    capture = parse_capture(with_link, captured_on=seed_date("003"))
    assert [p.title for p in capture.papers] == [p.title for p in baseline.papers]
    assert [p.date for p in capture.papers] == [p.date for p in baseline.papers]
    top_h = next(p for p in capture.papers if p.title.startswith("Top-H Decoding"))
    assert top_h.author_count == 4 and top_h.has_code == ("github.com" in link)


def test_a_capture_that_is_only_menus_is_refused_not_imported():
    menus = "\n".join(real_capture("hf_papers_text_mode_long_context_asr.txt").splitlines()[:45])
    with pytest.raises(CaptureError):
        parse_capture(menus, captured_on=HF_CAPTURED_ON, layout="hf_papers")
