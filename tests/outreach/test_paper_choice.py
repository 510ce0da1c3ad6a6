"""Paper choice: the most relevant papers (relevance from the matching index), preferring the
last 18 months, never an old one while a newer relevant one exists, never for one filler word."""
import datetime as dt

from outreach.grounding import is_old
from outreach.paper_choice import PaperOption, choose_papers

TODAY = dt.date(2026, 11, 23)
PAPERS = [
    PaperOption(1, "Sparse Attention for Long Context Transformers", dt.date(2023, 3, 1), "long context models"),
    PaperOption(2, "Graph Coloring Heuristics", dt.date(2026, 5, 1), "greedy coloring"),
    PaperOption(3, "Sparse Attention Revisited", dt.date(2025, 1, 1), "sparse attention for retrieval"),
    PaperOption(4, "Protein Folding Benchmarks", None, ""),
]
# As the matching index would score them for an applicant interested in sparse attention.
RELEVANCE = {1: 6.0, 2: 0.4, 3: 3.0, 4: 0.0}


def test_a_newer_relevant_paper_is_chosen_and_an_old_one_left_out():
    chosen = choose_papers(PAPERS, {"interests": "sparse attention, long context"}, today=TODAY, count=2,
                           relevance=RELEVANCE)
    # Paper 1 is the closest but the check would call it old; paper 3 is relevant and newer.
    assert [c.paper_id for c in chosen] == [3]
    assert chosen[0].reason == "shares: sparse attention; 2025"
    assert not any(is_old(c.date, today=TODAY) for c in chosen)


def test_an_old_paper_is_chosen_only_when_nothing_newer_is_relevant_and_says_so():
    papers = [p for p in PAPERS if p.paper_id != 3]
    chosen = choose_papers(papers, {"interests": "sparse attention, long context"}, today=TODAY, count=2,
                           relevance=RELEVANCE)
    assert [c.paper_id for c in chosen] == [1]
    assert "older than 3 years" in chosen[0].reason


def test_the_last_18_months_are_preferred_between_relevant_papers():
    papers = [PaperOption(1, "Sparse Attention A", dt.date(2024, 6, 1)), PaperOption(2, "Sparse Attention B", dt.date(2025, 9, 1))]
    chosen = choose_papers(papers, {"interests": "sparse attention"}, today=TODAY, count=1, relevance={1: 1.5, 2: 1.0})
    assert chosen[0].paper_id == 2


def test_one_shared_filler_word_is_no_reason_to_choose_a_paper():
    papers = [PaperOption(1, "Efficient Data Selection at Scale", dt.date(2026, 5, 1), "an efficient method"),
              PaperOption(2, "Federated Learning with Stragglers", dt.date(2024, 1, 1), "robust federated training")]
    chosen = choose_papers(papers, {"interests": "federated learning", "methods": "efficient transformers"},
                           today=TODAY, count=2, relevance={1: 2.0, 2: 1.0})
    assert [c.paper_id for c in chosen] == [2]
    assert chosen[0].reason.startswith("shares: federated learning")
    assert "efficient" not in chosen[0].reason


def test_without_relevant_papers_the_most_recent_are_chosen_and_the_reason_says_so():
    chosen = choose_papers(PAPERS, {"interests": "protein design"}, today=TODAY, count=2, relevance=RELEVANCE)
    assert [c.paper_id for c in chosen] == [2, 3]
    assert all("none of their papers here is about your interests" in c.reason for c in chosen)
    assert not any(c.relevant for c in chosen)


def test_without_a_profile_the_most_recent_papers_are_chosen():
    chosen = choose_papers(PAPERS, None, today=TODAY, count=3)
    assert [c.paper_id for c in chosen] == [2, 3, 1]
    assert all(c.reason.startswith("most recent") for c in chosen)


def test_choice_is_deterministic_and_capped_at_three():
    profile = {"interests": "sparse attention, greedy coloring, long context, protein"}
    relevance = {1: 1.0, 2: 1.0, 3: 1.0, 4: 1.0}
    a = choose_papers(PAPERS, profile, today=TODAY, count=9, relevance=relevance)
    b = choose_papers(list(reversed(PAPERS)), profile, today=TODAY, count=9, relevance=relevance)
    assert [c.paper_id for c in a] == [c.paper_id for c in b] == [2, 3, 4]  # 1 is old: left out
