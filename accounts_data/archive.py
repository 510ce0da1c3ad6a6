"""The data archive's format: a zip holding ``data.json`` (profile, shortlist with notes and
timeline, templates, drafts with every version) and the CV file under ``cv/``.

Pure: bytes in, plain dicts out (and back), no ORM, so a damaged or hostile file is refused with
a message naming the place before anything is written.
"""
from __future__ import annotations

import io
import json
import math
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import PurePosixPath

from applicants.cv import CvError, cv_extract, cv_max_bytes, cv_too_large_message

from .exceptions import UserDataError

FORMAT = "advisor-scout-user-data"
VERSION = 1
DATA_NAME = "data.json"
CV_FOLDER = "cv/"
# A real data.json nests six levels deep; Python's parser recurses once per level and gives up
# (RecursionError) near a thousand.
MAX_DEPTH = 64
# Years any page can show in any time zone, and any database can store.
YEARS = range(1900, 9999)
# A match score is a weighted share; far outside this it is no score (and 1e308 cannot be shown).
MAX_SCORE = 100
_DAMAGED = (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError, ValueError, zlib.error)


@dataclass
class Archive:
    """What an archive holds, validated: ``data`` as in data.json, the CV's name and bytes."""

    data: dict
    cv_name: str | None = None
    cv_bytes: bytes | None = None


def archive_pack(*, data: dict, cv_name: str | None, cv_bytes: bytes | None) -> bytes:
    """The zip for ``data`` (and the CV file, when there is one)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        payload = {"format": FORMAT, "version": VERSION, **data}
        zf.writestr(DATA_NAME, json.dumps(payload, indent=2, ensure_ascii=False, default=_json_default))
        if cv_bytes is not None:
            zf.writestr(CV_FOLDER + _safe_name(cv_name or "cv"), cv_bytes)
    return buffer.getvalue()


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON data")


def _safe_name(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).name or "cv"


def archive_unpack(raw: bytes, *, max_bytes: int, data_max_bytes: int) -> Archive:
    """Read and check an archive; ``UserDataError`` says what is wrong and where.

    Nothing is unpacked beyond its limit: data.json is read only up to ``data_max_bytes`` and
    its nesting is measured before it is parsed; the CV goes through the same checks as an
    upload on /me/ (size first, then type and content)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        members = zf.infolist()
    except _DAMAGED:
        raise UserDataError("This is not a data archive (not a zip file). Upload the .zip that "
                            "“Download my data” gave you, unchanged.") from None
    with zf:
        infos = {info.filename: info for info in members if not info.is_dir()}
        if DATA_NAME not in infos:
            raise UserDataError(f"The archive has no {DATA_NAME}: it was not made by “Download my data”.")
        total = sum(info.file_size for info in infos.values())
        if total > max_bytes:
            raise UserDataError(f"The archive unpacks to {total:,} bytes, more than the {max_bytes:,} "
                                "this site accepts (DATA_IMPORT_MAX_BYTES).")
        cvs = [name for name in infos if name.startswith(CV_FOLDER)]
        if len(cvs) > 1:
            raise UserDataError(f"The archive holds {len(cvs)} CV files under {CV_FOLDER}; it should hold one at most.")
        info = infos[DATA_NAME]
        too_big = (f"{DATA_NAME} unpacks to {info.file_size:,} bytes; at most {data_max_bytes:,} bytes are read "
                   "(DATA_IMPORT_JSON_MAX_BYTES). An archive from “Download my data” is far smaller: download it again.")
        data = _parse(_read(zf, info, limit=data_max_bytes, too_big=too_big))
        cv_name = cv_bytes = None
        if cvs:
            cv_name = _safe_name(cvs[0])
            limit = cv_max_bytes()
            cv_bytes = _read(zf, infos[cvs[0]], limit=limit,
                             too_big=f"The CV in the archive: {cv_too_large_message(cv_name, infos[cvs[0]].file_size)}")
    _check(data)
    if cv_bytes is not None:
        try:
            cv_extract(data=cv_bytes, filename=cv_name)
        except CvError as exc:
            raise UserDataError(f"The CV in the archive: {exc.message}") from None
    return Archive(data=data, cv_name=cv_name, cv_bytes=cv_bytes)


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, limit: int, too_big: str) -> bytes:
    """One member's bytes, never more than ``limit`` of them (its declared size can lie)."""
    if info.flag_bits & 0x1:
        raise UserDataError(f"{info.filename} in the archive is encrypted. “Download my data” makes archives "
                            "without a password: upload that file as it was downloaded, or zip it again without a password.")
    if info.file_size > limit:
        raise UserDataError(too_big)
    try:
        with zf.open(info) as fh:
            content = fh.read(limit + 1)
    except _DAMAGED as exc:
        raise UserDataError(f"The archive is damaged or was not made by “Download my data” ({info.filename}: {exc}); "
                            "download your data again.") from None
    if len(content) > limit:
        raise UserDataError(too_big)
    return content


# A JSON string (escapes included) or one bracket: strings are skipped whole, so brackets in
# notes do not count as nesting.
_STRING_OR_BRACKET = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _nesting_within(raw: bytes, limit: int) -> bool:
    depth = 0
    for found in _STRING_OR_BRACKET.finditer(raw):
        char = found.group()
        if char in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return False
        elif char in (b"]", b"}"):
            depth -= 1
    return True


def _refuse_constant(name: str):
    raise UserDataError(f"{DATA_NAME} holds {name}, which is not a number JSON allows; download your data again.")


def _parse(raw: bytes) -> dict:
    if not _nesting_within(raw, MAX_DEPTH):
        raise UserDataError(f"{DATA_NAME} is nested more than {MAX_DEPTH} levels deep; one from “Download my data” "
                            "is nested a few levels only. Download your data again.")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise UserDataError(f"{DATA_NAME} is damaged ({exc}); download your data again.") from None


# -- checking data.json ------------------------------------------------------------------------

def _check(data) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserDataError(f"{DATA_NAME} is not an Advisor Scout data file (its \"format\" is not {FORMAT!r}).")
    if data.get("version") != VERSION:
        raise UserDataError(f"{DATA_NAME} is format version {data.get('version')!r}; this site reads version "
                            f"{VERSION}. Export it again from an up-to-date Advisor Scout.")
    profile = _get(data, "profile", dict, "", optional=True)
    if profile is not None:
        for key in PROFILE_TEXT:
            _get(profile, key, str, "profile", optional=True)
        _get(profile, "match_weights", dict, "profile", optional=True)
    for i, name in enumerate(_get(data, "tags", list, "")):
        _expect(name, str, f"tags[{i}]")
    for i, entry in enumerate(_get(data, "shortlist", list, "")):
        where = f"shortlist[{i}]"
        _expect(entry, dict, where)
        _researcher(entry, where)
        for key in ("status", "notes", "personal_hook"):
            _get(entry, key, str, where)
        _get(entry, "priority", int, where)
        _when(entry, "status_changed_at", where)
        _when(entry, "saved_at", where)
        _when(entry, "removed_at", where, optional=True)
        _when(entry, "follow_up_on", where, optional=True, day=True)
        score = _get(entry, "match_score_at_save", (int, float), where, optional=True)
        if score is not None and not (math.isfinite(score) and abs(score) <= MAX_SCORE):
            raise UserDataError(f"{DATA_NAME}: {where}.match_score_at_save {score!r} is not a match score "
                                f"(a number between -{MAX_SCORE} and {MAX_SCORE}).")
        for j, tag in enumerate(_get(entry, "tags", list, where)):
            _expect(tag, str, f"{where}.tags[{j}]")
        for j, event in enumerate(_get(entry, "events", list, where)):
            _expect(event, dict, f"{where}.events[{j}]")
            _get(event, "kind", str, f"{where}.events[{j}]")
            _get(event, "payload", dict, f"{where}.events[{j}]")
            _when(event, "at", f"{where}.events[{j}]")
    for i, tpl in enumerate(_get(data, "templates", list, "")):
        where = f"templates[{i}]"
        _expect(tpl, dict, where)
        for key in ("key", "name", "subject_source", "body_source"):
            _get(tpl, key, str, where)
    for i, draft in enumerate(_get(data, "drafts", list, "")):
        where = f"drafts[{i}]"
        _expect(draft, dict, where)
        _researcher(draft, where)
        for key in ("template_key", "template_name", "template_subject", "template_body", "polish_note"):
            _get(draft, key, str, where)
        _get(draft, "on_shortlist", bool, where)
        _when(draft, "created_at", where)
        versions = _get(draft, "versions", list, where)
        if not versions:
            raise UserDataError(f"{DATA_NAME}: {where} has no versions; a draft always has at least one.")
        for j, version in enumerate(versions):
            vw = f"{where}.versions[{j}]"
            _expect(version, dict, vw)
            _get(version, "number", int, vw)
            for key in ("source", "subject", "body"):
                _get(version, key, str, vw)
            _get(version, "papers", list, vw)
            _get(version, "context", dict, vw)
            _get(version, "flags", list, vw)
            _when(version, "created_at", vw)


PROFILE_TEXT = ("full_name", "program", "interests", "methods", "keywords", "background",
                "preferred_fields", "preferred_institutions", "cv_filename", "cv_text")
_KIND_NAMES = {str: "text", int: "a whole number", list: "a list", dict: "an object", bool: "true or false"}


def _expect(value, kind, where: str) -> None:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    # JSON's true/false are Python bools, which are ints too: a number field must not take them.
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        wanted = _KIND_NAMES.get(kind, "a number")
        raise UserDataError(f"{DATA_NAME}: {where} should be {wanted}, not {type(value).__name__}.")


def _get(obj: dict, key: str, kind, where: str, *, optional: bool = False):
    place = f"{where}.{key}" if where else key
    if key not in obj or obj[key] is None:
        if optional:
            return None
        raise UserDataError(f"{DATA_NAME}: {place} is missing.")
    _expect(obj[key], kind, place)
    return obj[key]


def _when(obj: dict, key: str, where: str, *, optional: bool = False, day: bool = False) -> None:
    value = _get(obj, key, str, where, optional=optional)
    if value is None:
        return
    shape = "YYYY-MM-DD" if day else "an ISO date and time"
    try:
        when = (date if day else datetime).fromisoformat(value)
        if not day:
            # In UTC, as the database keeps it: an offset can push a date past year 9999.
            when = (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise UserDataError(f"{DATA_NAME}: {where}.{key} {value!r} is not {shape}.") from None
    if when.year not in YEARS:
        raise UserDataError(f"{DATA_NAME}: {where}.{key} {value!r} is not a date this site can keep "
                            f"(years {YEARS.start} to {YEARS.stop - 1}).")


def _researcher(obj: dict, where: str) -> None:
    who = _get(obj, "researcher", dict, where)
    _get(who, "slug", str, f"{where}.researcher")
    _get(who, "name", str, f"{where}.researcher")
