"""Forms of the curators' custom admin pages: uploading captures and assigning one."""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone

from profiles.importers import LAYOUTS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class CaptureUploadForm(forms.Form):
    """The same options as `manage.py import_profiles`."""

    files = MultipleFileField(
        label="Capture files",
        help_text=f"One or more saved profile pages (text), at most "
                  f"{settings.CAPTURE_MAX_BYTES // 1024:,} KB each.",
    )
    captured_on = forms.DateField(
        label="Captured on", initial=timezone.localdate,
        help_text="The day the pages were copied (YYYY-MM-DD).",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    researcher_name = forms.CharField(
        label="Researcher", required=False, max_length=300,
        help_text='Whose captures these are, for pages that name no single researcher ("Full Name").',
    )
    layout = forms.ChoiceField(
        choices=[("auto", "Detect automatically")] + [(layout, layout) for layout in LAYOUTS],
        initial="auto",
    )
    background = forms.BooleanField(
        required=False, label="Import in the background",
        help_text="Queue one task per file for the worker instead of importing now.",
    )


class CaptureAssignForm(forms.Form):
    researcher_name = forms.CharField(
        label="Researcher's full name", max_length=300,
        help_text="An existing researcher of that name gets the capture; otherwise a new record is created.",
    )
