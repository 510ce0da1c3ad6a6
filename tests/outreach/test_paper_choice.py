"""Paper choice prefers what the applicant shares, then recency, and says why."""
import datetime as dt

from outreach.paper_choice import PaperOption, choose_papers

TODAY = dt.date(2026, 11, 23)
PAPERS = [
    PaperOption(1, "Sparse Attention for Long Context Transformers", dt.date(2023, 3, 1), "long context models"),
    PaperOption(2, "Graph Coloring Heuristics", dt.date(2026, 5, 1), "greedy coloring"),
    PaperOption(3, "Sparse Attention Revisited", dt.date(2025, 1, 1), "sparse attention for retrieval"),
    PaperOption(4, "Protein Folding Benchmarks", None, ""),
]


def test_papers_sharing_the_applicants_interests_come_first_with_the_reason():
    chosen = choose_papers(PAPERS, {"interests": "sparse attention, long context"}, today=TODAY, count=2)
    assert [c.paper_id for c in chosen] == [1, 3]
    assert chosen[0].reason.startswith("shares: sparse attention, long context")
    assert chosen[0].reason.endswith("2023")


def test_recency_breaks_a_tie_between_equally_relevant_papers():
    papers = [PaperOption(1, "Sparse Attention A", dt.date(2020, 1, 1)), PaperOption(2, "Sparse Attention B", dt.date(2025, 1, 1))]
    assert choose_papers(papers, {"interests": "sparse attention"}, today=TODAY, count=1)[0].paper_id == 2


def test_without_a_profile_the_most_recent_papers_are_chosen():
    chosen = choose_papers(PAPERS, None, today=TODAY, count=3)
    assert [c.paper_id for c in chosen] == [2, 3, 1]
    assert all(c.reason.startswith("most recent") for c in chosen)


def test_choice_is_deterministic_and_capped_at_three():
    a = choose_papers(PAPERS, {"background": "attention"}, today=TODAY, count=9)
    b = choose_papers(list(reversed(PAPERS)), {"background": "attention"}, today=TODAY, count=9)
    assert [c.paper_id for c in a] == [c.paper_id for c in b] and len(a) == 3
