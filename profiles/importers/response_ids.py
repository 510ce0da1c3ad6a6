"""Paper identifiers as scholarly-API responses write them, in one canonical form each.

A DOI arrives as ``https://doi.org/10.1145/X``, ``doi:10.1145/x`` or bare; an arXiv id as
``http://arxiv.org/abs/2202.12139v1``, ``arXiv:2202.12139`` or ``hep-th/9901001v2``.
Comparing papers by identifier only works when every source is reduced to the same form.
"""
from __future__ import annotations

import re

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ARXIV_NEW = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])")
_ARXIV_OLD = re.compile(r"([a-z][a-z.-]+/\d{7})(?:v\d+)?", re.IGNORECASE)
# DataCite registers one DOI per arXiv preprint: 10.48550/arXiv.2202.12139.
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.IGNORECASE)


def normalize_doi(text: str | None) -> str:
    """``10.1145/2795233`` from any way of writing it; "" when there is no DOI in ``text``."""
    if not text:
        return ""
    found = _DOI.search(text.strip())
    return found.group(0).rstrip(".,;").lower() if found else ""


def normalize_arxiv_id(text: str | None) -> str:
    """``2202.12139`` (no version) from an abs/pdf URL, ``arXiv:…`` or a bare id; "" if none."""
    if not text:
        return ""
    text = text.strip()
    doi = _ARXIV_DOI.search(text)
    if doi:
        text = doi.group(1)
    found = _ARXIV_NEW.search(text)
    if found:
        return found.group(1)
    found = _ARXIV_OLD.search(text)
    return found.group(1).lower() if found else ""


def arxiv_id_from_doi(doi: str) -> str:
    """The arXiv id a DataCite arXiv DOI stands for, or ""."""
    found = _ARXIV_DOI.fullmatch(doi or "")
    return normalize_arxiv_id(found.group(1)) if found else ""
