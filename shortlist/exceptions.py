"""Errors a shortlist user can cause, with messages they can act on."""
from __future__ import annotations


class ShortlistError(Exception):
    """A request the shortlist cannot carry out; the message says why and what to do."""


class NotesConflict(ShortlistError):
    """The notes changed elsewhere (another tab) since this edit started."""

    def __init__(self, *, current_notes: str, current_version: int):
        self.current_notes = current_notes
        self.current_version = current_version
        super().__init__(
            "These notes were changed in another tab or window since you started editing. "
            "Choose which text to keep."
        )


class ImportFileError(ShortlistError):
    """An uploaded CSV that cannot be imported (too big, empty, not text, bad cells);
    ``problems`` lists each bad cell when there are any."""

    def __init__(self, message: str, *, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])
