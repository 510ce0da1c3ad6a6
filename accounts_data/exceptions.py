"""Errors a user can cause with their data archive or account deletion."""


class UserDataError(Exception):
    """An archive that cannot be imported, or a request that cannot be done; the message says
    what is wrong, where, and what to do."""
