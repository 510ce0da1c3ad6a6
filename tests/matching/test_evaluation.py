"""The evaluation on the seed captures: the method clears a floor the plain baseline does not."""
import pytest

from matching.evaluation import (
    BASELINE,
    _fold_catalogue,
    build_queries,
    evaluate,
    seed_catalogue,
)

APP = "bm25+recency, best 5 papers (app)"
TOP1_FLOOR = 0.68
MRR_FLOOR = 0.80


@pytest.fixture(scope="module")
def report(request):
    seeds = request.config.rootpath / "seeds"
    return evaluate(seeds, methods={APP: {}})


def test_method_clears_the_floor_that_the_baseline_misses(report):
    method, baseline = report["methods"][APP]["all"], report["methods"][BASELINE]["all"]
    assert method["n"] == report["queries"] >= 100
    assert method["top1"] >= TOP1_FLOOR and method["mrr"] >= MRR_FLOOR
    assert baseline["top1"] < TOP1_FLOOR and baseline["mrr"] < MRR_FLOOR


def test_no_query_copies_a_title_left_in_its_index(request):
    catalogue = seed_catalogue(request.config.rootpath / "seeds")
    queries = build_queries(catalogue)
    assert {q.kind for q in queries} == {"title", "abstract"}
    for fold in {q.fold for q in queries}:
        held = {q.paper_id for q in queries if q.fold == fold}
        remaining = {p["title"].lower() for p in _fold_catalogue(catalogue, held)["papers"]}
        for q in queries:
            if q.fold == fold and q.kind == "title":
                assert q.text.lower() not in remaining
