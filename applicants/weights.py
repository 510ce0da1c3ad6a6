"""How much each match axis matters to an applicant: the weights they set on their profile.

The applicant owns these preferences; the matching app reads them when it ranks."""
from __future__ import annotations

import math

AXES = ("topic", "method", "trajectory", "certainty")
DEFAULT_WEIGHTS = {"topic": 0.6, "method": 0.2, "trajectory": 0.1, "certainty": 0.1}
AXIS_HELP = {
    "topic": "What they work on against your interests.",
    "method": "The methods and tools in their papers against the ones you have used.",
    "trajectory": "Whether their recent work moves toward your interests.",
    "certainty": "How much evidence the score stands on.",
}


def weights_clean(weights: dict | None) -> dict[str, float]:
    """The applicant's axis weights, each within 0..1, defaults for any missing or malformed."""
    out = dict(DEFAULT_WEIGHTS)
    for axis in AXES:
        try:
            value = float((weights or {}).get(axis, out[axis]))
        except (TypeError, ValueError):
            continue
        if math.isfinite(value):
            out[axis] = min(1.0, max(0.0, value))
    if not sum(out.values()):
        out = dict(DEFAULT_WEIGHTS)
    return out
