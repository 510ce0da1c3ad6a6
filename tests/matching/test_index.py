"""The ranking index on plain rows: axes, reasons, weights, activity, the no-paper case."""
from datetime import date

import pytest

from applicants.weights import DEFAULT_WEIGHTS, weights_clean
from matching.index import MatchIndex
from matching.ranking import ApplicantQuery

TODAY = date(2026, 6, 1)


def researcher(rid, name, topics=(), about="", captured_on=TODAY, **extra):
    return {"id": rid, "name": name, "slug": name.lower().replace(" ", "-"), "affiliation": f"{name} University",
            "topics": list(topics), "about": about, "taking_students": "unknown",
            "taking_students_source": "", "taking_students_on": None, "captured_on": captured_on, **extra}


OPT = [
    (1, "Bilevel optimization for data mixing", "We study bilevel optimization to choose data mixing weights "
        "for language model pretraining. Hypergradients converge under strong convexity.", date(2026, 2, 1)),
    (2, "Convergence of stochastic gradient descent in minimax games", "Nonconvex minimax optimization with "
        "stochastic gradient descent; we prove convergence to stationary points.", date(2025, 5, 1)),
    (3, "Fair resource allocation", "Allocation of divisible resources among agents with fairness constraints.",
        date(2018, 3, 1)),
]
VISION = [
    (10, "Object detection with convolutional networks", "A convolutional neural network detects objects "
         "in street images; trained in PyTorch.", date(2025, 9, 1)),
    (11, "Semantic segmentation of satellite images", "Segmentation of land cover from satellite images.",
         date(2019, 1, 1)),
]
DRIFT = [  # moved from vision to optimization recently
    (20, "Image denoising with wavelets", "Wavelet image denoising for photographs.", date(2016, 1, 1)),
    (21, "Image restoration priors", "Image priors for restoration of photographs.", date(2017, 1, 1)),
    (22, "Bilevel optimization of hyperparameters", "Bilevel optimization tunes hyperparameters by "
         "hypergradient descent.", date(2025, 1, 1)),
]


def build(extra_researchers=(), extra_papers=(), extra_authorships=(), **kw):
    researchers = [researcher(1, "Olga Optimizer", topics=["Mathematical optimization"]),
                   researcher(2, "Victor Vision", topics=["Computer vision"]),
                   researcher(3, "Dana Drift", topics=["Signal processing"]),
                   researcher(4, "Paul Profile", topics=["Bilevel optimization"],
                              about="Works on bilevel optimization.", captured_on=date(2024, 1, 1)),
                   *extra_researchers]
    papers, authorships = [], []
    for rid, rows in ((1, OPT), (2, VISION), (3, DRIFT)):
        for pid, title, abstract, day in rows:
            papers.append({"id": pid, "title": title, "abstract": abstract, "date": day})
            authorships.append((rid, pid))
    return MatchIndex(researchers=researchers, papers=papers + list(extra_papers),
                      authorships=authorships + list(extra_authorships), today=TODAY, **kw)


def test_researcher_whose_papers_share_the_interests_ranks_first():
    ranking = build().rank(ApplicantQuery(interests="bilevel optimization for data mixing"))
    assert ranking.top(1)[0].name == "Olga Optimizer"
    names = [m.name for m in ranking.top(10)]
    assert "Victor Vision" not in names  # nothing of theirs shares a term


def test_every_match_has_four_axes_between_zero_and_one():
    match = build().rank(ApplicantQuery(interests="bilevel optimization", methods="stochastic gradient descent")).top(1)[0]
    assert set(match.axes) == {"topic", "method", "trajectory", "certainty"}
    assert all(0.0 <= v <= 1.0 for v in match.axes.values())
    assert match.axes["method"] > 0


def test_reasons_are_the_papers_that_contributed_most_with_snippet_and_terms():
    match = build().rank(ApplicantQuery(interests="bilevel optimization data mixing weights")).top(1)[0]
    assert match.reasons[0].title == "Bilevel optimization for data mixing"
    assert match.reasons[0].date == date(2026, 2, 1)
    assert "data mixing" in match.reasons[0].snippet
    assert len(match.reasons) <= 3 and all(r.title != "Fair resource allocation" for r in match.reasons)
    # The applicant's own phrase, whole, rather than its words one by one.
    assert "bilevel optimization data mixing" in match.terms


def test_coauthors_standing_on_one_paper_each_show_it_and_only_their_own_papers():
    # Paper 1 is Olga's and, here, Dana's too: both stand on it for this query. Each reason is
    # read once per ranking, so the second must still get the same paper, and no paper of the other.
    index = build(extra_authorships=[(3, 1)])
    ranking = index.rank(ApplicantQuery(interests="bilevel optimization data mixing weights"))
    olga, dana = ranking.explain(1), ranking.explain(3)
    def shown(match):
        return [(r.title, r.snippet, r.date) for r in match.reasons if r.paper_id == 1]

    assert shown(olga) == shown(dana) == [("Bilevel optimization for data mixing",
                                          shown(olga)[0][1], date(2026, 2, 1))]
    assert {r.paper_id for r in olga.reasons} <= {1, 2, 3}
    assert {r.paper_id for r in dana.reasons} <= {1, 20, 21, 22}
    assert "data mixing" in next(r for r in dana.reasons if r.paper_id == 1).snippet


def test_a_score_resting_on_no_paper_says_so_and_gets_no_trajectory_or_certainty():
    ranking = build().rank(ApplicantQuery(interests="bilevel optimization"))
    paul = ranking.explain(4)
    assert paul.no_paper and paul.reasons == [] and paul.paper_count == 0
    assert paul.axes["trajectory"] == 0 and paul.axes["certainty"] == 0
    assert ranking.position(4) > ranking.position(1)


def test_method_axis_counts_the_applicants_methods_in_the_papers():
    ranking = build().rank(ApplicantQuery(interests="images", methods="PyTorch, convolutional neural network"))
    assert ranking.explain(2).axes["method"] == 1.0
    assert ranking.explain(1).axes["method"] == 0.0


def test_trajectory_shows_recent_work_moving_toward_the_interests():
    ranking = build().rank(ApplicantQuery(interests="bilevel optimization hypergradient"))
    assert ranking.explain(3).trajectory_direction == "toward"
    assert ranking.explain(3).axes["trajectory"] > 0.5
    away = build().rank(ApplicantQuery(interests="satellite images segmentation"))
    assert away.explain(2).trajectory_direction == "away"


def test_weights_change_the_order():
    index = build()
    # Drift fits best but moved away from images; Vision fits less but is steady on images.
    query = "image denoising wavelet restoration photographs images"
    by_topic = index.rank(ApplicantQuery(interests=query, weights={"topic": 1, "method": 0, "trajectory": 0, "certainty": 0}))
    by_trajectory = index.rank(ApplicantQuery(interests=query, weights={"topic": 0, "method": 0, "trajectory": 1, "certainty": 0}))
    assert by_topic.researcher_ids()[0] == 3
    assert by_trajectory.researcher_ids()[0] == 2


def test_activity_counts_and_stale_flags():
    ranking = build().rank(ApplicantQuery(interests="optimization"))
    olga = ranking.explain(1)
    assert (olga.papers_12m, olga.papers_36m, olga.paper_count) == (1, 2, 3)
    assert not olga.newest_paper_old and not olga.capture_stale
    drift = build(stale_days=30).rank(ApplicantQuery(interests="image")).explain(3)
    assert drift.papers_12m == 0 and drift.papers_36m == 1
    paul = ranking.explain(4)
    assert paul.newest_paper_old and paul.capture_stale  # no paper at all; capture from 2024


def test_unknown_ids_in_authorships_are_left_out():
    index = build(extra_papers=[{"id": 99, "title": "Bilevel optimization secret", "abstract": "", "date": TODAY}],
                  extra_authorships=[(77, 99)])
    assert all(p["id"] != 99 for p in index.papers)


def test_query_with_no_known_word_ranks_nobody():
    assert len(build().rank(ApplicantQuery(interests="zzzz qqqq"))) == 0


@pytest.mark.parametrize("weights", [{"topic": "x"}, {}, None, {"topic": 0, "method": 0, "trajectory": 0, "certainty": 0}])
def test_malformed_or_all_zero_weights_fall_back_to_the_defaults(weights):
    assert weights_clean(weights) == DEFAULT_WEIGHTS
    ranking = build().rank(ApplicantQuery(interests="bilevel optimization", weights=weights))
    assert ranking.top(1)[0].name == "Olga Optimizer"


def test_weights_are_clamped_to_zero_to_one():
    assert weights_clean({"topic": -3, "method": 99}) == {**DEFAULT_WEIGHTS, "topic": 0.0, "method": 1.0}


def test_shared_terms_are_the_applicants_phrases_never_cv_boilerplate():
    plasticity = [(30, "Loss of plasticity in deep continual learning", "Empirical analysis of applied research: "
                   "networks lose plasticity in continual learning, for example under distribution shift.",
                   date(2025, 3, 1))]
    index = build(extra_researchers=[researcher(5, "Pia Plastic")],
                  extra_papers=[{"id": pid, "title": t, "abstract": a, "date": d} for pid, t, a, d in plasticity],
                  extra_authorships=[(5, 30)])
    cv = ("Education: BSc in Computer Science. Skills: Python, empirical analysis, applied research, "
          "for example data analysis. Research experience: teaching assistant.")
    own = "loss of plasticity, continual learning"
    match = index.rank(ApplicantQuery(interests=f"{own} {own} {cv}", focus=own)).explain(5)
    assert match.terms[:2] == ["loss of plasticity", "continual learning"]
    assert not {"analysis", "empirical", "applied", "example", "research"} & set(match.terms)
    assert match.fit == "strong"


def test_a_phrase_is_evidence_only_where_its_words_stand_together():
    # "hypergradient descent" (Dana) holds "descent" but not the phrase "gradient descent";
    # "stochastic gradient descent" (Olga) holds it.
    ranking = build().rank(ApplicantQuery(interests="gradient descent"))
    assert "gradient descent" in ranking.explain(1).terms
    assert "gradient descent" not in ranking.explain(3).terms
