"""The shortlist's holes in pages kept in the cache (config/fragments.py)."""
from __future__ import annotations

from django.template.loader import render_to_string

from . import selectors


def undo_banner_fill(request, args: list[str], context: dict) -> dict[str, str]:
    """``{% hole "shortlist_undo" "" %}``: the undo offer after a removal (``?removed=<id>``)."""
    pk = request.GET.get("removed", "")
    removed = (selectors.shortlist_entries_removed(user=request.user).filter(pk=int(pk)).first()
               if pk.isdigit() else None)
    html = render_to_string("shortlist/_undo_remove.html", {"removed": removed}, request=request) if removed else ""
    return dict.fromkeys(args, html)
