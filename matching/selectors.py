"""Matching reads that need to know what a user saved.

The shortlist sits above matching, so matching never imports it: the shortlist app registers
the function that answers "which researchers did this user save?" in its AppConfig.ready, and
the matches page asks through here (for its "on my shortlist" filter)."""
from __future__ import annotations

from collections.abc import Callable

SavedIdsProvider = Callable[..., set[int]]
_providers: list[SavedIdsProvider] = []


def saved_ids_provider_register(provider: SavedIdsProvider) -> None:
    """Called once by the app that keeps users' saved researchers (``provider(user=...)``)."""
    if provider not in _providers:
        _providers.append(provider)


def saved_ids_for(user) -> set[int]:
    """The ids of the researchers ``user`` saved; empty when nobody keeps a shortlist."""
    saved: set[int] = set()
    for provider in _providers:
        saved |= provider(user=user)
    return saved
