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


def names_match(a: str, b: str) -> bool:
    """Whether two written names can be the same person.

    Tolerates diacritics, case, punctuation, a missing or initialised middle name, an
    initial for the first name, and a first name dropped in favour of the middle one
    (``N. Benjamin Erichson`` / ``Benjamin Erichson``). The family names must agree.
    """
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb or ta[-1] != tb[-1]:
        return False
    if ta == tb:
        return True
    given_a, given_b = ta[:-1], tb[:-1]
    if not given_a or not given_b:
        # A bare family name says too little to call it the same person.
        return False
    if len(given_a) > len(given_b):
        given_a, given_b = given_b, given_a
    return _given_names_fit(given_a, given_b)


def title_key(title: str) -> str:
    """A comparison key for a paper title: ASCII, lowercase, alphanumeric words space-joined."""
    return " ".join(_ALNUM.findall(anyascii(nfc(title)).lower()))


def clean_title(title: str) -> str:
    """The display form of a title: NFC with whitespace collapsed; markup stays literal text."""
    return " ".join(nfc(title).split())


def merge_duplicate_papers(papers: list[ParsedPaper]) -> list[ParsedPaper]:
    """One paper per title: later listings of the same title fold into the first.

    Venues, categories and organisations are united in order, the longest abstract and
    author list win (one copy is often cut), and open access / code hold if any copy says so.
    """
    merged: dict[str, ParsedPaper] = {}
    # Ordered sets of what each kept paper lists, so a title repeated many times stays linear.
    lists: dict[str, tuple[dict[str, None], dict[str, None], dict[str, None]]] = {}
    for paper in papers:
        key = title_key(paper.title) or paper.title
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
        if len(paper.abstract) > len(first.abstract):
            first.abstract = paper.abstract
        if len(paper.authors) > len(first.authors):
            first.authors = paper.authors
            first.authors_complete = paper.authors_complete
        if paper.author_count is not None and (first.author_count or 0) < paper.author_count:
            first.author_count = paper.author_count
        if first.date is None:
            first.date = paper.date
        if not first.kind:
            first.kind = paper.kind
        if paper.open_access is not None:
            first.open_access = bool(first.open_access) or paper.open_access
        first.has_code = first.has_code or paper.has_code
    for key, (venues, categories, orgs) in lists.items():
        paper = merged[key]
        paper.venues, paper.categories, paper.orgs = list(venues), list(categories), list(orgs)
    return list(merged.values())
