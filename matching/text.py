"""Turning text into the terms the match index counts: words, stop words, Snowball stems,
the curated methods vocabulary, and the short snippet shown as a reason."""
from __future__ import annotations

import re
from array import array
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

WORD_RE = re.compile(r"[a-z][a-z0-9]+(?:-[a-z0-9]+)*")
# Where one sentence ends and the next begins: a stop, spaces, then a capital, digit or "$".
SENTENCE_END_RE = re.compile(r"[.!?]\s+(?=[A-Z0-9$])")
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

# Words that are content to BM25 but no evidence of a shared research area when shown on their
# own: academic filler and a CV's boilerplate ("analysis", "empirical", "skills", "research").
FILLER = frozenset(
    """analysis analyses analyze analyzing analytical empirical empirically applied apply applying
    example examples research researcher researchers interest interests interested area areas
    field fields topic topics method methods methodology methodologies technique techniques
    framework frameworks application applications understanding understand design designing
    develop developing development improve improving improved performance efficient efficiently
    effective better good great large small high low modern important key main strong simple
    general specific particular novel phd student students university college degree bachelor
    master masters gpa course courses coursework skill skills experience experienced project
    projects internship intern thesis education professor lab team want like hope plan goal goals
    year years currently current future interest focus focused focusing broadly especially
    specifically particularly aim aims toward towards think learn study studying working
    question questions issue issues aspect aspects way ways kind kinds thing things ability
    abilities setting settings keep keeps change changing changes make making get getting use
    help new problem problems result results approach approaches""".split()
)

_stemmer = Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str | None:
    """The Snowball stem of one lower-case word, or None for a stop word."""
    if word in STOPWORDS or len(word) < 2:
        return None
    return _stemmer.stemWord(word)


class Chunks:
    """The distinct whitespace-separated chunks of many texts, each numbered once.

    A text's words (``WORD_RE`` never spans whitespace) and its WordPiece tokens (BERT's
    tokenizer never joins across whitespace) are those of its chunks in turn, so an index build
    works each out once per distinct chunk, not once per text: the texts become a sparse
    texts × chunks count matrix, and words or tokens a chunks × terms matrix to multiply it by.
    The papers' BM25 terms and their vectors share one pass over the text."""

    def __init__(self):
        self.ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def count(self, texts) -> sp.csr_matrix:
        """Texts × chunks numbered so far (new chunks numbered now): how often each occurs."""
        chunk_ids = self.ids
        flat, lengths = array("i"), array("i")
        lookup = chunk_ids.__getitem__
        for text in texts:
            chunks = (text or "").split()
            before = len(flat)
            try:
                flat.extend(map(lookup, chunks))
            except KeyError:  # chunks never seen: number them, then map again
                del flat[before:]
                for chunk in set(chunks).difference(chunk_ids):
                    chunk_ids[chunk] = len(chunk_ids)
                flat.extend(map(lookup, chunks))
            lengths.append(len(flat) - before)
        flat_np = np.frombuffer(flat, dtype=np.int32) if len(flat) else np.zeros(0, dtype=np.int32)
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        if len(lengths):
            np.cumsum(np.frombuffer(lengths, dtype=np.int32), out=indptr[1:])
        # Rows are in text order already: the CSR arrays directly (a repeated chunk is a
        # duplicate entry, which products add up like a count).
        return sp.csr_matrix((np.ones(len(flat_np), dtype=np.float32), flat_np, indptr),
                             shape=(len(lengths), max(len(chunk_ids), 1)))

    def widened(self, matrix: sp.csr_matrix) -> sp.csr_matrix:
        """``matrix`` (from ``count``) with a column for every chunk numbered since."""
        return sp.csr_matrix((matrix.data, matrix.indices, matrix.indptr),
                             shape=(matrix.shape[0], max(len(self.ids), 1)), copy=False)


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
    return snippet_of(*sentence_words(text), match_words, width)


def sentence_words(text: str) -> tuple[list[str], list[list[str]]]:
    """A text's sentences and each one's lower-case words: read once, then used both for the
    snippet and for the text's stems (a word never spans two sentences, so the words of all
    sentences in turn are the words of the whole text)."""
    text = text or ""
    # The sentence ends found by one scan: each sentence runs to its stop, the next begins after
    # the spaces.
    bounds, start = [], 0
    for end in SENTENCE_END_RE.finditer(text):
        bounds.append((start, end.start() + 1))
        start = end.end()
    bounds.append((start, len(text)))
    sentences = [text[a:b] for a, b in bounds]
    findall = WORD_RE.findall
    lower = text.lower()
    if len(lower) != len(text):  # a letter whose lower case is longer ("İ") moves the offsets
        return sentences, [findall(sentence.lower()) for sentence in sentences]
    # Each sentence's words read from the text lowered once, between its bounds: with the one
    # scan, half the time of splitting the text and lowering each sentence (a top 50's ~130
    # abstracts: 11 → 6 ms).
    return sentences, [findall(lower, a, b) for a, b in bounds]


def snippet_of(sentences: list[str], words_of: list[list[str]], match_words: set[str],
               width: int = 220) -> tuple[str, set[str]]:
    """``snippet`` for a text already split by ``sentence_words``."""
    best, best_hits, found = "", 0, set()
    for sentence, ws in zip(sentences, words_of):
        hits = match_words.intersection(ws)
        found |= hits
        if len(hits) > best_hits:
            best, best_hits = sentence.strip(), len(hits)
    if len(best) <= width:
        return best, found
    # The first match (matches come in order of position), without reading the rest.
    first = next((m.start() for m in WORD_RE.finditer(best.lower()) if m.group() in match_words), 0)
    start = max(0, min(first - width // 4, len(best) - width))
    cut = best[start : start + width]
    return ("…" if start else "") + cut.strip() + ("…" if start + width < len(best) else ""), found


PHRASE_SPLIT_RE = re.compile(r"[,;:.!?()\[\]\n•·/]+|\s+(?:and|or|as well as|including|e\.g\.)\s+", re.I)


def interest_phrases(text: str, max_words: int = 5) -> list[str]:
    """The short phrases an applicant lists ("robust optimization, federated learning and
    min-max games" → three), each at most ``max_words`` content words; longer sentences are left
    out (they are not one topic)."""
    out, seen = [], set()
    for part in PHRASE_SPLIT_RE.split(text or ""):
        part = " ".join(part.split())
        content = [w for w in words(part) if stem(w) is not None]
        if content and len(content) <= max_words and part.lower() not in seen:
            seen.add(part.lower())
            out.append(part)
    return out


def term_candidates(text: str, longest: int = 4) -> list[tuple[str, tuple[str, ...]]]:
    """Candidate evidence terms from an applicant's text: runs of content words (stop words may
    sit inside: "loss of plasticity"; filler and punctuation end a run) and their sub-phrases of
    up to ``longest`` content words, as (words as written, stems), longest first."""
    out, seen = [], set()
    for part in PHRASE_SPLIT_RE.split(text or ""):
        ws = words(part)
        run: list[tuple[int, str]] = []  # (position in ws, stem) of the run's content words
        for pos, w in enumerate(ws + [""]):
            s = stem(w) if w else None
            if w and s is None:
                continue  # a stop word: the run goes on across it
            if s is not None and w not in FILLER:
                run.append((pos, s))
                continue
            for n in range(min(longest, len(run)), 0, -1):
                for i in range(len(run) - n + 1):
                    stems_ = tuple(x[1] for x in run[i:i + n])
                    if stems_ not in seen:
                        seen.add(stems_)
                        out.append((" ".join(ws[run[i][0]:run[i + n - 1][0] + 1]), stems_))
            run = []
    return out
