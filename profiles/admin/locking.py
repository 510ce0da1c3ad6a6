"""Curator locks in the admin: an edited imported field is locked, locked fields are marked,
and a curator can release them."""
from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from profiles.services import curated_edit_save

LOCK_HELP = "Locked: a curator edited this field, so imports leave it alone."


class LockAwareForm(forms.ModelForm):
    """Marks each locked field and offers the locked ones for release."""

    unlock_fields = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Release locks",
        help_text="Tick a field to let the next import overwrite it again.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locked = list(self.instance.locked_fields or []) if self.instance.pk else []
        self.fields["unlock_fields"].choices = [(name, name) for name in locked]
        for name in locked:
            field = self.fields.get(name)
            if field is not None:
                field.label = f"{field.label} (locked)"
                field.help_text = f"{LOCK_HELP} {field.help_text}".strip()


class LockedFieldsAdminMixin:
    """save_model locks every imported field the curator changed and releases ticked locks."""

    lock_form = LockAwareForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("form", self.lock_form)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        curated_edit_save(obj=obj, changed=set(form.changed_data),
                          release=set(form.cleaned_data.get("unlock_fields") or []))

    @admin.display(description="Locked fields")
    def locked_fields_display(self, obj):
        if not obj or not obj.locked_fields:
            return "None: every imported field follows the captures."
        return format_html(
            "{} (imports leave these alone; tick one under “Release locks” to let imports update it)",
            format_html_join(", ", "<strong>{}</strong>", ((name,) for name in obj.locked_fields)),
        )

    @admin.display(description="Locks")
    def locked_count(self, obj):
        return len(obj.locked_fields or [])
