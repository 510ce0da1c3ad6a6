"""Finding catalogue researchers by a typed name: diacritics-insensitive, order-insensitive,
tolerant of typos ("Jurgen Schmidhuber", "schmidhuber, jürgen"), an initial or a missing middle
name. The one place the app decides how alike two names must be: the shortlist's CSV import,
the admin's "maybe the same person" offers and the department import all use it. Pure: no ORM."""
from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from profiles.importers import name_key as catalogue_name_key
from profiles.importers import names_match

# rapidfuzz token_sort_ratio of two name keys (0-100).
MATCH_SCORE = 90  # at or above: a confident match
CANDIDATE_SCORE = 75  # at or above: worth listing as a candidate (a typo, transposed names)
CLEAR_MARGIN = 4  # the best must beat the runner-up by this much to be picked alone
AFFILIATION_SCORE = 85  # an affiliation in the file fits a researcher's at or above this

_TITLES = {"dr", "prof", "professor", "mr", "ms", "mrs", "phd"}


def name_key(name: str) -> str:
    """The catalogue's name key (ASCII, lower-case words), with "Last, First" turned around
    and titles dropped, as people type names in spreadsheets."""
    if name.count(",") == 1:
        last, first = name.split(",")
        name = f"{first} {last}"
    return " ".join(w for w in catalogue_name_key(name).split() if w not in _TITLES)


@dataclass
class NameMatch:
    """What a typed name found: one id, several candidates, or nothing."""

    query: str
    matched_id: int | None = None
    score: float = 0.0
    candidates: list[tuple[int, float]] = field(default_factory=list)  # (id, score), best first

    @property
    def outcome(self) -> str:
        if self.matched_id is not None:
            return "matched"
        return "ambiguous" if self.candidates else "no_match"


def match_name(query: str, catalogue: dict[int, str]) -> NameMatch:
    """Match one name against ``catalogue`` ({id: name_key(name)})."""
    key = name_key(query)
    result = NameMatch(query=query)
    if not key:
        return result
    exact = [pk for pk, k in catalogue.items() if k == key]
    if len(exact) == 1:
        result.matched_id, result.score = exact[0], 100.0
        return result
    if len(exact) > 1:
        result.candidates = [(pk, 100.0) for pk in exact]
        return result
    found = process.extract(key, catalogue, scorer=fuzz.token_sort_ratio, limit=5, score_cutoff=CANDIDATE_SCORE)
    ranked = [(pk, round(score, 1)) for _, score, pk in found]
    if not ranked:
        return result
    best_id, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best >= MATCH_SCORE and best - runner_up >= CLEAR_MARGIN:
        result.matched_id, result.score = best_id, best
    else:
        result.candidates = ranked
    return result


def narrow_by_affiliation(found: NameMatch, affiliation: str, affiliations: dict[int, str]) -> NameMatch:
    """Settle an ambiguous match with the affiliation the file gives, when exactly one
    candidate's affiliation fits it ("Anna Kowalska, Warsaw")."""
    wanted = name_key(affiliation)
    if found.outcome != "ambiguous" or not wanted:
        return found
    fitting = [
        (pk, score) for pk, score in found.candidates
        if fuzz.partial_ratio(wanted, name_key(affiliations.get(pk, ""))) >= AFFILIATION_SCORE
    ]
    if len(fitting) != 1:
        return found
    return NameMatch(query=found.query, matched_id=fitting[0][0], score=fitting[0][1])


def close_names(name: str, catalogue: dict[int, str], *, limit: int = 5) -> list[tuple[int, float]]:
    """Ids in ``catalogue`` ({id: catalogue name}) whose name could be ``name`` written
    differently ("Nikolai Mensah" for "Nikolai T. Mensah", an initial, a typo), closest first,
    exact matches included: (id, score)."""
    key = name_key(name)
    if not key:
        return []
    keys = {pk: name_key(other) for pk, other in catalogue.items()}
    scored = {pk: score for _, score, pk in process.extract(
        key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=CANDIDATE_SCORE, limit=limit)}
    # A dropped middle name or an initial scores low on characters but is the same person;
    # names_match is only worth asking of names with the same surname.
    surname = key.split()[-1]
    for pk, other in catalogue.items():
        if pk not in scored and keys[pk].endswith(surname) and names_match(other, name):
            scored[pk] = fuzz.token_sort_ratio(key, keys[pk])
    return sorted(scored.items(), key=lambda item: -item[1])[:limit]
