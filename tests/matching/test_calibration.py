"""The score is absolute and calibrated: the same closeness scores the same whoever else is in
the catalogue, it reads as a probability, and the fit label is read off it by one rule."""
import json
from datetime import date

import numpy as np

from matching.calibrate import logistic_fit
from matching.calibration import CALIBRATION_FILE, Calibration, shipped_calibration
from matching.index import MatchIndex
from matching.ranking import ApplicantQuery

TODAY = date(2026, 6, 1)


def researcher(rid, name):
    return {"id": rid, "name": name, "slug": name.lower().replace(" ", "-"), "affiliation": "", "topics": [],
            "about": "", "taking_students": "unknown", "captured_on": TODAY}


PAPERS = {
    1: ("Ada Sketch", "Randomized sketching for least squares regression",
        "We study randomized sketching methods that solve overdetermined least squares problems quickly."),
    2: ("Ben Graph", "Community detection in sparse random graphs",
        "Spectral methods recover planted communities in sparse stochastic block models."),
    3: ("Cy Proteins", "Protein structure prediction with attention",
        "Attention networks predict protein folds from amino acid sequences."),
    4: ("Dee Exact", "Randomized sketching for least squares",
        "Randomized sketching for least squares: sketching solves least squares fast."),
}
# Forty researchers on other subjects, so that words have the rarity they have in a real catalogue.
SUBJECTS = ["bird migration", "coral reef ecology", "volcanic ash", "medieval trade routes", "tax policy",
            "soil microbes", "glacier retreat", "urban housing", "jazz harmony", "river sediment"]
ANGLES = ["field survey of", "a history of", "measuring", "models of"]
for n, (subject, angle) in enumerate(((s, a) for s in SUBJECTS for a in ANGLES), start=100):
    PAPERS[n] = (f"Filler {n}", f"{angle.capitalize()} {subject}", f"We report {angle} {subject} over ten years.")
FILLERS = [n for n in PAPERS if n >= 100]


def build(ids, **kw):
    ids = list(ids) + FILLERS
    return MatchIndex(researchers=[researcher(i, PAPERS[i][0]) for i in ids],
                      papers=[{"id": i, "title": PAPERS[i][1], "abstract": PAPERS[i][2], "date": date(2025, 1, 1)}
                              for i in ids],
                      authorships=[(i, i) for i in ids], today=TODAY, **kw)


def score_of(index, rid, text="randomized sketching for least squares"):
    ranking = index.rank(ApplicantQuery(interests=text))
    return ranking.explain(rid).score


def test_a_closer_researcher_joining_does_not_lower_anyone_elses_score():
    alone, joined = build([1, 2, 3]), build([1, 2, 3, 4])
    assert score_of(joined, 4) > score_of(joined, 1)  # Dee is closer, and ranked first...
    # ...yet Ada's score barely moves (only the words' rarity changes with the catalogue),
    assert abs(score_of(alone, 1) - score_of(joined, 1)) < 0.05
    # where the scoring before divided by the best researcher: Ada fell.
    before_alone, before_joined = build([1, 2, 3], relative=True), build([1, 2, 3, 4], relative=True)
    assert score_of(before_alone, 1) - score_of(before_joined, 1) > 0.1


def test_the_best_match_for_an_unrelated_query_is_not_called_close():
    index = build([1, 2, 3])
    best = index.rank(ApplicantQuery(interests="medieval poetry and graph theory of rhyme")).top(1)[0]
    squarely = index.rank(ApplicantQuery(interests="randomized sketching for least squares regression")).top(1)[0]
    assert best.score < 0.5 and best.fit == "weak"
    assert squarely.score > 0.6 and squarely.fit == "strong"


def test_fit_label_is_one_rule_on_the_score():
    cal = shipped_calibration()
    assert [cal.fit_label(s) for s in (cal.strong, cal.good, cal.good - 1e-6)] == ["strong", "good", "weak"]
    assert 0 < cal.good < cal.strong < 1


def test_shipped_calibration_says_how_it_was_fitted():
    raw = json.loads(CALIBRATION_FILE.read_text())
    cal = Calibration.from_json(raw)
    assert cal == shipped_calibration()
    assert raw["fitted"]["pairs"] > 10_000 and raw["fitted"]["positives"] > 500
    assert "tuning split" in raw["fitted"]["data"] and "test" not in raw["fitted"]["data"]
    # The topic probability rises with the fit.
    assert cal.topic_slope > 0 and np.all(np.diff(cal.topic(np.linspace(0, 2, 9))) > 0)


def test_logistic_fit_recovers_known_parameters():
    rng = np.random.default_rng(0)
    x = rng.uniform(-2, 2, 20_000)
    y = (rng.uniform(size=x.size) < 1 / (1 + np.exp(-(0.5 + 2.0 * x)))).astype(float)
    a, b, _ = logistic_fit(x, y)
    # Balanced weighting moves the intercept by the log of the class ratio, not the slope.
    assert abs(b - 2.0) < 0.15
    assert abs(a - (0.5 - np.log(y.mean() / (1 - y.mean())))) < 0.1


OFF_TOPIC = ["medieval French poetry and troubadour songs", "labor economics and minimum wage policy",
             "machine learning", "deep learning for medical imaging", "federated learning",
             "protein folding with molecular dynamics", "climate modelling of ocean currents", "Renaissance art history",
             "corporate finance and mergers", "quantum chromodynamics on the lattice",
             "organic chemistry synthesis of alkaloids", "sociology of religion", "marine biology of coral reefs",
             "early childhood education policy", "wind turbine blade design", "Byzantine numismatics",
             "crop yield prediction from satellite images", "political polarisation on social media",
             "neural networks", "data science"]


def test_on_the_seed_catalogue_statements_are_mostly_strong_and_off_topic_never_a_fit():
    from matching.evaluation import TODAY as EVAL_TODAY, expected_id, interest_statements, statements_catalogue

    seeds = statements_catalogue()
    index = MatchIndex(**{k: seeds[k] for k in ("researchers", "papers", "authorships")}, today=EVAL_TODAY)
    fits = [index.rank(ApplicantQuery(interests=s.text)).explain(expected_id(s, seeds["seed"])).fit
            for s in interest_statements()]
    assert fits.count("strong") >= 40 and fits.count("weak") <= 8
    for text in OFF_TOPIC:
        assert {m.fit for m in index.rank(ApplicantQuery(interests=text)).top(10)} <= {"weak"}, text
