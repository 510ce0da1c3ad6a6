"""Fits the score's calibration on the tuning splits and writes matching/model/calibration.json.

Labelled pairs: every (query, researcher) pair the index lists, labelled 1 when the researcher
wrote the paper the query comes from (or is the one an interest statement names) and 0
otherwise. Queries: the expertise set's tuning split (papers of 2023, by title and by abstract,
whose authors include a researcher of the catalogue) and the tuning split of the interest
statements on the seed catalogue. Never the test splits.

One logistic regression of one feature (so the order within a query is untouched): the
topic axis = σ(a + b × raw topic fit); the score is that probability with its odds moved by
the other axes (calibration.py). The fit labels are read off the score by STRONG_AT/GOOD_AT.

    python -m matching.calibrate           # refit and rewrite calibration.json
"""
from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date

import numpy as np
from scipy.optimize import minimize

from .calibration import CALIBRATION_FILE, Calibration, shipped_calibration
from .evaluation import TODAY, expected_id, interest_statements, statements_catalogue
from .expertise import expertise_catalogue, expertise_queries, expertise_set
from .index import MatchIndex
from .ranking import ApplicantQuery

# The score at or above which a match is "strong": the odds that this closeness is a
# researcher's fit to their own work rather than to someone else's are 3 to 2 or better;
# "good": even odds or better.
STRONG_AT = 0.6
GOOD_AT = 0.5


def logistic_fit(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Intercept and slope of P(y=1) = σ(a + b·x) by maximum likelihood with the two classes
    weighed equally, and the mean (weighted) log loss."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    # Balanced: the positives (one or two per query) and the negatives (everyone else listed)
    # each carry half the weight, so the fitted probability does not shrink with the size of
    # the catalogue the pairs came from (docs/matching.md, "What a score means").
    w = np.where(y == 1, 0.5 / max(y.mean(), 1e-12), 0.5 / max(1 - y.mean(), 1e-12))

    def loss(theta):
        z = theta[0] + theta[1] * x
        # log(1 + e^z) − y·z, computed stably, and its gradient
        value = w * (np.logaddexp(0, z) - y * z)
        p = 0.5 * (1 + np.tanh(0.5 * z))
        g = w * (p - y)
        return value.mean(), np.array([g.mean(), (g * x).mean()])

    result = minimize(loss, np.array([-3.0, 1.0]), jac=True, method="L-BFGS-B")
    return float(result.x[0]), float(result.x[1]), float(result.fun)


def tuning_pairs(calibration: Calibration, feature: str = "topic_raw") -> tuple[np.ndarray, np.ndarray, int]:
    """``feature`` (a per-researcher array of the ranking) and the label of every listed (query,
    researcher) pair of the tuning splits, and how many queries they came from."""
    xs, ys, n_queries = [], [], 0
    data = expertise_set()
    cat = expertise_catalogue(data)
    index = MatchIndex(researchers=cat["researchers"], papers=cat["papers"], authorships=cat["authorships"],
                       today=cat["today"], calibration=calibration)
    for q in expertise_queries(data, "tune"):
        if not q.authors:
            continue
        ranking = index.rank(ApplicantQuery(interests=q.text))
        value = getattr(ranking, feature)
        listed = ranking.order
        xs.append(value[listed])
        ys.append(np.isin([index.researchers[i]["id"] for i in listed], list(q.authors)))
        n_queries += 1
    seeds = statements_catalogue()
    rows = {k: seeds[k] for k in ("researchers", "papers", "authorships")}
    index = MatchIndex(**rows, today=TODAY, calibration=calibration)
    for s in interest_statements():
        if s.split != "tune":
            continue
        ranking = index.rank(ApplicantQuery(interests=s.text))
        want = expected_id(s, seeds["seed"])
        listed = ranking.order
        xs.append(getattr(ranking, feature)[listed])
        ys.append(np.array([index.researchers[i]["id"] == want for i in listed]))
        n_queries += 1
    return np.concatenate(xs), np.concatenate(ys).astype(float), n_queries


def calibrate(base: Calibration | None = None) -> Calibration:
    base = base or shipped_calibration()
    x, y, n = tuning_pairs(base, "topic_raw")
    a, b, topic_loss = logistic_fit(x, y)
    topic = dataclasses.replace(base, topic_intercept=a, topic_slope=b)
    fitted = {
        "on": date.today().isoformat(),
        "by": "python -m matching.calibrate (logistic regression, maximum likelihood, scipy L-BFGS-B)",
        "pairs": int(len(y)), "positives": int(y.sum()), "queries": n,
        "data": "expertise set tuning split (2023 papers with an author in the catalogue, title and "
                "abstract queries) + interest statements tuning split on the seed catalogue",
        "label": "1 when the researcher wrote the query's paper (or is the one the statement names); "
                 "the two classes weighed equally",
        "topic_log_loss": round(topic_loss, 5), "base_rate": round(float(y.mean()), 5),
        "paper_fit": "semantic_weight, cosine_floor, best_decay, mass_floor, mass_power, profile_weight "
                     "chosen by grid on the tuning queries only: the expertise set's tuning split, fold 0 "
                     "of the seed title/abstract queries and the tuning interest statements "
                     "(docs/matching.md)",
        "fit_rule": f"strong when score >= {STRONG_AT}, good when score >= {GOOD_AT}, else weak",
    }
    return dataclasses.replace(topic, strong=STRONG_AT, good=GOOD_AT, fitted=fitted)


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    cal = calibrate()
    CALIBRATION_FILE.write_text(json.dumps(cal.to_json(), indent=2) + "\n", encoding="utf-8")
    print(json.dumps(cal.to_json(), indent=2))
    sys.exit(0)
