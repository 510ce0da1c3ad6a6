"""Shortlist forms: input checking only; the services decide."""
from __future__ import annotations

from django import forms
from django.conf import settings

from .models import Priority, Status


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)


class DetailsForm(forms.Form):
    tags = forms.CharField(required=False, max_length=1200, help_text="Comma-separated, e.g. robotics, dream school")
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int, initial=Priority.NORMAL)
    follow_up_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the follow-up date as YYYY-MM-DD."},
    )
    personal_hook = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One sentence about a paper of theirs that you will mention.",
    )


class RowForm(forms.Form):
    """One row of the editable shortlist table."""

    status = forms.ChoiceField(choices=Status.choices)
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int)
    tags = forms.CharField(required=False, max_length=1200)
    follow_up_on = forms.DateField(required=False, error_messages={"invalid": "Enter the follow-up date as YYYY-MM-DD."})


class NotesForm(forms.Form):
    notes = forms.CharField(required=False, max_length=100_000, strip=False)
    version = forms.IntegerField(min_value=0)
    choice = forms.ChoiceField(required=False, choices=[("", "autosave"), ("mine", "mine"), ("theirs", "theirs"), ("merge", "merge")])


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file of names", help_text="One researcher per row, in the first column or a column headed “name”.")

    def __init__(self, *args, refused=(), **kwargs):
        """``refused``: the uploads the streaming size limit cut off (config.uploads)."""
        super().__init__(*args, **kwargs)
        self.refused = list(refused)
        if self.refused:
            self.fields["file"].required = False  # the file is missing because it was cut off

    def clean_file(self):
        limit = settings.SHORTLIST_IMPORT_MAX_BYTES
        if self.refused:
            size = self.refused[0].size
            how_big = f"is {size // 1024} KB" if size is not None else "is too large"
            raise forms.ValidationError(f"The file {how_big}; the limit is {limit // 1024} KB. Split it into smaller files.")
        upload = self.cleaned_data["file"]
        # Refuse a huge upload by its declared size, before reading it into memory.
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size // 1024} KB; the limit is {limit // 1024} KB. Split it into smaller files."
            )
        return upload


class FilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any status")] + list(Status.choices))
    tag = forms.CharField(required=False, max_length=50)
    institution = forms.CharField(required=False, max_length=300)
    due = forms.BooleanField(required=False, label="Follow-up due")
    sort = forms.CharField(required=False, max_length=20)
