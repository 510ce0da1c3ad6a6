from datetime import date

import pytest

from profiles.importers import parse_capture

from .seeds import seed_date, seed_text


@pytest.fixture(scope="module")
def daily():
    return parse_capture(seed_text("003"), captured_on=seed_date("003"))


def paper(capture, title_start):
    return next(p for p in capture.papers if p.title.startswith(title_start))


def test_list_names_no_researcher(daily):
    assert daily.layout == "hf_papers"
    assert daily.researcher_name is None
    assert daily.candidates == []


def test_every_paper_is_listed(daily):
    # 182 filled lines - 6 header lines - 34 footers x 3 lines = 74 = 37 titles + 37 abstracts
    assert len(daily.papers) == 37
    assert daily.papers[0].title.startswith("Concatenated Matrix SVD")
    assert daily.papers[0].line == 13


def test_author_counts_and_dates(daily):
    first = daily.papers[0]
    assert first.author_count == 1
    assert first.date == date(2026, 1, 12)  # "Jan 12", captured 2026-04-20
    assert first.authors == [] and first.authors_complete is False
    top_h = paper(daily, "Top-H Decoding")
    assert (top_h.author_count, top_h.date) == (4, date(2025, 9, 2))


def test_upvote_count_after_a_date_is_not_part_of_it(daily):
    ppo = paper(daily, "Truncated Proximal Policy Optimization")
    assert (ppo.author_count, ppo.date) == (23, date(2025, 6, 17))


def test_org_line_instead_of_authors(daily):
    dler = paper(daily, "DLER: Doing Length pEnalty Right")
    assert dler.orgs == ["NVIDIA"]
    assert dler.author_count is None
    assert dler.date == date(2025, 10, 16)


def test_entry_without_footer_keeps_title_and_abstract(daily):
    slate = paper(daily, "Truncated Step-Level Sampling with Process Rewards")
    assert slate.abstract.startswith("Training large language models to reason with search engines")
    assert slate.author_count is None and slate.date is None
    following = paper(daily, "AutoNumerics-Zero")
    assert following.author_count == 10
    assert following.abstract.startswith("Computers calculate transcendental functions")


def test_a_mid_list_abstract_split_over_lines_does_not_shift_titles():
    text = seed_text("003").replace(
        "Training large language models to reason with search engines via reinforcement learning is hindered",
        "Training large language models to reason with search engines.\n\nVia reinforcement learning is hindered",
    )
    capture = parse_capture(text, captured_on=seed_date("003"))
    assert len(capture.papers) == 37
    assert paper(capture, "AutoNumerics-Zero").author_count == 10


def test_list_cut_after_a_title_skips_it_and_warns():
    text = seed_text("003")
    title = "PowerNorm: Rethinking Batch Normalization in Transformers"
    capture = parse_capture(text[: text.index(title) + len(title)], captured_on=seed_date("003"))
    titles = [p.title for p in capture.papers]
    assert title not in titles
    assert titles[-1].startswith("DLER: Doing Length pEnalty Right")
    assert len(capture.warnings) == 1 and title in capture.warnings[0]


def test_upvotes_on_their_own_line_and_submitted_by_lines_are_not_papers():
    text = """Daily Papers
by AK and the research community
Apr 20, 2026
Paper Alpha

Alpha abstract. It is good.
  • 3 authors
·
Apr 18, 2026
12
Paper Beta
Beta abstract is here.
·
Apr 17
Paper Gamma
Gamma abstract.
Submitted by akhaliq
  • 2 authors
·
Apr 16
"""
    capture = parse_capture(text, captured_on=date(2026, 4, 20))
    assert [(p.title, p.abstract, p.date, p.author_count, p.orgs) for p in capture.papers] == [
        ("Paper Alpha", "Alpha abstract. It is good.", date(2026, 4, 18), 3, []),
        ("Paper Beta", "Beta abstract is here.", date(2026, 4, 17), None, []),
        ("Paper Gamma", "Gamma abstract.", date(2026, 4, 16), 2, []),
    ]
