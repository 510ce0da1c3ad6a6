"""What a match stands on, said so a person can judge it: the applicant's phrases that a paper
shares, and the phrases no paper in the catalogue covers. (The fit label is read off the
absolute score: calibration.py.)
"""
from __future__ import annotations

import math

import numpy as np

from . import text as T

# A stem in more than this share of the catalogue's papers ("model", "learning", "data") is no
# evidence on its own (it still counts inside a phrase: "federated learning").
GENERIC_SHARE = 0.3
GENERIC_MIN_PAPERS = 20  # ...and in more papers than this: in a small catalogue nothing is common
SHOWN_TERMS = 8
FILLER_STEMS = frozenset(filter(None, map(T.stem, T.FILLER)))

FITS = ("strong", "good", "weak")
FIT_MEANING = {
    "strong": "a paper of theirs is squarely on your interests",
    "good": "a paper of theirs is close to your interests",
    "weak": "their papers touch your interests only loosely",
}


class QueryEvidence:
    """The applicant's words against one index: which are specific, which a paper shares, and
    which phrases nothing in the catalogue covers."""

    def __init__(self, index, *, focus: str, other: str = ""):
        self.index = index
        self.focus = focus
        self.n_papers = max(1, len(index.papers))
        focus_terms = T.term_candidates(focus)
        seen = {stems for _, stems in focus_terms}
        # Beyond the applicant's own words (a CV), only specific phrases are evidence.
        other_terms = [(w, s) for w, s in T.term_candidates(other)
                       if s not in seen and len(s) > 1 and not all(self.generic(x) for x in s)]
        terms = [(w, s, True) for w, s in focus_terms] + [(w, s, False) for w, s in other_terms]
        # Once per query, the order terms are offered in (the applicant's own words first, then
        # longer phrases, then rarer ones) and whether each may be shown at all.
        terms.sort(key=lambda t: (not t[2], -len(t[1]), -sum(self.idf(x) for x in t[1])))
        self.terms = [(w, s) for w, s, _ in terms if self._showable(w, s)]
        # Each showable term under its first stem, with the text it is found by in a paper's
        # stems joined by spaces (" a b "; None for one stem: being among them is enough).
        self.by_first: dict[str, list[tuple[tuple[str, ...], str | None]]] = {}
        for _, stems in self.terms:
            pattern = " " + " ".join(stems) + " " if len(stems) > 1 else None
            self.by_first.setdefault(stems[0], []).append((stems, pattern))
        self.key = {s: self.idf(s) for _, stems in focus_terms for s in stems
                    if not self.generic(s) and s not in FILLER_STEMS}
        self._not_covered: list[str] | None = None

    def _df(self, stem: str) -> int:
        i = self.index.vocab.get(stem)
        return 0 if i is None else self.index.paper_term_count(i)

    def generic(self, stem: str) -> bool:
        return self._df(stem) > max(GENERIC_SHARE * self.n_papers, GENERIC_MIN_PAPERS)

    def idf(self, stem: str) -> float:
        return math.log(1 + self.n_papers / (1 + self._df(stem)))

    def coverage(self, paper_stems: set[str]) -> tuple[float, int]:
        """Share of the applicant's specific terms (idf-weighted) that a paper contains, and how
        many of them it contains."""
        total = sum(self.key.values())
        shared = [s for s in self.key if s in paper_stems]
        return (sum(self.key[s] for s in shared) / total if total else 0.0), len(shared)

    def _showable(self, words: str, stems: tuple[str, ...]) -> bool:
        if len(stems) == 1:
            return not (self.generic(stems[0]) or words in T.FILLER)
        return not all(self.generic(x) for x in stems)  # "learning when the data": nothing specific

    def shared_terms(self, paper_stem_lists: list[list[str]]) -> list[str]:
        """The applicant's phrases that these papers contain, as the applicant wrote them:
        multi-word phrases first, a word only when it is specific and not inside one shown."""
        grams = set()
        by_first = self.by_first
        for seq in paper_stem_lists:
            firsts = by_first.keys() & set(seq)
            if not firsts:
                continue
            # Stems hold no space, so a phrase is consecutive in the paper exactly when
            # " a b " is a substring of the paper's stems joined by spaces (searched in C).
            joined = " " + " ".join(seq) + " "
            for first in firsts:
                for stems, pattern in by_first[first]:
                    if pattern is None or pattern in joined:
                        grams.add(stems)
        shown, covered = [], set()
        for words, stems in self.terms:
            if stems not in grams or set(stems) <= covered:
                continue  # not in these papers, or a part of a phrase already shown
            shown.append(words)
            covered.update(stems)
            if len(shown) == SHOWN_TERMS:
                break
        return shown

    def not_covered(self) -> list[str]:
        """The applicant's listed phrases that no paper in the catalogue covers: some specific
        word of the phrase appears in no paper with the others ("federated learning")."""
        if self._not_covered is None:
            self._not_covered = [p for p in T.interest_phrases(self.focus) if not self._covered(p)]
        return self._not_covered

    def _covered(self, phrase: str) -> bool:
        stems = {s for s in T.stems(phrase) if s not in FILLER_STEMS}
        specific = [s for s in stems if not self.generic(s)]
        if not specific:
            return True  # too general to say the catalogue lacks it
        papers = None
        for s in specific:
            i = self.index.vocab.get(s)
            if i is None:
                return False
            rows = self.index.paper_rows(i)
            papers = rows if papers is None else np.intersect1d(papers, rows, assume_unique=True)
            if not len(papers):
                return False
        mask = getattr(self.index, "paper_mask", None)
        return bool(mask is None or mask[papers].any())
