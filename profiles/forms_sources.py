"""The "add a researcher" form, shared by the site and the admin."""
from __future__ import annotations

from django import forms

from profiles.sources import SOURCE_NAMES


class ResearcherSourceForm(forms.Form):
    ref = forms.CharField(
        label="Profile link, id or name", max_length=300, strip=True,
        help_text="An OpenAlex, ORCID, Semantic Scholar, DBLP or arXiv author link, or a name to search.",
        widget=forms.TextInput(attrs={"placeholder": "https://openalex.org/A5017898742 or “Joseph Mearman”",
                                      "size": 60}),
    )
    source = forms.ChoiceField(
        label="Source", required=False,
        choices=[("", "From the link")] + list(SOURCE_NAMES.items()),
        help_text="For a name: where to search it (OpenAlex, Semantic Scholar) or query it (arXiv).",
    )

    def clean_source(self):
        return self.cleaned_data["source"] or None
