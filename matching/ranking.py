"""One applicant's ranking of the catalogue: the query, the axes, and each match explained
with the papers it stands on (built by ``MatchIndex.rank``)."""
from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np

from applicants.weights import AXES
from profiles.text import latex_to_text

from . import text as T
from .evidence import FIT_MEANING, QueryEvidence

REASON_SHARE_OF_BEST = 0.6  # a reason paper fits at least this share of the researcher's best


@dataclass
class ApplicantQuery:
    """What an applicant is ranked against: free text about interests (and CV text), and the
    methods/tools they know."""

    interests: str = ""
    methods: str = ""
    weights: dict = field(default_factory=dict)
    # The applicant's own words about what they want (interests, keywords), without a CV: what
    # the embedding, the evidence terms and the fit label read. Empty: the interests are that.
    focus: str = ""

    @property
    def empty(self) -> bool:
        return not (self.interests.strip() or self.methods.strip())

    @property
    def digest(self) -> str:
        """Names the query: equal queries rank alike. Rankings kept per process (rankings.py) and
        pages shared through the cache (``Ranking.fingerprint``) are keyed by it."""
        text = repr((self.interests, self.methods, self.focus, sorted(self.weights.items())))
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Reason:
    paper_id: int
    title: str
    date: date | None
    snippet: str
    contribution: float  # share of the researcher's topic score this paper gives, 0..1
    date_precision: str = ""  # "month" or "year" when the source gave no day


@dataclass
class Match:
    """One researcher's match: the overall score, each axis, and what it stands on."""

    researcher_id: int
    name: str
    slug: str
    affiliation: str
    score: float
    axes: dict[str, float]
    trajectory_direction: str  # "toward", "away", "steady" or "unknown"
    reasons: list[Reason]
    terms: list[str]
    matching_papers: int
    no_paper: bool  # nothing the researcher wrote matched: only topics/about did
    papers_12m: int
    papers_36m: int
    paper_count: int
    newest_paper_on: date | None
    captured_on: date | None
    newest_paper_old: bool
    capture_stale: bool
    taking_students: str
    taking_students_source: str  # a web address, or ""
    taking_students_on: date | None
    topics: list[str]
    taking_students_note: str = ""  # where else it was said ("email to the curator")
    fit: str = "weak"  # strong, good or weak: read off the score (calibration.py)
    fit_meaning: str = ""
    history: str = ""  # the papers here the trajectory can stand on, e.g. "6 dated papers, 2025–2026"
    rank: int | None = None  # 0-based position in the ranked list, when explained for a page
    ranked_of: int = 0
    preferred_institution: bool = False  # set by the page from the applicant's profile


class Ranking:
    """The ranked researchers for one query; ``explain`` builds a Match with its reasons."""

    def __init__(self, index, query, order, overall, axes, direction, known, query_ids, query_weights, paper):
        self.index, self.query, self.order, self.overall = index, query, order, overall
        self.paper = paper
        self._positions = None
        self.axes, self.direction, self.known = axes, direction, known
        self.query_ids = [int(i) for i in query_ids]
        self.query_stems = {index.stem_of[int(i)] for i in query_ids}
        # Every written form of the query's stems seen in the catalogue, to find snippets fast.
        self.query_words = set().union(*(index.words_of[int(i)] for i in query_ids)) if len(query_ids) else set()
        # A ranking is kept per process for its query and index (rankings.py) and never changes,
        # so each researcher is explained once; pages get copies they may annotate.
        self._explained: dict[tuple[int, int], Match | None] = {}
        self._reason_papers: dict[int, tuple] = {}
        self._ids: list[int] | None = None

    @cached_property
    def evidence(self) -> QueryEvidence:
        """The applicant's phrases against the index: read only when a match is explained or
        "nothing here on" is asked (half of a ranking's time on a small catalogue otherwise)."""
        query = self.query
        return QueryEvidence(self.index, focus=query.focus or query.interests,
                             other=query.interests if query.focus else "")

    @cached_property
    def fingerprint(self) -> str:
        """Names this ranking across processes: its index's version and its query. Pages
        rendered from it are shared through the cache under this name (config/fragments.py)."""
        return f"{self.index.version}:{self.query.digest}"

    def not_covered(self) -> list[str]:
        """The applicant's listed phrases that no paper in the catalogue covers."""
        return self.evidence.not_covered()

    def __len__(self) -> int:
        return len(self.order)

    @cached_property
    def nbytes(self) -> int:
        """The memory its arrays hold (what a kept ranking costs: rankings.py)."""
        arrays = [self.order, self.overall, self.direction, self.known, self.paper,
                  getattr(self, "topic_raw", None), *self.axes.values()]
        # Explanations and positions come later, per researcher; count the positions' array.
        return sum(a.nbytes for a in arrays if isinstance(a, np.ndarray)) + 8 * len(self.index.researchers)

    def position(self, researcher_id: int) -> int | None:
        """0-based place of a researcher in the ranked list; None when not ranked."""
        if self._positions is None:
            self._positions = np.full(len(self.index.researchers), -1, dtype=np.int64)
            self._positions[self.order] = np.arange(len(self.order))
        i = self.index.r_index.get(researcher_id)
        place = int(self._positions[i]) if i is not None else -1
        return place if place >= 0 else None

    def researcher_ids(self) -> list[int]:
        """The ranked researchers' ids, best first (computed once; do not modify)."""
        if self._ids is None:
            researchers = self.index.researchers
            self._ids = [researchers[i]["id"] for i in self.order]
        return self._ids

    def explain(self, researcher_id: int, n_reasons: int = 3) -> Match | None:
        """The full match for one researcher (also when it is not in the ranked list): a copy
        the caller may annotate (rank, preferred institution)."""
        key = (researcher_id, n_reasons)
        if key not in self._explained:
            self._explained[key] = self._explain(researcher_id, n_reasons)
        match = self._explained[key]
        return copy.copy(match) if match is not None else None

    def _explain(self, researcher_id: int, n_reasons: int) -> Match | None:
        ix = self.index
        i = ix.r_index.get(researcher_id)
        mask = getattr(ix, "researcher_mask", None)
        if i is None or (mask is not None and not mask[i]):
            return None
        r = ix.researchers[i]
        pidx = ix.auth_p[ix.r_start[i]:ix.r_start[i + 1]]
        raw = self.paper[pidx]
        contrib = raw * ix.p_recency[pidx]
        order = np.argsort(-contrib, kind="stable")[:n_reasons]
        # A reason must be evidence: papers far below their best one are not shown beside it.
        floor = max(REASON_SHARE_OF_BEST * float(contrib.max(initial=0.0)), 1e-12)
        top = [(int(pidx[k]), float(contrib[k])) for k in order if contrib[k] >= floor]
        total = float(contrib.sum()) or 1.0
        reasons, stem_lists = [], []
        for pi, share in top:
            paper_id, title, day, snippet, precision, stems = self._reason_paper(pi)
            stem_lists.append(stems)
            reasons.append(Reason(paper_id=paper_id, title=title, date=day, snippet=snippet,
                                  contribution=round(share / total, 3), date_precision=precision))
        if not top:
            stem_lists = [T.stems(ix.researcher_text(i))]
        # One rule, read off the absolute score (matching/calibration.py): no paper, no fit.
        fit = ix.calibration.fit_label(float(self.overall[i])) if top else "weak"
        terms = self.evidence.shared_terms(stem_lists)
        d = self.direction[i]
        direction = ("unknown" if not self.known[i] else "toward" if d > 0.15
                     else "away" if d < -0.15 else "steady")
        newest = int(ix.newest[i])
        return Match(
            researcher_id=r["id"], name=r["name"], slug=r.get("slug", ""),
            affiliation=r.get("affiliation") or "",
            score=round(float(self.overall[i]), 4),
            axes={a: round(float(self.axes[a][i]), 4) for a in AXES},
            trajectory_direction=direction, reasons=reasons, terms=terms,
            matching_papers=int((raw > 0).sum()), no_paper=not top,
            papers_12m=int(ix.papers_12m[i]), papers_36m=int(ix.papers_36m[i]),
            paper_count=int(ix.paper_count[i]),
            newest_paper_on=date.fromordinal(newest) if newest > 0 else None,
            captured_on=r.get("captured_on"),
            newest_paper_old=bool(ix.newest_old[i]), capture_stale=bool(ix.capture_stale[i]),
            taking_students=r.get("taking_students") or "unknown",
            taking_students_source=r.get("taking_students_source") or "",
            taking_students_on=r.get("taking_students_on"),
            taking_students_note=r.get("taking_students_note") or "",
            topics=list(r.get("topics") or []),
            fit=fit, fit_meaning=FIT_MEANING[fit], history=_history(ix, i),
        )

    def _reason_paper(self, pi: int) -> tuple:
        """What a reason shows of paper ``pi`` for this query, and the paper's stems: read once
        per ranking, since co-authors near the top of a list often stand on the same paper."""
        kept = self._reason_papers.get(pi)
        if kept is None:
            p = self.index.papers[pi]
            # The abstract is read once, for its snippet and for its stems.
            sentences, words_of = T.sentence_words(p.get("abstract") or "")
            text, _ = T.snippet_of(sentences, words_of, self.query_words)
            words = T.WORD_RE.findall(p["title"].lower())
            for ws in words_of:
                words += ws
            kept = self._reason_papers[pi] = (
                p["id"], latex_to_text(p["title"]), p.get("date"), latex_to_text(text or p["title"]),
                p.get("date_precision") or "", self.index.word_stems(words))
        return kept

    def explain_many(self, researcher_ids: list[int]) -> list[Match]:
        """Matches for several researchers, in the order given (unknown ids are skipped)."""
        out = []
        for rid in researcher_ids:
            match = self.explain(rid)
            if match is not None:
                match.rank = self.position(rid)
                match.ranked_of = len(self.order)
                out.append(match)
        return out

    def top(self, n: int) -> list[Match]:
        """The best ``n`` researchers, explained."""
        return self.explain_many([self.index.researchers[i]["id"] for i in self.order[:n]])


def _history(ix, i: int) -> str:
    """The dated papers the catalogue has for researcher ``i``, e.g. "6 dated papers, 2025–2026"."""
    n = int(ix.n_recent[i] + ix.n_older[i])
    if not n:
        return "no dated papers"
    first, last = date.fromordinal(int(ix.oldest[i])).year, date.fromordinal(int(ix.newest[i])).year
    years = str(first) if first == last else f"{first}–{last}"
    return f"{n} dated paper{'s' if n != 1 else ''}, {years}"
