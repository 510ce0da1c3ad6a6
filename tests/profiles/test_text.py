"""LaTeX in paper titles and abstracts is shown as text, and plain prose is left alone."""
from datetime import date

import pytest
from hypothesis import given, strategies as st

from matching.index import MatchIndex
from matching.ranking import ApplicantQuery
from profiles.text import latex_to_text
from tests.factories.matching import researcher_with_papers


@pytest.mark.parametrize(("raw", "shown"), [
    (r"ECO: Quantized Training without $\textit{master weights}$", "ECO: Quantized Training without master weights"),
    (r"$\spadesuit$ SPADE $\spadesuit$ Split Peak Attention", "♠ SPADE ♠ Split Peak Attention"),
    (r"Approximations for Euclidean $k$-means and $k$-median", "Approximations for Euclidean k-means and k-median"),
    (r"in $O(n \log n)$ time, 5% faster & ~10x smaller", "in O(n log n) time, 5% faster & ~10x smaller"),
    ("No LaTeX here: 50% of {braces} stay", "No LaTeX here: 50% of {braces} stay"),
])
def test_latex_is_shown_as_text(raw, shown):
    assert latex_to_text(raw) == shown


@given(st.text(max_size=200))
def test_any_text_converts_without_error(text):
    assert isinstance(latex_to_text(text), str)


def test_match_reasons_show_titles_and_snippets_without_latex():
    papers = [{"id": 1, "title": r"Quantized training without $\textit{master weights}$",
               "abstract": r"We train in low precision without $\textit{master weights}$ and keep accuracy.",
               "date": date(2026, 1, 1)}]
    researchers = [{"id": 1, "name": "Q", "slug": "q", "affiliation": "", "topics": [], "about": "",
                    "taking_students": "unknown", "captured_on": date(2026, 1, 1)}]
    index = MatchIndex(researchers=researchers, papers=papers, authorships=[(1, 1)], today=date(2026, 6, 1))
    reason = index.rank(ApplicantQuery(interests="low precision training master weights")).top(1)[0].reasons[0]
    assert reason.title == "Quantized training without master weights"
    assert "$" not in reason.snippet and "\\textit" not in reason.snippet and "master weights" in reason.snippet


@pytest.mark.django_db
def test_researcher_page_shows_paper_titles_without_latex(client):
    researcher = researcher_with_papers([(r"$\spadesuit$ SPADE $\spadesuit$ Split Peak Attention", "Peaks.",
                                          date(2025, 1, 1))], name="Sam Spade")
    html = client.get(researcher.get_absolute_url()).content.decode()
    assert "♠ SPADE ♠ Split Peak Attention" in html and "\\spadesuit" not in html
