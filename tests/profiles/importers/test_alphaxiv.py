from datetime import date

import pytest

from profiles.importers import parse_capture

from .seeds import seed_date, seed_text


@pytest.fixture(scope="module")
def mirrokni():
    return parse_capture(seed_text("001"), captured_on=seed_date("001"))


def paper(capture, title_start):
    return next(p for p in capture.papers if p.title.startswith(title_start))


def test_researcher_and_metrics(mirrokni):
    assert mirrokni.layout == "alphaxiv"
    assert mirrokni.researcher_name == "Vahab Mirrokni"
    metrics = mirrokni.metrics
    assert (metrics.h_index, metrics.citations, metrics.paper_count) == (117, 10519, 95)
    assert (metrics.novelty_pct, metrics.ai_score) == (60, 63)
    assert mirrokni.topics == ["LG"]


def test_lists_every_entry_on_the_page(mirrokni):
    # grep -cE '^([0-9.]+)?[A-Z]{2}[A-Z][a-z]{2} [0-9]{1,2}(, [0-9]{4})?(Code)?$' → 50
    assert len(mirrokni.papers) == 50


def test_entry_with_year_code_orgs_and_et_al(mirrokni):
    tf_gnn = mirrokni.papers[0]
    assert tf_gnn.title == "TF-GNN: Graph Neural Networks in TensorFlow"
    assert tf_gnn.date == date(2022, 7, 7)
    assert tf_gnn.categories == ["LG"]
    assert tf_gnn.has_code is True
    assert tf_gnn.authors == ["Oleksandr Ferludin", "Arno Eigenwillig", "Martin Blais"]
    assert tf_gnn.authors_complete is False
    assert tf_gnn.orgs == ["deepmind"]
    assert tf_gnn.abstract.startswith("TensorFlow-GNN (TF-GNN) is a scalable library")
    assert tf_gnn.line == 13


def test_year_less_dates_fall_in_the_capture_year_or_the_one_before(mirrokni):
    # Captured 2026-03-10: "Feb 24" is this year, "Jun 2" would be in the future, so last year.
    assert mirrokni.papers[1].date == date(2026, 2, 24)
    sleep = paper(mirrokni, "Language Models Need Sleep")
    assert sleep.date == date(2025, 6, 2)


def test_score_prefix_and_complete_author_list(mirrokni):
    sleep = paper(mirrokni, "Language Models Need Sleep")
    assert sleep.categories == ["LG"]
    assert sleep.authors == ["Ali Behrouz", "Farnoosh Hashemi", "Vahab Mirrokni"]
    assert sleep.authors_complete is True
    assert sleep.has_code is False


def test_authors_are_stored_as_listed_without_adding_the_researcher(mirrokni):
    aletheia = paper(mirrokni, "Aletheia tackles FirstProof")
    assert "Vahab Mirrokni" not in aletheia.authors
    assert aletheia.orgs == []


def test_code_count_matches_the_page(mirrokni):
    assert sum(p.has_code for p in mirrokni.papers) == 4


def test_entry_without_author_line_keeps_its_abstract():
    text = seed_text("002").replace(
        "Seyed Abbas Hosseini, Keivan Alizadeh, Ali Khodadadi et al.\n\n", ""
    )
    capture = parse_capture(text, captured_on=seed_date("002"))
    recurrent = paper(capture, "Recurrent Poisson Factorization")
    assert recurrent.authors == []
    assert recurrent.authors_complete is False
    assert recurrent.abstract.startswith("Poisson factorization is a probabilistic model")


def test_short_page():
    capture = parse_capture(seed_text("002"), captured_on=seed_date("002"))
    assert capture.researcher_name == "Keivan Alizadeh"
    assert len(capture.papers) == 7
    assert capture.metrics.paper_count == 7
    assert capture.papers[1].date == date(2026, 3, 7)  # "CLMar 7", captured 2026-03-10
    assert capture.papers[0].orgs == ["apple-ml", "uw"]
    assert capture.warnings == []


def test_page_cut_after_a_title_skips_that_entry_and_says_so():
    text = seed_text("002")
    title = "SALSA: Soup-based Alignment Learning for Stronger Adaptation in RLHF"
    capture = parse_capture(text[: text.index(title) + len(title)], captured_on=seed_date("002"))
    assert len(capture.papers) == 4
    assert len(capture.warnings) == 1
    assert title in capture.warnings[0] and "line 41" in capture.warnings[0]


def test_page_cut_mid_abstract_keeps_the_entry_and_warns():
    text = seed_text("002")
    cut = text.index("Deep learning models excel in stationary data") + 60
    capture = parse_capture(text[:cut], captured_on=seed_date("002"))
    assert len(capture.papers) == 6
    assert "Barriers for Learning in an Evolving World" in capture.warnings[0]


def test_capture_time_may_be_a_datetime():
    from datetime import datetime

    capture = parse_capture(seed_text("002"), captured_on=datetime(2026, 3, 10, 18, 30))
    assert capture.papers[1].date == date(2026, 3, 7)


def test_last_abstract_stopping_mid_sentence_is_flagged_as_possibly_cut(mirrokni):
    # The seed's last abstract ends "… compared to existing approaches" with no full stop.
    assert len(mirrokni.warnings) == 1
    assert "PiKE: Adaptive Data Mixing" in mirrokni.warnings[0] and "line 356" in mirrokni.warnings[0]
    assert mirrokni.papers[-1].title.startswith("PiKE")


# Variants real captures carry and the seeds do not.
_VARIANT = """{chrome}Jane Doe

LG
CV
{metrics}

12 Papers

97.7LGJun 2
Alpha Paper: Things

Jane Doe, Bob Jones

We do alpha. It works.

CVDec 30Code
Beta Paper

Jane Doe et al.

Beta abstract here.

stat.MLJan 3
Gamma Paper

· google, mit

Gamma abstract.
"""


def _variant(chrome="", metrics="h-index12\n1.5kpapers\n2.3Mcitations\nNovelty60%\nAI Score63"):
    return parse_capture(_VARIANT.format(chrome=chrome, metrics=metrics), captured_on=date(2026, 1, 10))


def test_author_line_with_only_organisations_gives_orgs_and_no_authors():
    gamma = paper(_variant(), "Gamma")
    assert gamma.authors == []
    assert gamma.authors_complete is False
    assert gamma.orgs == ["google", "mit"]
    assert gamma.abstract == "Gamma abstract."


def test_site_navigation_copied_above_the_profile_is_not_the_name():
    capture = _variant(chrome="alphaXiv\nExplore\nSign in\n\n")
    assert capture.researcher_name == "Jane Doe"
    assert capture.topics == ["LG", "CV"]


def test_metrics_with_k_and_m_suffixes_and_dates_across_new_year():
    capture = _variant()
    assert (capture.metrics.paper_count, capture.metrics.citations) == (1500, 2_300_000)
    # Captured 2026-01-10: "Dec 30" and "Jun 2" are last year, "Jan 3" this year.
    assert [p.date for p in capture.papers] == [date(2025, 6, 2), date(2025, 12, 30), date(2026, 1, 3)]
    assert [p.categories for p in capture.papers] == [["LG"], ["CV"], ["stat.ML"]]


def test_page_without_metrics_still_names_the_researcher():
    capture = _variant(metrics="")
    assert capture.researcher_name == "Jane Doe"
    assert capture.metrics.h_index is None and capture.metrics.paper_count == 12


def test_several_categories_run_together_are_each_kept():
    text = _VARIANT.format(chrome="", metrics="h-index12").replace("97.7LGJun 2", "97.7LGAIJun 2")
    capture = parse_capture(text, captured_on=date(2026, 1, 10))
    assert paper(capture, "Alpha").categories == ["LG", "AI"]
    assert paper(capture, "Alpha").date == date(2025, 6, 2)
