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
    entries = forms.CharField(
        label="Entries they wrote", required=False, max_length=500,
        help_text="For a page that lists no author names (Daily Papers): the entries the researcher "
                  "wrote, numbered from 1 in page order, e.g. 1,4,7. The preview numbers them.",
    )
    layout = forms.ChoiceField(
        choices=[("auto", "Detect automatically")] + [(layout, layout) for layout in LAYOUTS],
        initial="auto",
    )
    background = forms.BooleanField(
        required=False, label="Import in the background",
        help_text="Queue one task per file for the worker instead of importing now.",
    )


    def clean_entries(self) -> list[int]:
        return entry_numbers(self.cleaned_data["entries"])


def entry_numbers(text: str) -> list[int]:
    """``"1, 4,7"`` as [1, 4, 7]; a ValidationError saying how to write them otherwise."""
    try:
        numbers = [int(part) for part in (text or "").replace(" ", "").split(",") if part]
    except ValueError:
        raise forms.ValidationError("Write entry numbers separated by commas, e.g. 1,4,7.")
    if any(number < 1 for number in numbers):
        raise forms.ValidationError("Entries are numbered from 1 in page order, e.g. 1,4,7.")
    return numbers


class CaptureAssignForm(forms.Form):
    researcher_name = forms.CharField(
        label="Researcher's full name", max_length=300,
        help_text="An existing researcher of that name gets the capture; otherwise a new record is created.",
    )
    entries = forms.TypedMultipleChoiceField(
        label="Entries they wrote", required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
        help_text="Entries whose author list names them are attached anyway; tick the ones they wrote "
                  "where the page lists no author names.",
    )

    def __init__(self, *args, entry_choices: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = list(entry_choices)
