"""The Save / Saved toggle shown beside a researcher on every page, as HTML built in Python.

It appears on every row of the directory and the matches and on a researcher's page; rendered
by the template engine it cost ~0.1 ms a button, a tenth of a directory page. It is also the
hole a shared page fragment leaves for each researcher (config/fragments.py): whether a
researcher is on *your* shortlist is the one thing on those rows that is yours.
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from django.middleware.csrf import get_token
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .selectors import saved_among


@lru_cache(maxsize=100_000)
def _toggle_url(researcher_id: int, script_prefix: str) -> str:
    return escape(reverse("shortlist:toggle", args=[researcher_id]))


class SaveButtons:
    """The buttons of one response: the token and the way back are escaped once for all."""

    def __init__(self, *, authenticated: bool, csrf_token: str, path: str):
        self.authenticated, self.prefix = authenticated, get_script_prefix()
        self.token, self.path = escape(csrf_token), escape(path)
        self.login = escape(f"{reverse('login')}?next={quote(path, safe='/')}")

    def html(self, researcher_id: int, saved: bool) -> SafeString:
        """Works with htmx (the form swaps itself for the flipped button) and without JS (the
        form posts and the view redirects back to the page)."""
        if not self.authenticated:
            return mark_safe(f'<a class="save-button" href="{self.login}" title="Log in to save researchers">☆ Save</a>')
        action = _toggle_url(int(researcher_id), self.prefix)
        if saved:
            form_class, value, pressed, title, label = (
                "save-toggle is-saved", "remove", "true", "On your shortlist: click to remove", "★ Saved")
        else:
            form_class, value, pressed, title, label = ("save-toggle", "save", "false", "Save to your shortlist", "☆ Save")
        return mark_safe(
            f'<form class="{form_class}" method="post" action="{action}" hx-post="{action}" hx-swap="outerHTML">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.token}">'
            f'<input type="hidden" name="action" value="{value}"><input type="hidden" name="next" value="{self.path}">'
            f'<button type="submit" class="save-button" aria-pressed="{pressed}" title="{title}">{label}</button></form>')


def save_buttons_for(request) -> SaveButtons:
    authenticated = bool(request.user.is_authenticated)
    return SaveButtons(authenticated=authenticated, csrf_token=get_token(request) if authenticated else "",
                       path=request.get_full_path())


def save_buttons_fill(request, args: list[str], context: dict) -> dict[str, str]:
    """The ``save_button`` holes of a page (researcher ids), from one query for those ids (or
    the ``saved_ids`` the view already read)."""
    ids = [int(a) for a in args]
    saved = context.get("saved_ids")
    if saved is None:
        saved = saved_among(user=request.user, researcher_ids=ids)
    buttons = save_buttons_for(request)
    return {str(pk): buttons.html(pk, pk in saved) for pk in ids}
