"""What makes two listings the same paper: identifiers first, the title only when nothing
contradicts it and the title says something.

Identifiers are compared in one canonical spelling: an arXiv id without its version
(``arXiv:1807.07067v3``, ``https://arxiv.org/abs/1807.07067``, ``1807.07067_v1`` are all
``1807.07067``) and a DOI lower-cased without its resolver (``https://doi.org/10.1/X`` is
``10.1/x``); arXiv's own DOIs (``10.48550/arXiv.1807.07067``) name the preprint, and the DOIs
other preprint servers mint per version (OSF's ``_v2``, bioRxiv's ``v2``, Research Square's
``/v2``…) are one work, as arXiv's versions are (``preprint_work_doi``). A title
like "Foreword" or "Introduction" names many works (five books' forewords by one person are
five papers), so it never merges on its own.
"""
from __future__ import annotations

import re

from .names import GENERIC_TITLE_KEYS, is_generic_title_key, title_key

__all__ = ["GENERIC_TITLE_KEYS", "canonical_arxiv_id", "canonical_doi", "identifiers_contradict", "identity_key",
           "is_generic_title", "is_generic_title_key", "preprint_work_doi"]

_ARXIV = re.compile(
    r"(?:arxiv[:.]\s*|arxiv\.org/(?:abs|pdf)/)?"
    r"(?P<id>[0-9]{4}\.[0-9]{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[a-z]{2})?/[0-9]{7})(?:_?v[0-9]{1,3})?(?:\.pdf)?",
    re.IGNORECASE,
)
_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(?P<doi>10\.[0-9]{4,9}/\S+)", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(?P<id>.+)", re.IGNORECASE)
# Preprint servers' DOIs of one version of a work: the work's DOI, then the version suffix.
# Only these servers' prefixes and shapes: a journal DOI may end in "v2" by chance.
_PREPRINT_VERSION = re.compile(
    r"(?P<work>"
    r"10\.[0-9]{4,9}/osf\.io/[a-z0-9]{4,12})_v[0-9]{1,3}"  # OSF Preprints and the servers it hosts (PsyArXiv, SocArXiv…)
    r"|(?P<biorxiv>10\.1101/(?:[0-9]{4}\.[0-9]{2}\.[0-9]{2}\.)?[0-9]{6,9})v[0-9]{1,3}"  # bioRxiv, medRxiv
    r"|(?P<slashed>10\.21203/rs\.[0-9]+\.rs-[0-9]+"  # Research Square
    r"|10\.22541/au\.[0-9]+\.[0-9]+"  # Authorea
    r"|10\.36227/techrxiv\.[0-9]+\.[0-9]+)/v[0-9]{1,3}"  # TechRxiv on Authorea
    r"|(?P<dotted>10\.20944/preprints[0-9]{6}\.[0-9]{4}"  # Preprints.org
    r"|10\.26434/chemrxiv\.[0-9]+"  # ChemRxiv on figshare
    r"|10\.36227/techrxiv\.[0-9]+)\.v[0-9]{1,3}"  # TechRxiv on figshare
    r"|(?P<dashed>10\.26434/chemrxiv-[0-9]{4}-[a-z0-9]{4,8})-v[0-9]{1,3}"  # ChemRxiv
)

def canonical_arxiv_id(text: str) -> str:
    """``1807.07067`` from any usual spelling of an arXiv identifier; "" if there is none."""
    text = (text or "").strip()
    if not text:
        return ""
    arxiv_doi = _ARXIV_DOI.fullmatch(text)
    if arxiv_doi:
        text = arxiv_doi.group("id")
    match = _ARXIV.search(text)
    return match.group("id").lower() if match else ""


def canonical_doi(text: str) -> str:
    """A DOI lower-cased, without resolver or trailing punctuation; "" if there is none."""
    match = _DOI.search((text or "").strip())
    return match.group("doi").rstrip(".,;)").lower() if match else ""


def preprint_work_doi(doi: str) -> str:
    """The DOI of the work a preprint version's DOI names (``10.31219/osf.io/sfgj6_v2`` →
    ``10.31219/osf.io/sfgj6``); any other DOI canonical as it is."""
    doi = canonical_doi(doi) or (doi or "").strip().lower()
    version = _PREPRINT_VERSION.fullmatch(doi)
    if version is None:
        return doi
    return next(part for part in version.groups() if part)


def is_generic_title(title: str) -> bool:
    """Whether the title names a kind of text rather than one work ("Foreword", "Reply")."""
    return is_generic_title_key(title_key(title))


def identifiers_contradict(a_arxiv: str, a_doi: str, b_arxiv: str, b_doi: str) -> bool:
    """Whether two records carry identifiers that say they are different works."""
    return bool((a_arxiv and b_arxiv and a_arxiv != b_arxiv)
                or (a_doi and b_doi and preprint_work_doi(a_doi) != preprint_work_doi(b_doi)))


def identity_key(*, title: str, arxiv_id: str, doi: str, venue: str = "", year: int | None = None,
                 key: str | None = None) -> str:
    """The key one paper is stored under: its arXiv id, else its DOI, else its title; a generic
    title adds where and when it appeared, so two forewords stay two papers. ``key`` is the
    title's ``title_key`` when the caller has it already."""
    if arxiv_id:
        return f"arxiv:{arxiv_id}"
    if doi:
        return f"doi:{preprint_work_doi(doi)}"[:600]
    key = title_key(title) if key is None else key
    if is_generic_title_key(key):
        return f"title:{key}|{title_key(venue)}|{year or ''}"[:600]
    return f"title:{key}"[:600]


def arxiv_id_from_doi(doi: str) -> str:
    """The arXiv id an arXiv DOI (``10.48550/arXiv.2108.04680``) names; "" for any other DOI
    (whose digits may look like an arXiv id: ``10.1016/j.x.2019.10523``)."""
    return canonical_arxiv_id(doi) if _ARXIV_DOI.fullmatch((doi or "").strip()) else ""
