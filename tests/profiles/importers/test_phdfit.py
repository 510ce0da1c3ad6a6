from datetime import date

import pytest

from profiles.importers import CaptureError, parse_capture

from .seeds import seed_date, seed_text

CAPTURED_ON = date(2026, 5, 20)


@pytest.fixture(scope="module")
def razaviyayn():
    return parse_capture(seed_text("000"), captured_on=seed_date("000"))


def test_header_splits_title_from_institution_at_the_verified_badge(razaviyayn):
    assert razaviyayn.layout == "phdfit"
    assert razaviyayn.researcher_name == "Meisam Razaviyayn"
    assert razaviyayn.title == (
        "Andrew and Erna Viterbi Early Career Chair and Associate Professor Industrial and "
        "Systems Engineering, Computer Science, and Electrical and Computer Engineering"
    )
    assert razaviyayn.affiliation == "University of Southern California"
    assert razaviyayn.department == "Daniel J. Epstein Department of Industrial and Systems Engineering"
    assert (razaviyayn.active_from, razaviyayn.active_to) == (2008, 2026)


def test_about_topics_and_labs(razaviyayn):
    assert razaviyayn.about.startswith("Meisam Razaviyayn is an Associate Professor")
    assert len(razaviyayn.topics) == 13
    assert razaviyayn.topics[0] == "Computer Science"
    assert razaviyayn.topics[-1] == "Medicine"
    assert razaviyayn.labs == "Focuses on designing efficient large-scale algorithms for machine learning."


def test_coauthors_keep_counts_and_optional_affiliations(razaviyayn):
    coauthors = {c.name: (c.shared_papers, c.affiliation) for c in razaviyayn.coauthors}
    assert len(razaviyayn.coauthors) == 8
    assert coauthors["Zhi-Quan Luo"] == (47, None)  # odd hyphen U+2010 made plain
    assert coauthors["Babak Barazandeh"] == (31, "Splunk (United States)")
    assert coauthors["Maher Nouiehed"] == (26, "American University of Beirut")
    assert coauthors["Jason D. Lee"] == (23, None)


def test_education_pairs_degree_with_institution(razaviyayn):
    assert [(e.degree, e.institution) for e in razaviyayn.education] == [
        ("Ph.D., Electrical Engineering (minor in Computer Science)", "University of Minnesota"),
        ("M.S., Mathematics", "University of Minnesota"),
    ]


def test_awards_stop_where_the_marketing_bullets_begin(razaviyayn):
    assert razaviyayn.awards == [
        "2022 NSF CAREER Award",
        "2022 Northrop Grumman Excellence in Teaching Award",
        "2021 AFOSR Young Investigator Award",
        "2021 3M Nontenured Faculty Award",
        "2020 ICCM Best Paper Award in Mathematics",
    ]


def test_a_paper_listed_under_two_venues_is_one_paper(razaviyayn):
    # 10 listings (grep the date lines), 6 distinct titles.
    assert len(razaviyayn.papers) == 6
    caching = next(p for p in razaviyayn.papers if p.title == "Memory Caching: RNNs with Growing Memory")
    assert caching.venues == ["ArXiv.org", "Open MIND"]
    assert caching.open_access is True  # only the first listing says so
    sampling = next(p for p in razaviyayn.papers if p.title.startswith("Sampling More, Getting Less"))
    assert sampling.venues == ["ArXiv.org", "arXiv (Cornell University)"]


LOVELACE = """Ada Lovelace
· Visiting ScholarVerifiedUniversity of London · Department of Mathematics
Active 1840–1852
Selected publications
Notes on the Analytical Engine
Scientific Memoirs · 1843-09-01
articleThe engine might compose elaborate
Notes on the  Analytical Engine
Taylor's Memoirs · 1843-09
preprintOpen accessThe engine might compose elaborate and scientific pieces of music.
Awards & honors
- 1843 Translator's Prize
- Save to shortlist
"""


def test_merged_paper_keeps_both_venues_the_longest_abstract_and_open_access():
    capture = parse_capture(LOVELACE, captured_on=CAPTURED_ON)
    (notes,) = capture.papers
    assert notes.title == "Notes on the Analytical Engine"
    assert notes.venues == ["Scientific Memoirs", "Taylor's Memoirs"]
    assert notes.abstract == "The engine might compose elaborate and scientific pieces of music."
    assert notes.open_access is True
    assert notes.date == date(1843, 9, 1)
    assert notes.line == 5
    assert capture.awards == ["1843 Translator's Prize"]


def test_publication_fields(razaviyayn):
    first = razaviyayn.papers[0]
    assert first.title == "Less is More: Convergence Benefits of Fewer Data Weight Updates over Longer Horizon"
    assert first.date == date(2026, 2, 23)
    assert first.kind == "preprint"
    assert first.open_access is True
    assert first.abstract.startswith("Data mixing--the strategic reweighting")
    assert first.line == 22
    bare = next(p for p in razaviyayn.papers if p.title.startswith("Efficient Algorithms for Estimating"))
    assert bare.venues == [] and bare.date == date(2025, 8, 31)
    assert bare.kind == "article" and bare.open_access is False
    assert bare.abstract.startswith("Mixed linear regression (MLR)")


def test_partial_dates_are_the_first_of_the_month_or_year():
    text = seed_text("000").replace("ArXiv.org · 2025-05-29", "ArXiv.org · 2025-05").replace(
        "\n2025-08-31\n", "\n2024\n"
    )
    capture = parse_capture(text, captured_on=CAPTURED_ON)
    dates = {p.title[:20]: p.date for p in capture.papers}
    assert dates["ATLAS: Learning to O"] == date(2025, 5, 1)
    assert dates["Efficient Algorithms"] == date(2024, 1, 1)


def test_marketing_is_recognised_without_the_see_your_match_line():
    text = seed_text("000").split("See your match with")[0]
    capture = parse_capture(text, captured_on=CAPTURED_ON)
    assert len(capture.awards) == 5
    assert not any("shortlist" in award for award in capture.awards)


def test_marketing_after_education_when_there_are_no_awards():
    text = seed_text("000")
    text = text[: text.index("Awards & honors")] + text[text.index("- Resume-aware"):]
    capture = parse_capture(text, captured_on=CAPTURED_ON)
    assert capture.awards == []
    assert len(capture.education) == 2
    assert capture.education[-1].institution == "University of Minnesota"


def test_markup_in_a_title_stays_literal_text():
    text = seed_text("000").replace(
        "Memory Caching: RNNs with Growing Memory", "Memory <script>alert(1)</script>  Caching"
    )
    capture = parse_capture(text, captured_on=CAPTURED_ON)
    assert any(p.title == "Memory <script>alert(1)</script> Caching" for p in capture.papers)


def test_truncated_profile_keeps_whole_publications_and_names_the_cut_one():
    text = seed_text("000")
    cut_title = "Early Stopping for Large Reasoning Models via Confidence Dynamics"
    truncated = text[: text.index(cut_title) + len(cut_title)]
    capture = parse_capture(truncated, captured_on=CAPTURED_ON)
    assert [p.title for p in capture.papers] == [
        "Less is More: Convergence Benefits of Fewer Data Weight Updates over Longer Horizon",
        "Sampling More, Getting Less: Calibration is the Diversity Bottleneck in LLMs",
        "Memory Caching: RNNs with Growing Memory",
    ]
    assert len(capture.warnings) == 1
    assert cut_title in capture.warnings[0] and "line 37" in capture.warnings[0]


def test_profile_cut_mid_abstract_warns_about_that_publication():
    text = seed_text("000")
    middle = text.index("Memory Caching allows the effective memory capacity")
    capture = parse_capture(text[:middle], captured_on=CAPTURED_ON)
    assert capture.papers[-1].title == "Memory Caching: RNNs with Growing Memory"
    assert "Memory Caching: RNNs with Growing Memory" in capture.warnings[0]


def test_profile_with_only_a_header_still_names_the_researcher():
    text = "Ada Lovelace\n· ProfessorVerifiedUniversity of London · Mathematics\nActive 1840–1852\nResearch topics\n- Analysis\nSelected publications\n"
    capture = parse_capture(text, captured_on=CAPTURED_ON)
    assert capture.researcher_name == "Ada Lovelace"
    assert capture.papers == []
    assert capture.topics == ["Analysis"]


def test_forcing_phdfit_on_another_layout_is_refused():
    with pytest.raises(CaptureError) as refused:
        parse_capture(seed_text("004"), captured_on=CAPTURED_ON, layout="phdfit")
    assert "PhdFit" in str(refused.value)
    assert "arXiv" in str(refused.value)


def test_marketing_right_after_the_publications_is_neither_abstract_nor_cut():
    text = LOVELACE.split("Awards & honors")[0] + "- Resume-aware match score\n- Save to shortlist\n"
    capture = parse_capture(text, captured_on=CAPTURED_ON)
    (notes,) = capture.papers
    assert notes.abstract == "The engine might compose elaborate and scientific pieces of music."
    assert capture.warnings == []


def test_bullets_inside_an_earlier_section_are_kept():
    text = LOVELACE.replace(
        "Selected publications", "About\nShe wrote:\n- the first program\n- notes on the engine\nSelected publications"
    )
    capture = parse_capture(text, captured_on=CAPTURED_ON)
    assert capture.about == "She wrote:\n- the first program\n- notes on the engine"


# A profile unlike the seed: no badge, no department, no Active line, a coauthor without a
# count, an award without a year, a bare-date publication without a kind.
DOE = """Jane Q. Doe
· Professor of Computer Science · Stanford University
About
Jane works on learning.
Research topics
- Machine learning
Selected publications
Paper One: A Study
NeurIPS · 2024-12-01
articleOpen accessWe study one.
Paper Two
2023-05-02
We study two without a kind.
Frequent coauthors
- 12 shared
Alice Smith
MIT
- 3 shared
Bob Jones
Carol White
- 5 shared
Dan Brown
Carnegie Mellon
Education
Ph.D., Computer Science
MIT
Awards & honors
- 2020 Best Paper Award
- Sloan Research Fellowship
- IEEE Fellow
- Resume-aware match score
- Save to shortlist
See your match with Jane Q. Doe
"""


def test_profile_without_badge_department_or_active_line():
    capture = parse_capture(DOE, captured_on=CAPTURED_ON)
    assert capture.researcher_name == "Jane Q. Doe"
    assert (capture.title, capture.affiliation, capture.department) == (
        "Professor of Computer Science", "Stanford University", None,
    )
    assert capture.active_from is None and capture.active_to is None
    two = capture.papers[1]
    assert (two.title, two.date, two.venues, two.kind) == ("Paper Two", date(2023, 5, 2), [], "")
    assert two.abstract == "We study two without a kind."


def test_coauthor_without_a_count_is_a_coauthor_not_an_affiliation():
    capture = parse_capture(DOE, captured_on=CAPTURED_ON)
    assert [(c.name, c.shared_papers, c.affiliation) for c in capture.coauthors] == [
        ("Alice Smith", 12, "MIT"),
        ("Bob Jones", 3, None),
        ("Carol White", None, None),
        ("Dan Brown", 5, "Carnegie Mellon"),
    ]


def test_coauthor_counts_written_after_the_name():
    text = DOE.replace("- 12 shared\nAlice Smith\nMIT\n- 3 shared\nBob Jones\n", "Alice Smith\n- 12 shared\nMIT\nBob Jones\n- 3 shared\n")
    capture = parse_capture(text, captured_on=CAPTURED_ON)
    assert [(c.name, c.shared_papers, c.affiliation) for c in capture.coauthors][:2] == [
        ("Alice Smith", 12, "MIT"), ("Bob Jones", 3, None),
    ]


def test_awards_without_a_year_are_kept_and_marketing_still_dropped():
    capture = parse_capture(DOE, captured_on=CAPTURED_ON)
    assert capture.awards == ["2020 Best Paper Award", "Sloan Research Fellowship", "IEEE Fellow"]
    cut = parse_capture(DOE.split("See your match")[0], captured_on=CAPTURED_ON)
    assert cut.awards == capture.awards


def test_abstract_starting_in_lowercase_keeps_its_first_word():
    text = DOE.replace("articleOpen accessWe study one.", "preprintmRNA vaccines are studied.").replace(
        "We study two without a kind.", "articleOpen accessk-means is fine."
    )
    one, two = parse_capture(text, captured_on=CAPTURED_ON).papers
    assert (one.kind, one.open_access, one.abstract) == ("preprint", False, "mRNA vaccines are studied.")
    assert (two.kind, two.open_access, two.abstract) == ("article", True, "k-means is fine.")


def test_a_paper_listed_twice_takes_its_earliest_date():
    text = DOE.replace(
        "Paper Two\n2023-05-02\n", "Paper One: A Study\narXiv · 2024-03-15\npreprintWe study one.\nPaper Two\n2023-05-02\n"
    )
    one = parse_capture(text, captured_on=CAPTURED_ON).papers[0]
    assert one.title == "Paper One: A Study"
    assert one.venues == ["NeurIPS", "arXiv"]
    assert one.date == date(2024, 3, 15)  # the preprint, though the venue is listed first
