"""The catalogue pack's format: what `export_profiles` writes and `import_profiles` reads.

A pack is one JSON object, ``{"format": "advisor-scout-catalogue", "version": 1,
"researchers": [...], "captures": [...]}``: each researcher with the values the pages show,
their curated fields and locks, papers (hidden ones apart) with each author's grounds, live
sources and merged records; each capture with its bytes (base64), hash and what became of it.

``pack_read`` checks all of it before anything is written and turns it into the model values
the import service writes; a damaged or hand-edited pack is refused with ``PackError`` naming
the place (``researchers[3].papers[7].date``) and how to put it right. No database here.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

from .models import (
    AuthorshipBasis,
    CaptureOutcome,
    DatePrecision,
    Paper,
    Researcher,
    SourceKind,
    TakingStudents,
)

FORMAT = "advisor-scout-catalogue"
VERSION = 1
# Fields only curators write (no import touches them): carried under "curated".
CURATED_FIELDS = (
    "taking_students", "taking_students_source", "taking_students_note", "taking_students_on",
    "contact_email", "contact_instructions", "contact_instructions_source", "contact_instructions_on",
)
# How a file is told to be a pack before it is read whole: its marker near the start.
MARKER = re.compile(rb'"format"\s*:\s*"advisor-scout-catalogue"')
_SHA256 = re.compile(r"[0-9a-f]{64}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_FIX = "export it again with `manage.py export_profiles` (a pack is read as written, not edited by hand)"


class PackError(Exception):
    """A pack that cannot be imported, with where and what is wrong and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class PackPaper:
    values: dict  # Paper's imported fields, as the model stores them
    identity_key: str | None
    locked_fields: list[str]
    hidden: bool
    basis: str
    source: str | None  # the sha256 of the capture that attached it to this researcher
    where: str


@dataclass
class PackResearcher:
    slug: str
    name_key: str
    values: dict  # Researcher's imported fields, as the model stores them
    curated: dict
    locked_fields: list[str]
    hidden: bool
    published: bool
    papers: list[PackPaper]
    source_links: list[dict]  # {"kind", "external_id", "validators"}
    merged_records: list[dict]  # {"name", "slug", "name_key"}
    where: str


@dataclass
class PackCapture:
    sha256: str
    raw: bytes
    researcher: str | None  # the slug of a researcher in the pack
    fields: dict  # the other Capture fields, as the model stores them
    where: str


@dataclass
class Pack:
    researchers: list[PackResearcher] = field(default_factory=list)
    captures: list[PackCapture] = field(default_factory=list)


def looks_like_pack(head: bytes) -> bool:
    """Whether a file starting with ``head`` (its first few kilobytes) is a catalogue pack."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and MARKER.search(head) is not None


def pack_read(raw: bytes, *, max_bytes: int, capture_max_bytes: int) -> Pack:
    """Check a pack's bytes and return what it holds; ``PackError`` says what is wrong and where."""
    if len(raw) > max_bytes:
        raise PackError(f"The pack is {len(raw):,} bytes; the limit is {max_bytes:,} (CATALOGUE_PACK_MAX_BYTES). "
                        "Export fewer researchers (--researcher), or raise the limit on this install.")
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_refuse_constant)
    except UnicodeDecodeError as error:
        raise PackError(f"The pack is not UTF-8 text (byte {error.start}); {_FIX}.") from None
    except json.JSONDecodeError as error:
        raise PackError(f"The pack is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
                        f"it may be cut short: {_FIX}.") from None
    except RecursionError:
        raise PackError(f"The pack nests too deeply to be one; {_FIX}.") from None
    if not isinstance(data, dict):
        raise PackError(f"The pack is a JSON {type(data).__name__}, not an object; {_FIX}.")
    if data.get("format") != FORMAT:
        raise PackError(f'"format" is {data.get("format")!r}, not {FORMAT!r}: this is not an Advisor Scout '
                        "catalogue pack.")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PackError(f'"version" is {version!r}; a pack says which version of the format it is (1); {_FIX}.')
    if version > VERSION:
        raise PackError(f"The pack is format version {version}; this install reads version {VERSION}. "
                        "Upgrade Advisor Scout here, or export from an install of the same version.")
    researchers = _get(data, "researchers", list, "pack")
    captures = _get(data, "captures", list, "pack")
    pack = Pack(
        researchers=[_researcher(item, f"researchers[{i}]") for i, item in enumerate(researchers)],
        captures=[_capture(item, f"captures[{i}]", capture_max_bytes) for i, item in enumerate(captures)],
    )
    _check_references(pack)
    return pack


def _check_references(pack: Pack) -> None:
    slugs: dict[str, str] = {}
    for person in pack.researchers:
        for slug, where in [(person.slug, person.where)] + [
                (r["slug"], f"{person.where}.merged_records[{i}]") for i, r in enumerate(person.merged_records)]:
            if slug in slugs:
                raise PackError(f"{where}.slug {slug!r} is also {slugs[slug]}'s: each record has its own; {_FIX}.")
            slugs[slug] = where
    seen: dict[str, str] = {}
    for capture in pack.captures:
        if capture.sha256 in seen:
            raise PackError(f"{capture.where} is the same capture as {seen[capture.sha256]} (one sha256); {_FIX}.")
        seen[capture.sha256] = capture.where
        if capture.researcher is not None and capture.researcher not in slugs:
            raise PackError(f"{capture.where}.researcher {capture.researcher!r} is nobody in the pack's "
                            f"researchers; {_FIX}.")


def _refuse_constant(name: str):
    raise PackError(f"The pack holds {name}, which is not a number JSON allows; {_FIX}.")


def _researcher(item, where: str) -> PackResearcher:
    _expect(item, dict, where)
    name = _get(item, "name", str, where).strip()
    if not any(ch.isalpha() for ch in name):
        raise PackError(f"{where}.name {name!r} has no letters: a researcher needs a name; {_FIX}.")
    metrics = _get(item, "metrics", dict, where)
    values = {
        "name": name,
        "title": _text(item, "title", where),
        "affiliation": _text(item, "affiliation", where),
        "department": _text(item, "department", where),
        "about": _text(item, "about", where),
        "active_from": _number(item, "active_from", where, optional=True, most=32767),
        "active_to": _number(item, "active_to", where, optional=True, most=32767),
        "topics": _strings(item, "topics", where),
        **{key: _number(metrics, key, f"{where}.metrics", optional=True)
           for key in ("h_index", "citations", "paper_count", "novelty_pct", "ai_score")},
        "coauthors": [
            {"name": _get(c, "name", str, w, nullable=True), "shared_papers": _number(c, "shared_papers", w, optional=True),
             "affiliation": _get(c, "affiliation", str, w, nullable=True)}
            for c, w in _items(item, "coauthors", dict, where)],
        "education": [
            {"degree": _get(e, "degree", str, w, nullable=True), "institution": _get(e, "institution", str, w, nullable=True)}
            for e, w in _items(item, "education", dict, where)],
        "awards": _strings(item, "awards", where),
        "labs": _get(item, "labs", str, where, nullable=True) or None,
    }
    for key in ("novelty_pct", "ai_score"):
        if values[key] is not None and values[key] > 32767:
            raise PackError(f"{where}.metrics.{key} {values[key]} is out of range; {_FIX}.")
    curated_in = _get(item, "curated", dict, where)
    curated = {
        "taking_students": _choice(curated_in, "taking_students", TakingStudents, f"{where}.curated"),
        "taking_students_source": _get(curated_in, "taking_students_source", str, f"{where}.curated"),
        "taking_students_note": _get(curated_in, "taking_students_note", str, f"{where}.curated"),
        "taking_students_on": _day(curated_in, "taking_students_on", f"{where}.curated"),
        "contact_email": _get(curated_in, "contact_email", str, f"{where}.curated").strip(),
        "contact_instructions": _get(curated_in, "contact_instructions", str, f"{where}.curated"),
        "contact_instructions_source": _get(curated_in, "contact_instructions_source", str, f"{where}.curated"),
        "contact_instructions_on": _day(curated_in, "contact_instructions_on", f"{where}.curated"),
    }
    if curated["contact_email"] and not _EMAIL.fullmatch(curated["contact_email"]):
        raise PackError(f"{where}.curated.contact_email {curated['contact_email']!r} is not an e-mail address; {_FIX}.")
    papers = [_paper(p, w, hidden_list=False) for p, w in _items(item, "papers", dict, where)]
    papers += [_paper(p, w, hidden_list=True) for p, w in _items(item, "hidden_papers", dict, where)]
    links = []
    for link, w in _items(item, "source_links", dict, where):
        kind = _choice(link, "kind", SourceKind, w)
        external_id = _get(link, "external_id", str, w).strip()
        if not external_id:
            raise PackError(f"{w}.external_id is empty: a source link names the profile at the source; {_FIX}.")
        links.append({"kind": kind, "external_id": external_id, "validators": _get(link, "validators", dict, w)})
    merged = []
    for record, w in _items(item, "merged_records", dict, where):
        merged.append({"name": _get(record, "name", str, w), "slug": _slug(record, w),
                       "name_key": _get(record, "name_key", str, w)})
    return PackResearcher(
        slug=_slug(item, where), name_key=_get(item, "name_key", str, where), values=values, curated=curated,
        locked_fields=_locks(item, Researcher, where), hidden=_get(item, "hidden", bool, where),
        published=_get(item, "published", bool, where), papers=papers, source_links=links, merged_records=merged, where=where)


def _paper(item: dict, where: str, *, hidden_list: bool) -> PackPaper:
    title = _get(item, "title", str, where)
    if not title.strip():
        raise PackError(f"{where}.title is empty: a paper needs its title; {_FIX}.")
    day = _day(item, "date", where)
    precision = _get(item, "date_precision", str, where, nullable=True) or ""
    if precision and precision not in DatePrecision.values:
        raise PackError(f"{where}.date_precision {precision!r} is not one of {', '.join(DatePrecision.values)}; {_FIX}.")
    values = {
        "title": title,
        "date": day,
        "date_precision": precision if day else "",
        "arxiv_id": _text(item, "arxiv_id", where),
        "doi": _text(item, "doi", where),
        "venues": _strings(item, "venues", where),
        "kind": _text(item, "kind", where),
        "open_access": _get(item, "open_access", bool, where, nullable=True),
        "abstract": _text(item, "abstract", where),
        "abstract_complete": _get(item, "abstract_complete", bool, where),
        "authors": _strings(item, "authors", where),
        "author_count": _number(item, "author_count", where, optional=True),
        "authors_complete": _get(item, "authors_complete", bool, where),
        "comments": _text(item, "comments", where),
        "categories": _strings(item, "categories", where),
        "has_code": _get(item, "has_code", bool, where),
        "orgs": _strings(item, "orgs", where),
    }
    hidden = _get(item, "hidden", bool, where)
    if hidden != hidden_list:
        listed = "hidden_papers" if hidden_list else "papers"
        raise PackError(f"{where}.hidden is {str(hidden).lower()} in {listed}: hidden papers are listed under "
                        f"hidden_papers, the others under papers; {_FIX}.")
    source = _get(item, "source", str, where, nullable=True)
    if source is not None and not _SHA256.fullmatch(source):
        raise PackError(f"{where}.source {source!r} is not a capture's sha256; {_FIX}.")
    return PackPaper(values=values, identity_key=_get(item, "identity_key", str, where, nullable=True) or None,
                     locked_fields=_locks(item, Paper, where), hidden=hidden,
                     basis=_choice(item, "basis", AuthorshipBasis, where), source=source, where=where)


def _capture(item, where: str, capture_max_bytes: int) -> PackCapture:
    _expect(item, dict, where)
    sha = _get(item, "sha256", str, where)
    if not _SHA256.fullmatch(sha):
        raise PackError(f"{where}.sha256 {sha!r} is not a SHA-256 in hex; {_FIX}.")
    encoded = _get(item, "raw_base64", str, where)
    if len(encoded) > (capture_max_bytes + 2) // 3 * 4 + 4:
        raise PackError(f"{where}.raw_base64 holds more than {capture_max_bytes:,} bytes (CAPTURE_MAX_BYTES), "
                        "the most a capture may be on this install; raise the limit here to import it.")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise PackError(f"{where}.raw_base64 is not base64; {_FIX}.") from None
    if len(raw) > capture_max_bytes:
        raise PackError(f"{where}.raw_base64 holds {len(raw):,} bytes, more than CAPTURE_MAX_BYTES "
                        f"({capture_max_bytes:,}) on this install; raise the limit here to import it.")
    if hashlib.sha256(raw).hexdigest() != sha:
        raise PackError(f"{where}: its bytes do not have the sha256 it names, so it is not the capture it says; "
                        f"{_FIX}.")
    confirmed = []
    for number, w in _items(item, "confirmed_entries", int, where):
        if isinstance(number, bool) or number < 1:
            raise PackError(f"{w} {number!r} is not an entry number (1, 2, …); {_FIX}.")
        confirmed.append(number)
    captured_on = _day(item, "captured_on", where)
    if captured_on is None:
        raise PackError(f"{where}.captured_on is missing: a capture has the day it was captured; {_FIX}.")
    fields = {
        "encoding": _get(item, "encoding", str, where)[:40],
        "filename": _get(item, "filename", str, where)[:500],
        "layout": _get(item, "layout", str, where)[:20],
        "captured_on": captured_on,
        "outcome": _choice(item, "outcome", CaptureOutcome, where),
        "outcome_detail": _get(item, "outcome_detail", str, where),
        "parsed_name": _get(item, "parsed_name", str, where)[:300],
        "parsed_affiliation": _get(item, "parsed_affiliation", str, where)[:300],
        "candidates": _strings(item, "candidates", where),
        "warnings": _strings(item, "warnings", where),
        "confirmed_entries": sorted(set(confirmed)),
        "review_accepted": _get(item, "review_accepted", bool, where),
        "source_url": _get(item, "source_url", str, where)[:2000],
        "etag": _get(item, "etag", str, where)[:300],
        "last_modified": _get(item, "last_modified", str, where)[:100],
    }
    return PackCapture(sha256=sha, raw=raw, researcher=_get(item, "researcher", str, where, nullable=True),
                       fields=fields, where=where)


_KINDS = {dict: "an object", list: "a list", str: "a string", int: "a whole number", bool: "true or false"}


def _expect(value, kind, where: str) -> None:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        got = "null" if value is None else type(value).__name__
        raise PackError(f"{where} should be {_KINDS[kind]}, not {got}; {_FIX}.")


def _get(obj: dict, key: str, kind, where: str, *, nullable: bool = False):
    if key not in obj:
        raise PackError(f"{where}.{key} is missing; {_FIX}.")
    value = obj[key]
    if value is None and nullable:
        return None
    _expect(value, kind, f"{where}.{key}")
    return value


def _text(obj: dict, key: str, where: str) -> str:
    return _get(obj, key, str, where, nullable=True) or ""


def _number(obj: dict, key: str, where: str, *, optional: bool = False, most: int = 2**31 - 1) -> int | None:
    value = _get(obj, key, int, where, nullable=optional)
    if value is not None and not 0 <= value <= most:
        raise PackError(f"{where}.{key} {value} is out of range (0 to {most:,}); {_FIX}.")
    return value


def _items(obj: dict, key: str, kind, where: str):
    values = _get(obj, key, list, where)
    for i, value in enumerate(values):
        _expect(value, kind, f"{where}.{key}[{i}]")
        yield value, f"{where}.{key}[{i}]"


def _strings(obj: dict, key: str, where: str) -> list[str]:
    return [value for value, _ in _items(obj, key, str, where)]


def _choice(obj: dict, key: str, choices, where: str) -> str:
    value = _get(obj, key, str, where)
    if value not in choices.values:
        shown = ", ".join(repr(v) for v in choices.values)
        raise PackError(f"{where}.{key} {value!r} is not one of {shown}; {_FIX}.")
    return value


def _day(obj: dict, key: str, where: str) -> date | None:
    value = _get(obj, key, str, where, nullable=True)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PackError(f"{where}.{key} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2024-05-20.") from None


def _slug(obj: dict, where: str) -> str:
    slug = _get(obj, "slug", str, where)
    if not _SLUG.fullmatch(slug) or len(slug) > 320:
        raise PackError(f"{where}.slug {slug!r} is not a web address part (letters, digits, - and _); {_FIX}.")
    return slug


def _locks(obj: dict, model, where: str) -> list[str]:
    locks = _strings(obj, "locked_fields", where)
    unknown = sorted(set(locks) - set(model.IMPORTED_FIELDS))
    if unknown:
        raise PackError(f"{where}.locked_fields names {', '.join(map(repr, unknown))}, which "
                        f"{'is' if len(unknown) == 1 else 'are'} not a field imports write; {_FIX}.")
    return sorted(set(locks))
