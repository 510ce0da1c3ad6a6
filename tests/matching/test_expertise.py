"""Expertise on real data: a real set of researchers and papers, splits kept apart, and the
shipped method best or tied with today's method and the single signals on both measures."""
import re

import pytest

from matching.evaluation import APP, EXPERTISE_METHODS
from matching.expertise import (
    EXPERTISE_FILE, check_queries_apart, evaluate_expertise, expertise_catalogue, expertise_queries, expertise_set,
    not_worse,
)


@pytest.fixture(scope="module")
def data():
    return expertise_set()


def _norm(text):
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def test_the_set_is_real_researchers_and_their_papers_with_provenance(data):
    assert (EXPERTISE_FILE.parent / "PROVENANCE.md").exists()
    assert data["source"]["repository"] == "https://github.com/papercopilot/paperlists"
    assert re.fullmatch(r"[0-9a-f]{40}", data["source"]["commit"])
    names = set(data["researchers"])
    assert len(names) >= 100
    theirs = [p for p in data["papers"] if names & set(p["authors"])]
    assert len(theirs) >= 2000
    assert all(p["title"] and len(p["abstract"]) >= 100
               and p["url"].startswith(("https://proceedings.mlr.press/", "https://openreview.net/forum?id="))
               for p in data["papers"])


def test_profiles_are_earlier_papers_and_queries_later_ones_never_copied(data):
    catalogue = expertise_catalogue(data)
    assert max(p["date"].year for p in catalogue["papers"]) <= data["profile_until"]
    tune, test = expertise_queries(data, "tune"), expertise_queries(data, "test")
    assert tune and test and not {q.paper_id for q in tune} & {q.paper_id for q in test}
    check_queries_apart(catalogue, tune + test)  # raises on a copied title or abstract
    in_index = {_norm(p["title"]) for p in catalogue["papers"]}
    assert not any(_norm(q.text) in in_index for q in test if q.kind == "title")
    # ...and the check does catch a copy.
    copied = type(test[0])(catalogue["papers"][0]["title"], "title", -1, frozenset())
    with pytest.raises(AssertionError, match="copies a paper of the index"):
        check_queries_apart(catalogue, [copied])


def test_shipped_method_is_best_or_tied_on_both_measures(data):
    report = evaluate_expertise(EXPERTISE_METHODS, split="test", data=data)
    app = report["methods"][APP]
    for kind in ("title", "abstract"):
        assert app[kind]["queries"] >= 300 and app[kind]["researchers"] >= 100
        for name, other in report["methods"].items():
            if name != APP:
                assert all(not_worse(app[kind], other[kind]).values()), (kind, name)
    # Better than chance, and better than the method it replaces on long queries.
    relative = report["methods"]["relative hybrid (the app before the absolute score)"]
    assert app["abstract"]["pair_loss"] < relative["abstract"]["pair_loss"] < 0.5
    assert app["abstract"]["mrr"] > relative["abstract"]["mrr"]
