"""Shortlist writes: saving and tracking entries, the hooks the catalogue calls on merges and
new papers, CSV import and the daily follow-up reminders."""
from .catalogue import shortlist_entries_reassign, shortlist_notify_new_papers
from .entries import (
    entry_details_update,
    entry_notes_save,
    entry_record_draft,
    entry_remove,
    entry_restore,
    entry_row_update,
    entry_save,
    entry_status_set,
    notice_mark_read,
)
from .importing import ImportReport, ImportRow, shortlist_import_csv
from .reminders import followup_reminders_send

__all__ = [
    "ImportReport", "ImportRow", "entry_details_update", "entry_notes_save", "entry_record_draft",
    "entry_remove", "entry_restore", "entry_row_update", "entry_save", "entry_status_set", "followup_reminders_send",
    "notice_mark_read", "shortlist_entries_reassign", "shortlist_import_csv",
    "shortlist_notify_new_papers",
]
