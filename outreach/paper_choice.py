"""Which of a researcher's papers a draft should mention: the ones that share the most with the
applicant's profile, preferring recent work, each with the reason it was chosen. Pure and
deterministic (same profile and papers, same choice); no ORM.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .grounding import normalize

_STOP = set(
    """a an and are as at be by for from has have in into is it its of on or our that the their
    this to was were with we you your using use based via new towards toward approach approaches
    method methods study studies paper work results model models data analysis learning system
    systems i my me am phd interested interest research also such can how what which these those
    more most than other between over under through about""".split()
)
RECENT_YEARS = 6  # the recency boost fades to nothing over this many years


@dataclass(frozen=True)
class PaperOption:
    """A paper of the researcher as the chooser sees it."""

    paper_id: int
    title: str
    date: date | None
    abstract: str = ""
    venue: str = ""


@dataclass(frozen=True)
class ChosenPaper:
    paper_id: int
    title: str
    date: date | None
    venue: str
    reason: str
    score: float

    def as_dict(self) -> dict:
        return {
            "paper_id": self.paper_id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "venue": self.venue,
            "reason": self.reason,
        }


def _tokens(text: str) -> list[str]:
    return [w for w in normalize(text).split() if len(w) > 2 and w not in _STOP]


def profile_phrases(profile: dict) -> tuple[list[str], set[str]]:
    """The applicant's stated phrases (interests, methods, keywords split on , ; newlines)
    and the loose terms of everything they wrote (background, CV)."""
    phrases: list[str] = []
    for key in ("interests", "methods", "keywords"):
        for part in re.split(r"[,;\n/]|\band\b", profile.get(key) or ""):
            norm = " ".join(_tokens(part))
            if norm and norm not in phrases:
                phrases.append(norm)
    loose = set()
    for key in ("interests", "methods", "keywords", "background", "cv_text"):
        loose.update(_tokens(profile.get(key) or ""))
    return phrases, loose


def _recency(d: date | None, today: date) -> float:
    if not d:
        return 0.0
    age = (today - d).days / 365.25
    return max(0.0, 1.0 - age / RECENT_YEARS)


def choose_papers(
    papers: list[PaperOption], profile: dict | None, *, today: date, count: int = 2
) -> list[ChosenPaper]:
    """Pick up to ``count`` (1–3) papers: most shared with the profile, boosted by recency;
    with nothing to match (no profile, or nothing in common) simply the most recent."""
    count = max(1, min(3, count))
    phrases, loose = profile_phrases(profile or {})
    scored = []
    for p in papers:
        title_terms = set(_tokens(p.title))
        all_terms = title_terms | set(_tokens(p.abstract))
        text = " " + " ".join(_tokens(p.title + " " + p.abstract)) + " "
        shared_phrases = [ph for ph in phrases if f" {ph} " in text]
        phrase_terms = {w for ph in shared_phrases for w in ph.split()}
        shared_terms = sorted((loose & all_terms) - phrase_terms)
        score = 0.0
        for ph in shared_phrases:
            score += 2.0 + len(ph.split()) + (1.0 if set(ph.split()) <= title_terms else 0.0)
        for t in shared_terms:
            score += 1.0 if t in title_terms else 0.4
        if score:
            score *= 1.0 + 0.5 * _recency(p.date, today)
        shown = shared_phrases + [t for t in shared_terms if t in title_terms]
        shown += [t for t in shared_terms if t not in title_terms]
        scored.append((score, p, shown[:4]))
    ordinal = lambda d: d.toordinal() if d else 0  # noqa: E731
    scored.sort(key=lambda s: (-round(s[0], 6), -ordinal(s[1].date), s[1].paper_id))
    chosen = []
    for score, p, shown in scored[:count]:
        when = str(p.date.year) if p.date else "undated"
        if score > 0:
            reason = f"shares: {', '.join(shown)}; {when}"
        elif not phrases and not loose:
            reason = f"most recent ({when}); fill in your profile's interests to choose by topic"
        else:
            reason = f"most recent ({when}); nothing in your profile matched its title or abstract"
        chosen.append(ChosenPaper(p.paper_id, p.title, p.date, p.venue, reason, round(score, 3)))
    return chosen
