"""Deletes in the admin go through the catalogue's services, so what a delete must also do
(recount the directory's sort keys, raise the catalogue version) happens on this path too."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse

from profiles.services import CurationError


class ServiceDeletesMixin:
    """``delete_model`` and ``delete_queryset`` call ``delete_one`` (a service taking the
    object) per record; a refusal (``CurationError``) is shown and nothing of that record goes.

    Inlines on these pages only show rows: a formset that tries to write is refused, as it
    would write past the services."""

    delete_one = None
    hide_hint = "Hide it instead: hiding takes it off every public page and can be undone."

    def delete_model(self, request, obj):
        try:
            self.delete_one(obj)
        except CurationError as error:
            request._catalogue_delete_refused = True
            self.message_user(request, str(error), messages.ERROR)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            try:
                self.delete_one(obj)
            except CurationError as error:
                self.message_user(request, str(error), messages.ERROR)

    def response_delete(self, request, obj_display, obj_id):
        if getattr(request, "_catalogue_delete_refused", False):
            # Back to the record, which is still there, with the reason shown.
            opts = self.opts
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj_id]))
        return super().response_delete(request, obj_display, obj_id)

    def render_delete_form(self, request, context):
        if context.get("protected"):
            self.message_user(request, self.hide_hint, messages.WARNING)
        return super().render_delete_form(request, context)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        if instances or formset.deleted_objects:
            raise PermissionDenied("These rows are shown, not edited, here.")
