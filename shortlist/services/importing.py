"""Bulk-saving researchers from a CSV of names, with a per-row report of what matched."""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from ..exceptions import ImportFileError, ShortlistError
from ..exports import csv_unescape
from ..models import Priority, ShortlistEntry, Status
from profiles.name_matching import match_name, name_key, narrow_by_affiliation
from ..selectors import researchers_saveable
from .entries import entry_details_update, entry_notes_save, entry_save, entry_status_set

NAME_HEADERS = {"name", "researcher", "full name", "researcher name"}
AFFILIATION_HEADERS = {"affiliation", "institution", "university"}
# Columns of our own export that a re-import applies to the entry (an empty cell keeps the
# entry's value); other columns (saved_at, profile_url, …) are the export's record only.
ENTRY_COLUMNS = ("status", "priority", "tags", "follow_up_on", "notes", "personal_hook")
STATUS_WORDS = {**{v: v for v in Status.values}, **{str(label).lower(): v for v, label in Status.choices}}
PRIORITY_WORDS = {str(label).lower(): v for v, label in Priority.choices} | {str(v): v for v in Priority.values}


@dataclass
class ImportRow:
    """One row of the file and what became of it."""

    line: int
    name: str
    outcome: str  # matched | ambiguous | no_match | blank
    researcher_id: int | None = None
    researcher_name: str = ""
    affiliation: str = ""
    score: float = 0.0
    candidates: list[dict] = field(default_factory=list)  # {"researcher", "name", "affiliation", "score"}
    already_saved: bool = False
    updated: list[str] = field(default_factory=list)  # entry fields the row's columns changed

    @property
    def message(self) -> str:
        if self.outcome == "matched":
            where = f" ({self.affiliation})" if self.affiliation else ""
            note = ", already on your shortlist" if self.already_saved else ""
            changed = f"; updated {', '.join(self.updated)}" if self.updated else ""
            return f"matched {self.researcher_name}{where}, score {self.score:g}{note}{changed}"
        if self.outcome == "ambiguous":
            names = "; ".join(
                f"{c['name']}{' (' + c['affiliation'] + ')' if c['affiliation'] else ''} {c['score']:g}"
                for c in self.candidates
            )
            return f"not saved: several researchers fit ({names}); write the name as it appears in the directory"
        if self.outcome == "blank":
            return "skipped: no name in this row"
        return "not saved: no researcher in the catalogue has a name close to this"


@dataclass
class ImportReport:
    """The whole file's outcome."""

    rows: list[ImportRow]
    encoding: str

    @property
    def matched(self) -> list[ImportRow]:
        return [r for r in self.rows if r.outcome == "matched"]

    @property
    def unmatched(self) -> list[ImportRow]:
        return [r for r in self.rows if r.outcome in ("ambiguous", "no_match")]

    @property
    def newly_saved(self) -> int:
        return sum(1 for r in self.matched if not r.already_saved)


def _decode(raw: bytes) -> tuple[str, str]:
    limit = settings.SHORTLIST_IMPORT_MAX_BYTES
    if len(raw) > limit:
        raise ImportFileError(
            f"The file is {len(raw) // 1024} KB; the limit is {limit // 1024} KB. Split it into smaller files."
        )
    if not raw.strip():
        raise ImportFileError("The file is empty. Upload a CSV with one researcher name per row.")
    if b"\x00" in raw:
        raise ImportFileError(
            "The file is not plain text (it looks like a spreadsheet or a UTF-16 file). "
            "Save it as “CSV UTF-8” and upload that."
        )
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" as cp1252; latin-1 decodes anything that is left.
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return raw.decode("latin-1"), "latin-1"


@dataclass
class _Line:
    """One data row of the file: the name to match and the entry columns it carries."""

    line: int
    name: str
    affiliation: str
    values: dict  # column -> cleaned value, only for the ENTRY_COLUMNS present and non-empty


class _BadCell(Exception):
    """One cell that cannot be read; the message names its row and column."""


def _clean_value(column: str, raw: str, line: int):
    """A cell of an entry column as the service takes it; a bad one raises _BadCell naming its
    row and column."""
    text = csv_unescape(raw)
    if column == "status":
        value = STATUS_WORDS.get(text.strip().lower())
        if value is None:
            raise _BadCell(
                f"Row {line}, column “status”: “{text}” is not a status; use one of "
                f"{', '.join(str(label) for label in Status.labels)}."
            )
        return value
    if column == "priority":
        value = PRIORITY_WORDS.get(text.strip().lower())
        if value is None:
            raise _BadCell(f"Row {line}, column “priority”: “{text}” is not low, normal or high.")
        return value
    if column == "follow_up_on":
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            raise _BadCell(
                f"Row {line}, column “follow_up_on”: “{text}” is not a date; write it as YYYY-MM-DD."
            ) from None
    return text


def _names(text: str) -> list[_Line]:
    """Each non-empty data row: its line number, name, affiliation and entry columns."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise ImportFileError(f"The file could not be read as CSV ({exc}). Check its quotes.") from None
    if len(rows) > settings.SHORTLIST_IMPORT_MAX_ROWS + 1:
        raise ImportFileError(
            f"The file has {len(rows)} rows; the limit is {settings.SHORTLIST_IMPORT_MAX_ROWS}. Split it."
        )
    column, affiliation_column, start = 0, None, 0
    entry_columns: dict[str, int] = {}
    if rows:
        header = [cell.strip().lower() for cell in rows[0]]
        named = [i for i, cell in enumerate(header) if cell in NAME_HEADERS]
        if named:
            column, start = named[0], 1
            affiliation_column = next((i for i, cell in enumerate(header) if cell in AFFILIATION_HEADERS), None)
            entry_columns = {name: header.index(name) for name in ENTRY_COLUMNS if name in header}

    def cell(row: list[str], i: int | None) -> str:
        return row[i].strip() if i is not None and len(row) > i else ""

    lines, problems = [], []
    for line, row in enumerate(rows[start:], start=start + 1):
        if not any(c.strip() for c in row):
            continue
        values = {}
        for name, i in entry_columns.items():
            # Notes keep their own spacing; every other cell is trimmed.
            raw = row[i] if name in ("notes", "personal_hook") and len(row) > i else cell(row, i)
            if raw.strip():
                try:
                    values[name] = _clean_value(name, raw, line)
                except _BadCell as bad:
                    problems.append(str(bad))
        lines.append(_Line(line, csv_unescape(cell(row, column)), csv_unescape(cell(row, affiliation_column)), values))
    if len(problems) == 1:
        raise ImportFileError(f"{problems[0]} Nothing was imported.")
    if problems:
        # Every bad cell at once: fixing them one upload at a time is a chore.
        raise ImportFileError(f"{len(problems)} cells cannot be read, so nothing was imported; fix them and "
                              "upload the file again:", problems=problems)
    return lines


def _apply_columns(*, entry: ShortlistEntry, values: dict) -> list[str]:
    """Set the entry fields a row carries; returns the names of those that changed."""
    changed = []
    if "status" in values and values["status"] != entry.status:
        entry_status_set(entry=entry, status=values["status"])
        changed.append("status")
    current_tags = ", ".join(sorted(entry.tags.values_list("name", flat=True)))
    details = {
        "tags": values.get("tags", current_tags),
        "priority": values.get("priority", entry.priority),
        "follow_up_on": values.get("follow_up_on", entry.follow_up_on),
        "personal_hook": values.get("personal_hook", entry.personal_hook),
    }
    before = (current_tags, entry.priority, entry.follow_up_on, entry.personal_hook)
    entry_details_update(entry=entry, **details)
    after_tags = ", ".join(sorted(entry.tags.values_list("name", flat=True)))
    for name, old, new in zip(
        ("tags", "priority", "follow-up", "personal hook"), before,
        (after_tags, entry.priority, entry.follow_up_on, entry.personal_hook),
    ):
        if old != new:
            changed.append(name)
    if "notes" in values and values["notes"] != entry.notes:
        entry_notes_save(entry=entry, notes=values["notes"], base_version=entry.notes_version)
        changed.append("notes")
    return changed


def shortlist_import_csv(*, user, raw: bytes) -> ImportReport:
    """Save every researcher named in the CSV's first (or ``name``) column who is in the
    catalogue; report each row's match, or why it matched nothing. An ``affiliation`` column
    settles names several researchers share; the columns of our own export (status, priority,
    tags, follow_up_on, notes, personal_hook) are applied to the entry, so re-importing an
    edited export round-trips. Nothing is saved if the file cannot be read or a cell is bad."""
    text, encoding = _decode(raw)
    names = _names(text)
    researchers = {r.pk: r for r in researchers_saveable(user=user).only("id", "name", "affiliation")}
    keys = {pk: name_key(r.name) for pk, r in researchers.items()}
    affiliations = {pk: r.affiliation for pk, r in researchers.items()}
    already = set(
        ShortlistEntry.objects.filter(user=user, removed_at__isnull=True).values_list("researcher_id", flat=True)
    )
    rows: list[ImportRow] = []
    with transaction.atomic():
        for parsed in names:
            line, name, affiliation = parsed.line, parsed.name, parsed.affiliation
            if not name:
                rows.append(ImportRow(line=line, name="", outcome="blank"))
                continue
            found = narrow_by_affiliation(match_name(name, keys), affiliation, affiliations)
            row = ImportRow(line=line, name=name, outcome=found.outcome, score=found.score)
            if found.matched_id is not None:
                researcher = researchers[found.matched_id]
                row.researcher_id, row.researcher_name = researcher.pk, researcher.name
                row.affiliation = researcher.affiliation
                row.already_saved = researcher.pk in already
                entry = entry_save(user=user, researcher=researcher)
                already.add(researcher.pk)
                if parsed.values:
                    try:
                        row.updated = _apply_columns(entry=entry, values=parsed.values)
                    except ShortlistError as error:
                        # Rolls back the whole file: a half-applied import is worse than none.
                        raise ImportFileError(f"Row {line}: {error} Nothing was imported.") from None
            row.candidates = [
                {"researcher": researchers[pk], "name": researchers[pk].name,
                 "affiliation": researchers[pk].affiliation, "score": score}
                for pk, score in found.candidates
            ]
            rows.append(row)
    return ImportReport(rows=rows, encoding=encoding)
