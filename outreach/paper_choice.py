"""Which of a researcher's papers a draft should mention, and why: the most relevant to the
applicant (relevance comes from the matching index), preferring the last 18 months, never an
old paper while a newer relevant one exists, and never for a word of academic filler.
Pure and deterministic (same profile, papers and relevance, same choice); no ORM.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .grounding import OLD_PAPER_YEARS, is_old, normalize

# Words too common to say what a paper is about; never evidence on their own.
_STOP = set(
    """a an and are as at be by for from has have in into is it its of on or our that the their
    this to was were with we you your using use used based via new towards toward i my me am phd
    interested interest interests research also such can how what which these those more most
    than other between over under through about want work working would like""".split()
)
FILLER = set(
    """efficient efficiency effective effectively analysis analyses empirical empirically applied
    application applications example examples novel framework frameworks problem problems result
    results performance large scale scalable general simple improved improving improve better
    first order high low fast faster practical real world task tasks setting settings case cases
    approach approaches technique techniques method methods algorithm algorithms model models
    modeling modelling data system systems study studies paper papers learning machine deep
    theory theoretical experience experiment experiments experimental strong robustness good
    understanding toward key new recent modern state art ability tool tools design long short""".split()
)
# Stated phrases that name a whole field, not a topic: sharing them says nothing.
FILLER_PHRASES = {"machine learning", "deep learning", "artificial intelligence", "computer science",
                  "data science", "operations research", "first order"}
RECENT_MONTHS = 18
# How much a relevant paper from 18 months to the old-paper cutoff counts against one from the
# last 18 months (an undated one counts less still): recent work is preferred, not required.
OLDER_WEIGHT = 0.5
UNDATED_WEIGHT = 0.3


@dataclass(frozen=True)
class PaperOption:
    """A paper of the researcher as the chooser sees it."""

    paper_id: int
    title: str
    date: date | None
    abstract: str = ""
    venue: str = ""
    date_precision: str = ""  # "month"/"year" when the source gave no day


@dataclass(frozen=True)
class ChosenPaper:
    paper_id: int
    title: str
    date: date | None
    venue: str
    reason: str
    score: float
    shared: tuple[str, ...] = ()  # the applicant's stated phrases the paper shares, as they wrote them
    relevant: bool = False  # chosen for the applicant's interests, not only for being recent
    date_precision: str = ""  # "month"/"year" when the source gave no day: shown as such

    def as_dict(self) -> dict:
        return {
            "paper_id": self.paper_id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "venue": self.venue,
            "reason": self.reason,
        }


@dataclass
class _Evidence:
    phrases: list[str] = field(default_factory=list)  # stated phrases found whole
    terms: list[str] = field(default_factory=list)  # other meaningful words found

    @property
    def meaningful(self) -> bool:
        return bool(self.phrases) or len(self.terms) >= 2

    def shown(self) -> list[str]:
        return (self.phrases + self.terms)[:4]


def _fold(word: str) -> str:
    """Singular and plural alike ("games" = "game"), cheaply."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _words(text: str) -> list[str]:
    return [_fold(w) for w in normalize(text).split()]


def profile_phrases(profile: dict) -> tuple[list[tuple[str, str]], set[str]]:
    """The applicant's stated phrases as (shown, folded words) – interests, methods and keywords
    split at commas, semicolons, "and" and prepositions – and the meaningful single words of
    everything they wrote about themselves (a CV's words only when they wrote nothing else)."""
    phrases: list[tuple[str, str]] = []
    seen = set()
    for key in ("interests", "methods", "keywords"):
        for part in re.split(r"[,;\n/()]|\b(?:and|for|of|in|on|with|via|using|to|from|under)\b", profile.get(key) or ""):
            words = [w for w in _words(part) if w not in _STOP]
            folded = " ".join(words)
            if not words or folded in seen or folded in FILLER_PHRASES:
                continue
            if len(words) == 1 and words[0] in FILLER:
                continue
            seen.add(folded)
            phrases.append((" ".join(part.split()).strip(" .-").lower(), folded))
    own = " ".join(profile.get(k) or "" for k in ("interests", "methods", "keywords", "background"))
    loose_text = own if own.strip() else (profile.get("cv_text") or "")
    loose = {w for w in _words(loose_text) if len(w) > 2 and w not in _STOP and w not in FILLER}
    return phrases, loose


def _evidence(p: PaperOption, phrases, loose: set[str]) -> _Evidence:
    words = _words(p.title + " " + p.abstract)
    text = " " + " ".join(words) + " "
    present = set(words)
    ev = _Evidence()
    covered = set()
    for shown, folded in phrases:
        if f" {folded} " in text:
            ev.phrases.append(shown)
            covered.update(folded.split())
    title_words = set(_words(p.title))
    terms = sorted((loose & present) - covered, key=lambda w: (w not in title_words, w))
    ev.terms = terms
    return ev


def _recency_weight(d: date | None, today: date) -> float:
    if d is None:
        return UNDATED_WEIGHT
    months = (today.year - d.year) * 12 + (today.month - d.month)
    return 1.0 if months <= RECENT_MONTHS else OLDER_WEIGHT


def _when(d: date | None) -> str:
    return str(d.year) if d else "undated"


def _ordinal(d: date | None) -> int:
    return d.toordinal() if d else 0


def papers_closest_first(
    papers: list[PaperOption], profile: dict | None, *, today: date, relevance: dict[int, float] | None = None,
) -> tuple[list[PaperOption], list[PaperOption]]:
    """All the papers in two lists: those relevant to the applicant (as ``choose_papers``
    judges it), closest first; then the rest, newest first. What a swap is chosen from."""
    phrases, loose = profile_phrases(profile or {})
    relevance = relevance or {}
    relevant, rest = [], []
    for p in papers:
        score = float(relevance.get(p.paper_id, 0.0))
        if score > 0 and _evidence(p, phrases, loose).meaningful:
            relevant.append((score * _recency_weight(p.date, today), p))
        else:
            rest.append(p)
    relevant.sort(key=lambda r: (-round(r[0], 9), -_ordinal(r[1].date), r[1].paper_id))
    rest.sort(key=lambda p: (-_ordinal(p.date), p.paper_id))
    return [p for _, p in relevant], rest


def choose_papers(
    papers: list[PaperOption],
    profile: dict | None,
    *,
    today: date,
    count: int = 2,
    relevance: dict[int, float] | None = None,
    old_years: int = OLD_PAPER_YEARS,
) -> list[ChosenPaper]:
    """Pick up to ``count`` (1–3) papers.

    A paper is relevant when the matching index scores it above zero for this applicant *and*
    it shares one of their stated phrases, or two meaningful words (one filler word such as
    "efficient" is not a reason). Relevant papers are ranked by relevance × a preference for
    the last 18 months; old ones (what the check flags) are chosen only when no newer paper is
    relevant. Fewer than ``count`` are chosen rather than pad with unrelated papers. With nothing
    relevant at all, the most recent papers are chosen and the reason says so.
    """
    count = max(1, min(3, count))
    phrases, loose = profile_phrases(profile or {})
    relevance = relevance or {}
    relevant, rest = [], []
    for p in papers:
        ev = _evidence(p, phrases, loose)
        score = float(relevance.get(p.paper_id, 0.0))
        if score > 0 and ev.meaningful:
            relevant.append((score * _recency_weight(p.date, today), p, ev))
        else:
            rest.append(p)
    fresh = [r for r in relevant if not is_old(r[1].date, today=today, years=old_years)]
    pool = fresh or relevant
    pool.sort(key=lambda r: (-round(r[0], 9), -_ordinal(r[1].date), r[1].paper_id))
    chosen = []
    for score, p, ev in pool[:count]:
        reason = f"shares: {', '.join(ev.shown())}; {_when(p.date)}"
        if not fresh:
            reason += f" (their closest paper to your interests, though older than {old_years} years)"
        chosen.append(ChosenPaper(p.paper_id, p.title, p.date, p.venue, reason, round(score, 4),
                                  tuple(ev.phrases[:3]), True, p.date_precision))
    if chosen:
        return chosen
    rest.sort(key=lambda p: (-_ordinal(p.date), p.paper_id))
    for p in rest[:count]:
        if not phrases and not loose:
            reason = f"most recent ({_when(p.date)}); fill in your profile's interests to choose by topic"
        else:
            reason = f"most recent ({_when(p.date)}); none of their papers here is about your interests"
        chosen.append(ChosenPaper(p.paper_id, p.title, p.date, p.venue, reason, 0.0,
                                  date_precision=p.date_precision))
    return chosen
