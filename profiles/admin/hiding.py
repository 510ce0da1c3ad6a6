"""Hide / show actions, shared by the researcher and paper admins."""
from __future__ import annotations

from django.contrib import admin, messages


class HideActionsMixin:
    """Adds "hide" and "show again" actions that go through a ``set_hidden`` service.

    Subclasses set ``set_hidden`` (a service taking the object and ``hidden=``) and
    ``hidden_noun`` (the plural the messages use)."""

    set_hidden = None
    hidden_noun = "record"

    def _set_hidden(self, request, queryset, *, hidden: bool) -> None:
        for obj in queryset:
            self.set_hidden(obj, hidden=hidden)
        verb = "Hid" if hidden else "Showed"
        tail = "" if hidden else " again"
        self.message_user(request, f"{verb} {len(queryset)} {self.hidden_noun}(s){tail}.", messages.SUCCESS)

    @admin.action(permissions=["change"], description="Hide selected %(verbose_name_plural)s from the public pages")
    def hide_selected(self, request, queryset):
        self._set_hidden(request, queryset, hidden=True)

    @admin.action(permissions=["change"], description="Show selected %(verbose_name_plural)s again")
    def unhide_selected(self, request, queryset):
        self._set_hidden(request, queryset, hidden=False)
