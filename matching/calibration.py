"""The shipped scoring parameters (matching/model/calibration.json): the hybrid's weights and
the logistic calibration that turns a researcher's raw fit into the score a match shows.

The score is absolute: nothing in it is divided by the query's best paper or best researcher,
so 0.6 means the same closeness for every query and every catalogue. It reads as a
probability: of the researchers given this topic score on the tuning queries, about this
share had written the paper the query was taken from (docs/matching.md says how it was
fitted); the applicant's other axes then move its odds a little.
``python -m matching.calibrate`` refits it on the tuning splits and rewrites the file.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

import numpy as np

CALIBRATION_FILE = Path(__file__).resolve().parent / "model" / "calibration.json"


@dataclass(frozen=True)
class Calibration:
    # A paper's fit: semantic_weight × (cosine − cosine_floor)/(1 − cosine_floor), clipped at 0,
    # + (1 − semantic_weight) × BM25 / max(query mass, mass_floor)**mass_power, where the
    # query mass is Σ weight × idf of the query's terms: the BM25 a paper holding every query
    # word would get (before saturation), a property of the query alone. The floor keeps a
    # two-word generic query ("machine learning", low idf) from counting as fully met by any
    # paper that says "machine learning"; the power (measured) lets a long query's many
    # matching words count for more than a short one's few, but less than in proportion.
    semantic_weight: float = 0.6
    cosine_floor: float = 0.55
    best_decay: float = 0.3
    mass_floor: float = 12.0
    mass_power: float = 0.5
    # The researcher's own topics and about, against their papers.
    profile_weight: float = 0.15
    # Topic axis = σ(topic_intercept + topic_slope × raw topic fit).
    topic_intercept: float = -4.0
    topic_slope: float = 6.0
    # The other axes move the score's log-odds: by other_axes_logit × (axis − 0.5) × the axis's
    # weight over the topic's weight (at the default weights a method axis of 1 rather than 0
    # adds 0.08 to the log-odds). Neutral axes (0.5) leave the topic's probability.
    other_axes_logit: float = 0.25
    # Fit labels from the score alone: strong at or above ``strong``, good at or above ``good``.
    strong: float = 0.5
    good: float = 0.25
    fitted: dict = field(default_factory=dict, compare=False)

    def topic(self, raw: np.ndarray) -> np.ndarray:
        return _sigmoid(self.topic_intercept + self.topic_slope * np.asarray(raw, dtype=np.float64))

    def topic_logit(self, raw: np.ndarray) -> np.ndarray:
        return self.topic_intercept + self.topic_slope * np.asarray(raw, dtype=np.float64)

    def score(self, topic_raw: np.ndarray, others: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
        """The score: the topic's probability, its odds moved by the other axes as weighted
        by the applicant (a positive topic weight; without one the index takes the weighted
        mean of the other axes)."""
        shift = sum(weights[a] * (np.asarray(v, dtype=np.float64) - 0.5) for a, v in others.items())
        return _sigmoid(self.topic_logit(topic_raw) + self.other_axes_logit * shift / weights["topic"])

    def fit_label(self, score: float) -> str:
        """strong, good or weak: one rule, read off the score."""
        return "strong" if score >= self.strong else "good" if score >= self.good else "weak"

    def to_json(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, data: dict) -> "Calibration":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # = 1/(1+e^-x), without overflow warnings


@lru_cache(maxsize=1)
def shipped_calibration() -> Calibration:
    """The calibration in matching/model/calibration.json (the defaults above when absent)."""
    try:
        return Calibration.from_json(json.loads(CALIBRATION_FILE.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return Calibration()
