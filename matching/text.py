"""Turning text into the terms the match index counts: words, stop words, Snowball stems,
the curated methods vocabulary, and the short snippet shown as a reason."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

WORD_RE = re.compile(r"[a-z][a-z0-9]+(?:-[a-z0-9]+)*")
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9$])")
METHODS_FILE = Path(__file__).resolve().parent / "methods.txt"

# bm25s' list is short; abstracts are full of function words and academic filler that say
# nothing about a research area, so those are dropped too.
STOPWORDS = frozenset(STOPWORDS_EN) | frozenset(
    """a about above after again against all also although am among an and any are as at be
    because been before being below between both but by can could did do does doing done down
    during each either et al etc few for from further had has have having he her here hers him his
    how however i if in into is it its itself just may me might more most much must my no nor not
    now of off on once one only or other our ours out over own per same she should since so some
    such than that the their theirs them then there these they this those through thus to too
    toward towards under until up upon us very via was we were what when where whether which while
    who whom why will with within without would yet you your new show shows shown propose proposed
    paper papers work works result results approach approaches use used using based first two
    three well many often recent recently present presents study studies also different various
    including include includes several given provide provides problem problems significantly
    existing novel prior demonstrate demonstrates able make makes across respectively""".split()
)

_stemmer = Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str | None:
    """The Snowball stem of one lower-case word, or None for a stop word."""
    if word in STOPWORDS or len(word) < 2:
        return None
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """Lower-case words of a text, hyphenated compounds kept whole."""
    return WORD_RE.findall(text.lower()) if text else []


def stems(text: str) -> list[str]:
    """The stems of a text's content words, in order (repeats kept: they are term frequency)."""
    out = []
    for w in words(text):
        s = stem(w)
        if s is not None:
            out.append(s)
    return out


def stems_with_surface(text: str) -> dict[str, str]:
    """Each stem of a text with the word it most often came from, to show terms as written."""
    seen: dict[str, Counter] = {}
    for w in words(text):
        s = stem(w)
        if s is not None:
            seen.setdefault(s, Counter())[w] += 1
    return {s: c.most_common(1)[0][0] for s, c in seen.items()}


@lru_cache(maxsize=1)
def method_phrases() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The curated methods/tools vocabulary: (phrase as written, its stems), longest first."""
    out = []
    for line in METHODS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append((line, tuple(stems(line))))
    return tuple(sorted({p for p in out if p[1]}, key=lambda p: -len(p[1])))


def methods_in(text: str) -> list[str]:
    """The vocabulary's methods and tools that a text names (as phrases of consecutive stems)."""
    seq = " " + " ".join(stems(text)) + " "
    return [phrase for phrase, st in method_phrases() if f" {' '.join(st)} " in seq]


def snippet(text: str, match_words: set[str], width: int = 220) -> tuple[str, set[str]]:
    """The sentence of ``text`` with most distinct ``match_words`` (lower-case written forms of
    the query's terms), cut to about ``width`` characters around its first match ("" when no
    sentence has any), and every match word the whole text contains."""
    best, best_hits, found = "", 0, set()
    for sentence in SENTENCE_RE.split(text or ""):
        hits = match_words.intersection(WORD_RE.findall(sentence.lower()))
        found |= hits
        if len(hits) > best_hits:
            best, best_hits = sentence.strip(), len(hits)
    if len(best) <= width:
        return best, found
    first = min((m.start() for m in WORD_RE.finditer(best.lower()) if m.group() in match_words), default=0)
    start = max(0, min(first - width // 4, len(best) - width))
    cut = best[start : start + width]
    return ("…" if start else "") + cut.strip() + ("…" if start + width < len(best) else ""), found
