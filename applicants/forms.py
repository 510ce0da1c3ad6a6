"""Forms of the applicant's side: the profile the match ranks against and its CV upload."""
from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm

from .cv import CvError, cv_extract, cv_max_bytes, cv_too_large_message
from .models import LIST_MAX_CHARS, PROSE_MAX_CHARS, ApplicantProfile
from .weights import AXES, AXIS_HELP, DEFAULT_WEIGHTS


class ApplicantProfileForm(forms.ModelForm):
    """The profile, plus one 0–100 weight per match axis (stored in ``match_weights``)."""

    class Meta:
        model = ApplicantProfile
        fields = ["full_name", "program", "interests", "methods", "keywords", "background",
                  "preferred_fields", "preferred_institutions", "cv_text"]
        labels = {
            "interests": "Research interests, in your own words",
            "methods": "Methods and tools you know",
            "keywords": "Keywords",
            "preferred_fields": "Fields you prefer",
            "preferred_institutions": "Institutions you prefer",
            "cv_text": "Text of your CV (as extracted; correct it here)",
        }
        help_texts = {
            "interests": f"A sentence or two is enough (at most {PROSE_MAX_CHARS:,} characters).",
            "methods": f"e.g. reinforcement learning, Bayesian optimization, PyTorch, R. At most {PROSE_MAX_CHARS:,} "
                       "characters.",
            "keywords": f"At most {LIST_MAX_CHARS:,} characters.",
            "background": f"At most {PROSE_MAX_CHARS:,} characters.",
            "preferred_fields": f"At most {LIST_MAX_CHARS:,} characters.",
            "preferred_institutions": f"At most {LIST_MAX_CHARS:,} characters.",
            "cv_text": "Used by the match like your interests. Upload a CV below to fill it.",
        }
        widgets = {
            "interests": forms.Textarea(attrs={"rows": 4}),
            "methods": forms.Textarea(attrs={"rows": 2}),
            "keywords": forms.TextInput(),
            "background": forms.Textarea(attrs={"rows": 3}),
            "preferred_fields": forms.TextInput(),
            "preferred_institutions": forms.TextInput(),
            "cv_text": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved = (self.instance.match_weights or {}) if self.instance else {}
        for axis in AXES:
            self.fields[f"weight_{axis}"] = forms.IntegerField(
                label=f"Weight of {axis}", min_value=0, max_value=100, required=False,
                initial=round(100 * float(saved.get(axis, DEFAULT_WEIGHTS[axis]))),
                help_text=AXIS_HELP[axis], widget=forms.NumberInput(attrs={"type": "range", "step": 5}))

    def clean(self):
        cleaned = super().clean()
        weights = {a: cleaned.get(f"weight_{a}") for a in AXES}
        if all(v is not None for v in weights.values()) and not any(weights.values()):
            raise forms.ValidationError("At least one weight must be above zero, or nothing can be ranked.")
        return cleaned

    def weights(self) -> dict[str, float]:
        """The weights as stored: 0..1 per axis, defaults for any left blank."""
        return {a: (self.cleaned_data[f"weight_{a}"] / 100 if self.cleaned_data.get(f"weight_{a}") is not None
                    else DEFAULT_WEIGHTS[a]) for a in AXES}


class CvUploadForm(forms.Form):
    """A CV file; valid only when its text could be extracted (``cleaned_data['text']``)."""

    cv = forms.FileField(label="CV (PDF, DOCX or plain text)")

    def __init__(self, *args, refused=(), **kwargs):
        """``refused``: the uploads the streaming size limit cut off (config.uploads)."""
        super().__init__(*args, **kwargs)
        self.refused = list(refused)
        if self.refused:
            self.fields["cv"].required = False  # the file is missing because it was cut off

    def clean_cv(self):
        if self.refused:
            raise forms.ValidationError(cv_too_large_message(self.refused[0].file_name, self.refused[0].size))
        upload = self.cleaned_data["cv"]
        if upload.size > cv_max_bytes():  # refuse before reading a huge file into memory
            raise forms.ValidationError(cv_too_large_message(upload.name, upload.size))
        data = upload.read()
        try:
            self.cleaned_data["text"] = cv_extract(data=data, filename=upload.name)
        except CvError as exc:
            raise forms.ValidationError(exc.message) from None
        self.cleaned_data["data"] = data
        return upload


class SignupForm(UserCreationForm):
    """Sign-up: a user name, a password and, optionally, the address drafts are sent from."""

    email = forms.EmailField(
        label="Email (optional)", required=False,
        help_text="The address your drafts come from: it is the From of every .eml you download, so "
                  "your mail client can send it as is. Never shown to anyone else. Left empty, your mail client "
                  "fills in the From when you send.")

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")
