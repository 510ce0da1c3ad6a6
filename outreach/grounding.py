"""The grounding check: find everything in a draft that reads like a citation and make sure it
is a paper this researcher wrote. Pure: text and plain data in, flags out; no ORM.

Professors report emails citing papers they never wrote. So a title-like phrase or a quoted
phrase must match one of *this researcher's* papers (its title, or a passage of its abstract);
one that matches somebody else's paper in the catalogue is told apart from one that matches
nothing at all (invented).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Callable, Iterable, Sequence

from anyascii import anyascii
from rapidfuzz import fuzz, process

from profiles.topics import ARXIV_CATEGORIES

# Words that may stay lower-case inside a title ("Attention for Long Context Models").
_MINOR = {
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on", "or",
    "the", "to", "via", "vs", "with", "without", "under", "over", "through", "towards", "toward",
}
_TITLE_WORD = r"(?:[A-Z0-9][\w'’\-]*|[a-z][a-z]*[A-Z][\w\-]*)"  # Capitalised, ALLCAPS, 3D, iPhone
_RUN = re.compile(
    rf"{_TITLE_WORD}(?:[:,]?[ \t]+(?:{_TITLE_WORD}|(?:{'|'.join(sorted(_MINOR))})(?=[ \t]+[A-Z0-9])))+"
)
_QUOTED = re.compile(r"[\"“”]([^\"“”\n]{3,300})[\"“”]|‘([^’\n]{3,300})’")
_MIN_TITLE_WORDS = 4
_MIN_QUOTE_WORDS = 3

# Title-case phrases that are never citations.
_BOILERPLATE = {
    "dear professor", "best regards", "kind regards", "best wishes", "thank you",
    "phd program", "computer science", "machine learning", "artificial intelligence",
}

MAX_WORDS = 250
OLD_PAPER_YEARS = 3
# Mail clients show about this much of a subject in the inbox list; longer ones are cut off there.
SUBJECT_MAX_CHARS = 78


@dataclass(frozen=True)
class Flag:
    """One problem found in a draft; ``span`` is (start, end) in the body when it has a place."""

    kind: str
    message: str
    span: tuple[int, int] | None = None
    severity: str = "warning"  # "error" for things that must not be sent as they are

    def as_dict(self) -> dict:
        d = asdict(self)
        d["span"] = list(self.span) if self.span else None
        return d


@dataclass(frozen=True)
class PaperFact:
    """What the check knows about one of the researcher's papers."""

    title: str
    date: date | None = None
    abstract: str = ""
    paper_id: int | None = None


@dataclass
class Citation:
    text: str
    span: tuple[int, int]
    quoted: bool
    matched: PaperFact | None = None
    how: str = ""
    short: bool = False  # a work's short name the sentence presents as a work ("your paper X")


@dataclass
class GroundingResult:
    flags: list[Flag] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    @property
    def cited_papers(self) -> list[PaperFact]:
        seen, out = set(), []
        for c in self.citations:
            if c.matched and c.matched.title not in seen:
                seen.add(c.matched.title)
                out.append(c.matched)
        return out


def normalize(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: what matching compares."""
    text = anyascii(text or "").lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _title_like(phrase: str) -> bool:
    words = phrase.replace(":", " ").split()
    major = [w for w in words if w.lower() not in _MINOR]
    capital = [w for w in major if w[:1].isupper() or w[:1].isdigit()]
    return len(words) >= _MIN_TITLE_WORDS and len(capital) >= 3 and len(capital) >= 0.6 * len(major)


def find_citation_candidates(text: str, known_phrases: Iterable[str] = ()) -> list[Citation]:
    """Quoted phrases and Title-Case runs that read like the name of a paper.

    ``known_phrases`` (names, institutions, the applicant's program …) are never citations.
    """
    known_phrases = [k for k in known_phrases if k]
    known = [normalize(k) for k in known_phrases if len(normalize(k)) >= 4]
    out: list[Citation] = []
    taken: list[tuple[int, int]] = []
    # The applicant's own program, names, institutions … where they appear verbatim: a run
    # that only continues one ("… Operations Research, Fall 2027, I would …") is not a title.
    known_spans = _known_spans(text, known_phrases)
    for m in _QUOTED.finditer(text):
        phrase = (m.group(1) or m.group(2) or "").strip(" .,;:")
        if len(phrase.split()) >= _MIN_QUOTE_WORDS or _title_like(phrase):
            out.append(Citation(phrase, (m.start(), m.end()), quoted=True))
            taken.append((m.start(), m.end()))
    for m in _runs_outside(text, known_spans):
        if any(s <= m.start() < e for s, e in taken):
            continue
        phrase = _PRONOUN_TAIL.sub("", m.group(0).strip(" ,:")).strip(" ,:")
        # A run starting a sentence may begin with an ordinary word ("In Sparse Attention …");
        # the title is what follows such a word.
        if not _title_like(phrase):
            continue
        norm = normalize(phrase)
        if norm in _BOILERPLATE or _is_field_or_degree(norm) or any(norm == k or norm in k for k in known):
            continue
        stripped = norm
        for k in known:  # "Professor Jane Doe at Stanford University" is names, not a title
            stripped = stripped.replace(k, " ")
        if len([w for w in stripped.split() if w not in _MINOR]) < 3:
            continue
        out.append(Citation(phrase, (m.start(), m.start() + len(m.group(0).rstrip(" ,:"))), quoted=False))
        taken.append(out[-1].span)
    out += _short_name_candidates(text, known + [normalize(k) for k in _known_words(known_phrases)], taken)
    out.sort(key=lambda c: c.span)
    return out


def _known_words(phrases: Iterable[str]) -> list[str]:
    """Single words of known phrases long enough to be names ("Mirrokni (2023)")."""
    return [w for phrase in phrases for w in re.findall(r"[A-Za-z][\w\-]{3,}", phrase)]


# A work's short name ("Deep Sets", "Titans") is too short to tell from any capitalised words
# on its own; it is checked where the sentence presents it as a work: "your paper X", "your
# work on X", "your X paper", "In X, you show …", "X (2024)".
_NAME_WORD = rf"(?:{_TITLE_WORD})"
_SHORT_NAME = (rf"[“\"]?{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|(?:{'|'.join(sorted(_MINOR))})(?=[ \t]+[A-Z0-9])))*[”\"]?")
_WORK = r"(?:paper|preprint|article|work|study|publication|thesis|book)"
_WORK_CUES = [
    re.compile(rf"\b(?:[Yy]our|[Tt]heir|[Hh]is|[Hh]er)\s+(?:(?:recent|new|latest|earlier|first|[12][0-9]{{3}})\s+)?{_WORK}"
               rf"(?:\s+(?:on|about|titled|entitled|called|named))?,?\s+(?P<name>{_SHORT_NAME})"),
    re.compile(rf"\b(?:[Yy]our|[Tt]he)\s+(?P<name>{_SHORT_NAME})\s+(?:paper|preprint|article)\b"),
    re.compile(rf"\bIn\s+(?P<name>{_SHORT_NAME}),?\s+you\s+(?:(?:also|first|elegantly|nicely|convincingly)\s+)?"
               r"(?:show|showed|shown|propose|proposed|introduce|introduced|present|presented|argue|argued|"
               r"demonstrate|demonstrated|describe|described|prove|proved|study|studied|find|found|develop|developed)\b"),
    re.compile(rf"(?P<name>{_SHORT_NAME})\s+\((?:19|20)[0-9]{{2}}\)"),
]
# Conferences and journals: named with a year, never a work ("at NeurIPS (2024)").
_VENUES = {
    "neurips", "nips", "icml", "iclr", "cvpr", "iccv", "eccv", "acl", "emnlp", "naacl", "kdd", "aaai", "ijcai",
    "sigir", "www", "stoc", "focs", "soda", "colt", "aistats", "uai", "icra", "iros", "rss", "chi", "sigmod",
    "vldb", "icde", "osdi", "sosp", "nsdi", "sigcomm", "jmlr", "tmlr", "tpami", "nature", "science", "pnas",
}


def _field_names() -> set[str]:
    """Fields of research as arXiv names them, and each part of a name joined by "and"
    ("Computer Vision and Pattern Recognition" → also "computer vision", "pattern recognition")."""
    names = set()
    for name in ARXIV_CATEGORIES.values():
        full = normalize(name.split("(")[0])
        names.add(full)
        names.update(part.strip() for part in full.split(" and ") if part.strip())
    return names


# "Your work on Computer Vision": a field, not a work.
_FIELDS = _field_names()


def _short_name_candidates(text: str, known: list[str], taken: list[tuple[int, int]]) -> list[Citation]:
    """Short work names the sentence presents as a work, each name of "X and Y" on its own."""
    out: list[Citation] = []
    for cue in _WORK_CUES:
        for m in cue.finditer(text):
            for name, span in _names_in(m.group("name"), m.start("name")):
                norm = normalize(name)
                if not norm or len(norm.split()) >= _MIN_TITLE_WORDS or norm.isdigit():
                    continue
                if any(s <= span[0] < e or span[0] <= s < span[1] for s, e in taken):
                    continue
                if norm in _BOILERPLATE or norm in _VENUES or norm in _MINOR or norm in _FIELDS or any(
                        norm == k or f" {norm} " in f" {k} " for k in known):
                    continue
                out.append(Citation(name, span, quoted=False, short=True))
                taken.append(span)
    return out


def _names_in(group: str, start: int) -> list[tuple[str, tuple[int, int]]]:
    """Each name of "Titans and ATLAS" or "Titans, ATLAS", with where it stands in the text."""
    pieces, at = [], 0
    for sep in [*re.finditer(r"\s+and\s+|,\s*", group), None]:
        end = sep.start() if sep else len(group)
        raw = group[at:end]
        name = raw.strip().strip("“”\"").strip()
        if name:
            offset = start + at + raw.index(name)
            pieces.append((name, (offset, offset + len(name))))
        at = sep.end() if sep else end
    return pieces


def _is_field_or_degree(norm: str) -> bool:
    """A field of research, or a degree in one ("PhD in Computer Science"): not a work."""
    words = [w for w in norm.split() if w not in _DEGREES]
    rest = " ".join(w for w in words if w not in _MINOR) if len(words) < len(norm.split()) else norm
    return rest in _FIELDS or rest in _BOILERPLATE


_DEGREES = {"phd", "ph", "d", "dphil", "msc", "ms", "ma", "mphil", "mba", "meng", "bsc", "bs", "ba", "beng",
            "master", "masters", "bachelor", "bachelors", "doctorate", "program", "programme", "degree"}


def _match_short_name(name: str, papers: Sequence[PaperFact]) -> PaperFact | None:
    """The paper a work's short name names: its title or the title's head before the colon, or
    whole words of its title ("Titans"), or a name its abstract uses for what it presents."""
    cand = normalize(name)
    if not cand:
        return None
    for p in papers:
        title = normalize(p.title)
        head = normalize(p.title.split(":")[0])
        if cand in (title, head) or f" {cand} " in f" {title} ":
            return p
        if len(cand) >= 6 and fuzz.ratio(cand, head) >= 88:
            return p
    for p in papers:
        if p.abstract and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", p.abstract):
            return p
    return None


# "…, Fall 2027, I would": the sentence's subject, never the end of a title.
_PRONOUN_TAIL = re.compile(r"(?:,?\s+(?:I|We))+$")


def _known_spans(text: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        words = re.findall(r"\w+", phrase)
        # Short phrases ("sparse attention") may well be part of a real title; leave them be.
        if len(words) < 4:
            continue
        # The same words with any punctuation or spacing between them, as the template wrote them.
        pattern = r"\W+".join(re.escape(w) for w in words)
        spans += [(m.start(), m.end()) for m in re.finditer(pattern, text, flags=re.IGNORECASE)]
    return spans


class _Run:
    """A title-case run found between known phrases (the same interface as a regex match)."""

    def __init__(self, text: str, start: int):
        self._text, self._start = text, start

    def group(self, _n: int = 0) -> str:
        return self._text

    def start(self) -> int:
        return self._start


def _runs_outside(text: str, known: list[tuple[int, int]]):
    """Title-case runs in ``text`` with every known phrase taken out of them."""
    if not known:
        yield from _RUN.finditer(text)
        return
    masked = list(text)
    for s, e in known:
        masked[s:e] = "\n" * (e - s)  # a line break: no run crosses it
    for m in _RUN.finditer("".join(masked)):
        yield _Run(m.group(0), m.start())


_STARTERS = {"in", "your", "my", "our", "i", "reading", "after", "since", "while", "as", "dear"}


def _match_title(candidate: str, papers: Sequence[PaperFact]) -> PaperFact | None:
    cand = normalize(candidate)
    words = cand.split()
    if words and words[0] in _STARTERS and len(words) > _MIN_TITLE_WORDS:
        # "In Sparse Attention for …": the sentence's first word is not part of the title
        return _match_title(" ".join(words[1:]), papers) or _match_one(cand, papers)
    return _match_one(cand, papers)


def _match_one(cand: str, papers: Sequence[PaperFact]) -> PaperFact | None:
    if not cand or not papers:
        return None
    best, best_score = None, 0.0
    for p in papers:
        title = normalize(p.title)
        head = normalize(p.title.split(":")[0])
        score = max(fuzz.ratio(cand, title), fuzz.ratio(cand, head) if len(head.split()) >= 2 else 0)
        # The title's first words, ending on a whole word: its short name in a subject line.
        if len(cand.split()) >= 2 and title.startswith(cand + " "):
            score = 100
        # a long enough run inside the title ("… our Sparse Attention for Long Context …")
        if len(cand) >= 20 and len(cand) >= 0.5 * len(title):
            score = max(score, fuzz.partial_ratio(cand, title) - 3)
        if score > best_score:
            best, best_score = p, score
    return best if best_score >= 88 else None


def _match_abstract(candidate: str, papers: Sequence[PaperFact]) -> PaperFact | None:
    cand = normalize(candidate)
    if len(cand) < 12:
        return None
    for p in papers:
        if p.abstract and cand in normalize(p.abstract):
            return p
    return None


def check_citations(
    text: str,
    *,
    researcher_name: str,
    papers: Sequence[PaperFact],
    catalogue_match: Callable[[str], str | None] | None = None,
    known_phrases: Iterable[str] = (),
) -> GroundingResult:
    """Every citation-like phrase must be one of this researcher's papers; flag the rest."""
    result = GroundingResult()
    for cit in find_citation_candidates(text, [*known_phrases, researcher_name]):
        paper = _match_short_name(cit.text, papers) if cit.short else _match_title(cit.text, papers)
        if paper:
            cit.matched, cit.how = paper, "title"
        elif cit.quoted:
            paper = _match_abstract(cit.text, papers)
            if paper:
                cit.matched, cit.how = paper, "abstract"
        result.citations.append(cit)
        if cit.matched:
            continue
        other = catalogue_match(cit.text) if catalogue_match else None
        if other:
            result.flags.append(Flag(
                "not_their_paper",
                f"“{cit.text}” is in the catalogue, but {researcher_name} is not an author of it. "
                "Cite one of their own papers instead.",
                cit.span, "error",
            ))
        elif cit.quoted and not _title_like(cit.text):
            result.flags.append(Flag(
                "unverified_quote",
                f"The quoted phrase “{cit.text}” does not match any paper by {researcher_name} "
                "in the catalogue (title or abstract). Check it or remove the quotes.",
                cit.span, "error",
            ))
        else:
            result.flags.append(Flag(
                "unknown_citation",
                f"“{cit.text}” looks like a paper title but matches no paper by {researcher_name} "
                "in the catalogue. If it is not a paper, ignore this; if it is, check the title.",
                cit.span, "error",
            ))
    return result


def catalogue_matcher(titles: Sequence[str] | Callable[[], Sequence[str]]) -> Callable[[str], str | None]:
    """A lookup from a cited phrase to the closest title anywhere in the catalogue. ``titles``
    may be a function, called on first need: most drafts only cite the researcher's own papers."""
    loaded: list[Sequence[str]] = []
    normalized: list[str] = []

    def match(candidate: str) -> str | None:
        if not loaded:
            loaded.append(titles() if callable(titles) else titles)
            normalized.extend(normalize(t) for t in loaded[0])
        if not normalized:
            return None
        found = process.extractOne(normalize(candidate), normalized, scorer=fuzz.ratio, score_cutoff=88)
        return loaded[0][found[2]] if found else None

    return match


def is_old(paper_date: date | None, *, today: date, years: int = OLD_PAPER_YEARS) -> bool:
    """Whether the check calls a paper of this date old (more than ``years`` before today)."""
    if paper_date is None:
        return False
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    return paper_date < cutoff


# Left-over placeholders: "[Write your question here…]", "[your name]", "{{ paper.title }}",
# "{name}", "<insert topic>", TODO / TBD / FIXME / XXX, "____".
_PLACEHOLDER = re.compile(
    r"\[[^\[\]\n]{2,300}\]|\{\{[^\n]*?\}\}|\{%[^\n]*?%\}|\{[A-Za-z_][\w .]{0,60}\}"
    # Only capitals: "todo" is an ordinary word in Spanish or Portuguese.
    r"|<(?i:insert|your|add|write|name|topic)\b[^<>\n]{0,100}>|\b(?:TODO|TBD|FIXME|XXX+)\b|_{4,}",
)
_PLACEHOLDER_WORDS = {"your", "insert", "write", "here", "add", "todo", "tbd", "name", "fill", "topic", "question"}


def find_placeholders(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Text the applicant was meant to replace and did not, with where it is."""
    found = []
    for m in _PLACEHOLDER.finditer(text):
        phrase = m.group(0)
        if phrase.startswith("[") and not phrase.startswith("[["):
            inner = re.findall(r"[A-Za-z]+", phrase)
            # "[1]", "[PDF]", "[sic]" are ordinary text; a bracketed instruction has words in it
            if not inner or (len(inner) < 2 and inner[0].lower() not in _PLACEHOLDER_WORDS):
                continue
        found.append((phrase, (m.start(), m.end())))
    return found


_CV_CLAIM = re.compile(
    r"\b(?:attach(?:ed|ing)?|enclos(?:ed|ing))\b[^.\n]{0,40}\b(?:CV|C\.V\.|curriculum vitae|r[ée]sum[ée])\b"
    r"|\b(?:CV|C\.V\.|curriculum vitae|r[ée]sum[ée])\b[^.\n]{0,20}\b(?:is |are )?(?:attached|enclosed)\b",
    re.IGNORECASE,
)


def cv_claim(text: str) -> tuple[int, int] | None:
    """Where the text says a CV is attached ("I have attached my CV"), or None."""
    m = _CV_CLAIM.search(text or "")
    return (m.start(), m.end()) if m else None


_MINOR_END = _MINOR | {"the", "a", "an", "and", "of", "our", "your", "my", "their", "its"}


def subject_problem(subject: str, titles: Sequence[str] = (), *, max_chars: int = SUBJECT_MAX_CHARS) -> str | None:
    """Why a subject would read badly in an inbox (too long, or cut off), or None."""
    text = subject.strip()
    if len(text) > max_chars:
        return (f"The subject is {len(text)} characters; inboxes cut it off after about {max_chars}. "
                "Name the paper by its short name or a few words of its title.")
    if re.search(r"(?:\.\.\.|…)[\"”’']?\s*$", text):
        return "The subject trails off (“…”); end it on whole words, such as the paper's short name."
    words = normalize(text).split()
    if words and words[-1] in _MINOR_END and len(words) > 2:
        return f"The subject ends on “{text.split()[-1]}”, as if it was cut off; end it on whole words."
    for title in titles:
        tw = normalize(title).split()
        for k in range(2, min(len(words), len(tw)) + 1):
            head = tw[:k]
            if words[-k:-1] == head[:-1] and tw[k - 1] != words[-1] and tw[k - 1].startswith(words[-1]):
                return (f"The subject cuts “{title}” in the middle of a word; use its short name or "
                        "end on a whole word.")
    return None


def word_count(text: str) -> int:
    return len(re.findall(r"\b[\w'’\-]+\b", text))


def check_draft(
    *,
    subject: str,
    body: str,
    researcher_name: str,
    applicant_name: str,
    papers: Sequence[PaperFact],
    today: date,
    catalogue_match: Callable[[str], str | None] | None = None,
    known_phrases: Iterable[str] = (),
    max_words: int = MAX_WORDS,
    old_years: int = OLD_PAPER_YEARS,
) -> GroundingResult:
    """The full check on a draft: citations plus old papers, missing names and length."""
    known = [researcher_name, applicant_name, *known_phrases]
    result = check_citations(
        body, researcher_name=researcher_name, papers=papers,
        catalogue_match=catalogue_match, known_phrases=known,
    )
    subject_result = check_citations(
        subject, researcher_name=researcher_name, papers=papers,
        catalogue_match=catalogue_match, known_phrases=known,
    )
    for f in subject_result.flags:
        result.flags.append(Flag(f.kind, "In the subject: " + f.message, None, f.severity))
    result.citations.extend(subject_result.citations)

    for paper in result.cited_papers:
        if is_old(paper.date, today=today, years=old_years):
            span = next((c.span for c in result.citations if c.matched is paper), None)
            result.flags.append(Flag(
                "old_paper",
                f"“{paper.title}” is from {paper.date.year}, more than {old_years} years ago; "
                "a recent paper shows you follow their current work.",
                span,
            ))

    last = researcher_name.split()[-1] if researcher_name.split() else ""
    if not last or normalize(last) not in normalize(body).split():
        result.flags.append(Flag(
            "missing_name", f"The draft does not address {researcher_name or 'the researcher'} by name.",
            None, "error",
        ))
    if not applicant_name.strip():
        result.flags.append(Flag(
            "missing_name",
            "Your own name is missing: fill in your full name in your profile so the draft is signed.",
            None, "error",
        ))
    elif not all(part in normalize(body).split() for part in normalize(applicant_name).split()[:1]):
        result.flags.append(Flag(
            "missing_name", f"The draft is not signed with your name ({applicant_name}).", None,
        ))
    # A follow-up quotes the earlier message; only what is new counts towards the length.
    words = word_count("\n".join(
        line for line in body.splitlines() if not line.startswith(">") and not line.startswith("--- My earlier")
    ))
    if words > max_words:
        result.flags.append(Flag(
            "too_long", f"The draft is {words} words; professors read short emails — aim for 150–{max_words}.",
        ))
    return result
