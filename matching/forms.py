"""The Best matches page's filters and weights."""
from __future__ import annotations

from django import forms

from applicants.weights import AXES, AXIS_HELP, DEFAULT_WEIGHTS
from profiles.models import TakingStudents


class MatchFilterForm(forms.Form):
    """The Best matches filters and, optionally, weights that override the saved ones."""

    topic = forms.CharField(required=False, max_length=200)
    institution = forms.CharField(required=False, max_length=300)
    active = forms.BooleanField(required=False, label="Active in the last 12 months")
    preferred = forms.BooleanField(required=False, label="Only my preferred institutions")
    shortlisted = forms.ChoiceField(required=False, choices=[
        ("", "Any"), ("no", "Not on my shortlist"), ("yes", "On my shortlist")])
    taking_students = forms.ChoiceField(
        required=False, label="Taking students", choices=[("", "Any")] + list(TakingStudents.choices))

    def __init__(self, *args, weights: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for axis in AXES:
            self.fields[f"w_{axis}"] = forms.IntegerField(
                required=False, min_value=0, max_value=100, label=axis.capitalize(),
                help_text=AXIS_HELP[axis],
                widget=forms.NumberInput(attrs={"type": "range", "step": 5}),
                initial=round(100 * (weights or DEFAULT_WEIGHTS)[axis]))

    def weight_overrides(self) -> dict[str, float]:
        return {a: self.cleaned_data[f"w_{a}"] / 100 for a in AXES
                if self.cleaned_data.get(f"w_{a}") is not None}
