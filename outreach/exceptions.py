"""Errors a user can cause in outreach, with messages they can act on."""


class OutreachError(Exception):
    """Something the user asked for cannot be done; the message says what to do instead."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)
