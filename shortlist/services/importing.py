"""Bulk-saving researchers from a CSV of names, with a per-row report of what matched."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from ..exceptions import ImportFileError
from ..models import ShortlistEntry
from ..name_matching import match_name, name_key, narrow_by_affiliation
from ..selectors import researchers_saveable
from .entries import entry_save

NAME_HEADERS = {"name", "researcher", "full name", "researcher name"}
AFFILIATION_HEADERS = {"affiliation", "institution", "university"}


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

    @property
    def message(self) -> str:
        if self.outcome == "matched":
            where = f" ({self.affiliation})" if self.affiliation else ""
            note = ", already on your shortlist" if self.already_saved else ""
            return f"matched {self.researcher_name}{where}, score {self.score:g}{note}"
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


def _names(text: str) -> list[tuple[int, str, str]]:
    """(line number, name, affiliation or "") for each non-empty data row."""
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
    if rows:
        header = [cell.strip().lower() for cell in rows[0]]
        named = [i for i, cell in enumerate(header) if cell in NAME_HEADERS]
        if named:
            column, start = named[0], 1
            affiliation_column = next((i for i, cell in enumerate(header) if cell in AFFILIATION_HEADERS), None)

    def cell(row: list[str], i: int | None) -> str:
        return row[i].strip() if i is not None and len(row) > i else ""

    return [
        (line, cell(row, column), cell(row, affiliation_column))
        for line, row in enumerate(rows[start:], start=start + 1)
        if any(c.strip() for c in row)
    ]


def shortlist_import_csv(*, user, raw: bytes) -> ImportReport:
    """Save every researcher named in the CSV's first (or ``name``) column who is in the
    catalogue; report each row's match, or why it matched nothing. An ``affiliation`` column
    settles names several researchers share. Nothing is saved if the file cannot be read."""
    text, encoding = _decode(raw)
    names = _names(text)
    researchers = {r.pk: r for r in researchers_saveable().only("id", "name", "affiliation")}
    keys = {pk: name_key(r.name) for pk, r in researchers.items()}
    affiliations = {pk: r.affiliation for pk, r in researchers.items()}

    already = set(
        ShortlistEntry.objects.filter(user=user, removed_at__isnull=True).values_list("researcher_id", flat=True)
    )
    rows: list[ImportRow] = []
    with transaction.atomic():
        for line, name, affiliation in names:
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
                entry_save(user=user, researcher=researcher)
                already.add(researcher.pk)
            row.candidates = [
                {"researcher": researchers[pk], "name": researchers[pk].name,
                 "affiliation": researchers[pk].affiliation, "score": score}
                for pk, score in found.candidates
            ]
            rows.append(row)
    return ImportReport(rows=rows, encoding=encoding)
