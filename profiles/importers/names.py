"""How people and papers are told apart: display names, comparison keys, duplicate merging.

The same person is written ``N. Benjamin Erichson`` on one page and ``Benjamin Erichson``
on the next, ``Zhi‐Quan Luo`` (odd hyphen) here and ``Zhi-Quan Luo`` there; the same paper
is listed twice under two venues. Keys here make those compare equal.
"""
from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from .base import ParsedPaper
from .dates import first_dated
from .decoding import nfc

_ODD_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-"})
# Invisible characters that clipboards leave inside names (zero-width spaces, soft hyphens, BOM).
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_LETTERS = re.compile(r"[a-z]+")
_ALNUM = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"['`\u2019]")


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """The display form of a person's name: NFC, one space between words, plain hyphens."""
    if not name.isascii():
        name = nfc(name).translate(_ODD_HYPHENS)
        name = _INVISIBLE.sub("", name)
    return " ".join(name.split()).strip(" ,;")


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    # Apostrophes join (O'Neil -> oneil) so "O'Neil" and "ONeil" agree; other marks split.
    ascii_name = _APOSTROPHES.sub("", anyascii(normalize_name(name)).lower())
    return tuple(_LETTERS.findall(ascii_name))


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A comparison key for a name: ASCII letters only, lowercase, tokens space-joined."""
    return " ".join(_name_tokens(name))


def loose_name_key(name: str) -> str:
    """First and last token of ``name_key``: ignores middle names and initials."""
    tokens = _name_tokens(name)
    if len(tokens) <= 1:
        return tokens[0] if tokens else ""
    return f"{tokens[0]} {tokens[-1]}"


def _compatible(a: str, b: str) -> bool:
    """Two given-name tokens can stand for the same name (equal, or an initial of the other)."""
    if a == b:
        return True
    if len(a) == 1:
        return b.startswith(a)
    if len(b) == 1:
        return a.startswith(b)
    return False


def _given_names_fit(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Every given name of ``short`` matches, in order, some given name of ``long``."""
    position = 0
    for token in short:
        while position < len(long) and not _compatible(token, long[position]):
            position += 1
        if position == len(long):
            return False
        position += 1
    return True


_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def given_first(name: str) -> str:
    """``Mahoney, Michael W.`` as ``Michael W. Mahoney`` (a suffix after a comma stays put)."""
    family, comma, given = name.partition(",")
    if not comma or not given.strip() or given.strip(" .").lower() in _SUFFIXES:
        return name
    return f"{given.strip()} {family.strip()}"


def names_match(a: str, b: str) -> bool:
    """Whether two written names can be the same person.

    Tolerates diacritics, case, punctuation, a missing or initialised middle name, an
    initial for the first name, and a first name dropped in favour of the middle one
    (``N. Benjamin Erichson`` / ``Benjamin Erichson``), hyphenated or run-together given
    names (``Zhi-Quan Luo`` / ``Zhiquan Luo``), multi-word family names
    (``A. Del Maestro`` / ``Adrian Del Maestro``) and "Family, Given" order. The family
    names must agree.
    """
    if "," in a:
        a = given_first(a)
    if "," in b:
        b = given_first(b)
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb or ta[-1] != tb[-1]:
        return False
    if ta == tb:
        return True
    given_a, given_b = ta[:-1], tb[:-1]
    if not given_a or not given_b:
        # A bare family name says too little to call it the same person.
        return False
    if "".join(given_a) == "".join(given_b):
        return True  # "Zhi-Quan" / "Zhiquan"
    if len(given_a) > len(given_b):
        given_a, given_b = given_b, given_a
    return _given_names_fit(given_a, given_b)


# Titles write the same symbol as TeX on one site and as Unicode on another:
# "$\\ell_1$" / "ℓ1", "$\\alpha$-divergence" / "α-divergence", "$O(n^2)$" / "O(n²)".
_TEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
_TEX_FONTS = {"mathcal", "mathbf", "mathrm", "mathit", "mathbb", "mathsf", "mathtt", "mathfrak",
              "boldsymbol", "bm", "text", "textbf", "textit", "emph", "operatorname", "left", "right"}
_TEX_MARKS = str.maketrans("", "", "${}_^")
_GREEK_NAMES = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma tau upsilon phi chi psi omega"
).split()
_GREEK = {
    **{0x3B1 + offset: name for offset, name in enumerate(_GREEK_NAMES[:17])},  # α…ρ
    0x3C2: "sigma",  # final sigma
    **{0x3C3 + offset: name for offset, name in enumerate(_GREEK_NAMES[17:])},  # σ…ω
    **{0x391 + offset: name for offset, name in enumerate(_GREEK_NAMES[:17])},  # Α…Ρ
    **{0x3A3 + offset: name for offset, name in enumerate(_GREEK_NAMES[17:])},  # Σ…Ω
    0x3F5: "epsilon", 0x3D1: "theta", 0x3D5: "phi", 0x3D6: "pi", 0x3F1: "rho", 0x2113: "l",
}
_TEX_WORDS = {"ell": "l", "varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi", "varrho": "rho",
              "varsigma": "sigma", "varpi": "pi"}


def _tex_word(match: re.Match) -> str:
    word = match.group(1)
    if word in _TEX_FONTS:
        return ""
    return _TEX_WORDS.get(word, word.lower())


def title_key(title: str) -> str:
    """A comparison key for a paper title: ASCII, lowercase, alphanumeric words space-joined.

    TeX and Unicode spellings of a symbol give the same key; symbols stay in it, so
    "GPT-3 …" and "GPT-4 …" remain two papers.
    """
    title = nfc(title)
    if "$" in title or "\\" in title:
        title = _TEX_COMMAND.sub(_tex_word, title).translate(_TEX_MARKS)
    if not title.isascii():
        title = title.translate(_GREEK)
    return " ".join(_ALNUM.findall(anyascii(title).lower()))


def clean_title(title: str) -> str:
    """The display form of a title: NFC with whitespace collapsed; markup stays literal text."""
    return " ".join(nfc(title).split())


# Titles shared by many different works: they merge only when an identifier says so.
GENERIC_TITLE_KEYS = frozenset({
    "foreword", "preface", "introduction", "editorial", "reply", "response", "erratum", "corrigendum",
    "correction", "errata", "commentary", "comment", "discussion", "rejoinder", "letter", "letters",
    "book review", "review", "reviews", "abstract", "abstracts", "conclusion", "conclusions",
    "summary", "overview", "preface and acknowledgements", "acknowledgements", "acknowledgments",
    "in memoriam", "obituary", "guest editorial", "editorial note", "editors note", "note",
    "notes", "index", "contents", "table of contents", "front matter", "back matter", "appendix",
    "addendum", "prologue", "epilogue", "afterword", "keynote", "tutorial", "panel", "position paper",
    "reply to comment", "reply to the discussion", "authors reply", "introduction to the special issue",
})


def is_generic_title_key(key: str) -> bool:
    """Whether a ``title_key`` names a kind of text rather than one work ("foreword", "reply")."""
    return not key or key in GENERIC_TITLE_KEYS or len(key) < 4


def _merge_key(paper: ParsedPaper, number: int) -> str:
    if paper.arxiv_id:
        return f"arxiv:{paper.arxiv_id.lower()}"
    key = title_key(paper.title) or paper.title
    if is_generic_title_key(key):
        return f"entry:{number}"  # "Foreword" twice on one page is two works
    return key


def merge_duplicate_papers(papers: list[ParsedPaper]) -> list[ParsedPaper]:
    """One paper per title: later listings of the same title fold into the first.

    Venues, categories and organisations are united in order, the longest abstract and
    author list win (one copy is often cut), and open access / code hold if any copy says so.
    """
    merged: dict[str, ParsedPaper] = {}
    # Ordered sets of what each kept paper lists, so a title repeated many times stays linear.
    lists: dict[str, tuple[dict[str, None], dict[str, None], dict[str, None]]] = {}
    for number, paper in enumerate(papers):
        key = _merge_key(paper, number)
        first = merged.get(key)
        if first is None:
            merged[key] = paper
            continue
        if key not in lists:
            lists[key] = (dict.fromkeys(first.venues), dict.fromkeys(first.categories), dict.fromkeys(first.orgs))
        venues, categories, orgs = lists[key]
        venues.update(dict.fromkeys(paper.venues))
        categories.update(dict.fromkeys(paper.categories))
        orgs.update(dict.fromkeys(paper.orgs))
        if (paper.abstract_complete, len(paper.abstract)) > (first.abstract_complete, len(first.abstract)):
            first.abstract, first.abstract_complete = paper.abstract, paper.abstract_complete
        if (paper.authors_complete, len(paper.authors)) > (first.authors_complete, len(first.authors)):
            first.authors = paper.authors
            first.authors_complete = paper.authors_complete
        if paper.author_count is not None and (first.author_count or 0) < paper.author_count:
            first.author_count = paper.author_count
        first.date, first.date_precision = first_dated(
            (first.date, first.date_precision), (paper.date, paper.date_precision))
        if not first.kind:
            first.kind = paper.kind
        if paper.open_access is not None:
            first.open_access = bool(first.open_access) or paper.open_access
        first.has_code = first.has_code or paper.has_code
    for key, (venues, categories, orgs) in lists.items():
        paper = merged[key]
        paper.venues, paper.categories, paper.orgs = list(venues), list(categories), list(orgs)
    return list(merged.values())
