"""The shortlist as CSV (safe to open in Excel) and JSON, for the download views and the
export command."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable

from .models import ShortlistEntry

FIELDS = [
    "name", "affiliation", "status", "priority", "tags", "follow_up_on", "notes", "saved_at",
    "status_changed_at", "match_score_at_save", "personal_hook", "researcher_hidden", "profile_url",
]
# A cell starting with one of these is run as a formula by Excel / LibreOffice / Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _runs_as_formula(text: str) -> bool:
    # Spreadsheets trim spaces on import before deciding what is a formula, and not only the
    # ASCII one: any Unicode space (Zs: U+3000, U+2003 …) or invisible format character (Cf:
    # U+FEFF, U+200B …) in front of "=" is looked past.
    for i, char in enumerate(text):
        if unicodedata.category(char) not in ("Zs", "Cf"):
            return text[i:].startswith(_FORMULA_STARTS)
    return False


def csv_safe(value) -> str:
    """The cell text, with a leading apostrophe when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if _runs_as_formula(text) else text


def csv_unescape(text: str) -> str:
    """The cell text before csv_safe guarded it, so a re-imported export keeps its notes."""
    if text.startswith("'") and _runs_as_formula(text[1:]):
        return text[1:]
    return text


def entry_export_row(entry: ShortlistEntry, *, site_url: str = "") -> dict:
    """One entry as export fields; ``entry`` comes from selectors.shortlist_entries (tag_list).
    ``site_url`` (e.g. ``https://scout.example.org``) makes profile_url a full, clickable link."""
    return {
        "name": entry.researcher.name,
        "affiliation": entry.researcher.affiliation,
        "status": entry.status,
        "priority": entry.get_priority_display().lower(),
        "tags": [t.name for t in entry.tag_list],
        "follow_up_on": entry.follow_up_on.isoformat() if entry.follow_up_on else None,
        "notes": entry.notes,
        "saved_at": entry.saved_at.isoformat(),
        "status_changed_at": entry.status_changed_at.isoformat(),
        "match_score_at_save": entry.match_score_at_save,
        "personal_hook": entry.personal_hook,
        "researcher_hidden": entry.researcher.hidden,
        "profile_url": site_url.rstrip("/") + entry.researcher.get_absolute_url(),
    }


def entries_csv(entries: Iterable[ShortlistEntry], *, site_url: str = "") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    for entry in entries:
        row = entry_export_row(entry, site_url=site_url)
        row["tags"] = ", ".join(row["tags"])
        writer.writerow([csv_safe(row[f]) for f in FIELDS])
    return out.getvalue()


def entries_json(entries: Iterable[ShortlistEntry], *, site_url: str = "") -> str:
    rows = [entry_export_row(e, site_url=site_url) for e in entries]
    return json.dumps({"entries": rows}, ensure_ascii=False, indent=2)
