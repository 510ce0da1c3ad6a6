"""The "add a researcher" and "add a department" forms of the site (the first shared with the admin)."""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone

from profiles.importers import CaptureError, decode_capture
from profiles.importers.faculty_directory import ROLES, parse_faculty_directory
from profiles.sources import SOURCE_NAMES, RefError, parse_ref

# A name typed with no source chosen is searched here: OpenAlex covers every field and has an
# author search (arXiv only queries a name; Semantic Scholar's search is rate-limited hardest).
DEFAULT_NAME_SOURCE = "openalex"


class ResearcherSourceForm(forms.Form):
    ref = forms.CharField(
        label="Profile link, id or name", max_length=300, strip=True,
        help_text="An OpenAlex, ORCID, Semantic Scholar, DBLP or arXiv author link, or a name to search.",
        widget=forms.TextInput(attrs={"placeholder": "https://openalex.org/A5017898742 or “Joseph Mearman”",
                                      "size": 60}),
    )
    source = forms.ChoiceField(
        label="Source", required=False,
        choices=[("", "From the link (a name: OpenAlex)")] + list(SOURCE_NAMES.items()),
        help_text="For a name: where to search it (OpenAlex, Semantic Scholar) or query it (arXiv). "
                  "Left as it is, a name is searched on OpenAlex.",
    )

    def clean_source(self):
        return self.cleaned_data["source"] or None

    def clean(self):
        cleaned = super().clean()
        ref = cleaned.get("ref")
        if ref and not cleaned.get("source"):
            try:
                is_name = parse_ref(ref) is None
            except RefError:
                is_name = False  # the service says what is wrong with it
            if is_name:
                cleaned["source"] = DEFAULT_NAME_SOURCE
        return cleaned

    def searched_name_on(self) -> str:
        """The source a name was searched on, in words ("" when a link or id was given)."""
        ref, source = self.cleaned_data.get("ref"), self.cleaned_data.get("source")
        if not ref or not source:
            return ""
        try:
            return "" if parse_ref(ref, source=source) else SOURCE_NAMES[source]
        except RefError:
            return ""


class CapturePasteForm(forms.Form):
    """A page's text, pasted (select all, copy): what the admin's upload takes as a file."""

    text = forms.CharField(
        label="Page text", strip=False, max_length=settings.CAPTURE_MAX_BYTES,
        error_messages={"required": "Paste the text of the page: open it, select all (Ctrl+A), copy and paste here."},
        help_text="A researcher's profile page (PhdFit, alphaXiv, an arXiv author page or listing, Hugging "
                  "Face Daily Papers): open it, select all, copy, paste here.",
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80}),
    )
    captured_on = forms.DateField(
        label="Copied on (optional)", required=False,
        help_text="Leave empty for the date the page shows (a Daily Papers list's day), else today: "
                  "the day you copied it. Give it when you paste a copy you kept from before.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    researcher_name = forms.CharField(
        label="Researcher (optional)", required=False, max_length=300,
        help_text="Whose page it is, when the page lists papers of several people (\"Full Name\").",
    )


class DepartmentPasteForm(forms.Form):
    """A department's People/Faculty page pasted, with where to resolve its people: the same
    choices as `manage.py add_department`."""

    text = forms.CharField(
        label="Faculty page text", strip=False, max_length=settings.CAPTURE_MAX_BYTES,
        error_messages={"required": "Paste the text of the department's People or Faculty page: open it, select "
                                    "all (Ctrl+A), copy and paste here."},
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80}),
    )
    institution = forms.CharField(
        label="Institution", max_length=300,
        help_text="As OpenAlex names it, e.g. “Bangor University” (its id I… works too).",
    )
    roles = forms.MultipleChoiceField(
        label="Add these roles", choices=[(role, role) for role in ROLES], initial=["faculty"],
        widget=forms.CheckboxSelectMultiple, required=False,
    )

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text")
        if text:
            raw = text.encode("utf-8")
            try:
                decoded, _ = decode_capture(raw, max_bytes=settings.CAPTURE_MAX_BYTES)
                cleaned["directory"] = parse_faculty_directory(decoded)
            except CaptureError as error:
                raise forms.ValidationError(error.message) from error
            cleaned["raw"] = raw
        cleaned["roles"] = cleaned.get("roles") or ["faculty"]
        return cleaned
