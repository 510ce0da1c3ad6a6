"""Forms of the curators' custom admin pages: uploading captures and assigning one."""
from __future__ import annotations

from django import forms
from django.conf import settings

from profiles.importers import LAYOUTS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        # An empty file is refused by the import, by name, while the rest of the batch goes on;
        # Django's own check would reject the whole batch with "The submitted file is empty.".
        kwargs.setdefault("allow_empty_file", True)
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
    # No default: today would make an old page the catalogue's newest capture.
    captured_on = forms.DateField(
        label="Captured on", required=False,
        help_text="The day the pages were copied (YYYY-MM-DD). Leave it empty to use the date each "
                  "file shows (a Daily Papers list's date, an arXiv API answer's time); a file that "
                  "shows none needs it here.",
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
    """Whose capture this is: a name, and when researchers with close names exist, which of
    them it is (or a new record). Nothing is created until the curator has chosen."""

    researcher_name = forms.CharField(
        label="Researcher's full name", max_length=300,
        help_text="If researchers with a close name are already in the catalogue, you choose "
                  "between them and a new record before anything is saved.",
    )
    existing = forms.ChoiceField(
        label="Is this one of these researchers?", required=False, widget=forms.RadioSelect,
    )
    entries = forms.TypedMultipleChoiceField(
        label="Entries they wrote", required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
        help_text="Entries whose author list names them are attached anyway; tick the ones they wrote "
                  "where the page lists no author names.",
    )

    def __init__(self, *args, matches=(), entry_choices: list[tuple[int, str]] = (), **kwargs):
        """``matches``: researchers whose names are close to the typed one; ``entry_choices``:
        the capture's entries, numbered in page order."""
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = list(entry_choices)
        self.matches = {str(r.pk): r for r in matches}
        if not self.matches:
            del self.fields["existing"]
            return
        choices = [
            (pk, f"{r.name} (existing record{', ' + r.affiliation if r.affiliation else ''})")
            for pk, r in self.matches.items()
        ]
        typed = self.data.get(self.add_prefix("researcher_name")) or self.initial.get("researcher_name", "")
        self.fields["existing"].choices = choices + [("new", f"A new researcher named “{typed}”")]

    def chosen_researcher(self):
        """The existing researcher chosen; None for a new record."""
        return self.matches.get(self.cleaned_data.get("existing") or "")



class CommaListField(forms.CharField):
    """A list of short strings edited as one comma-separated line ("LG, Optimization")."""

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(str(item) for item in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        seen: list[str] = []
        for part in text.split(","):
            item = " ".join(part.split())
            if item and item not in seen:
                seen.append(item)
        return seen


class LineListField(forms.CharField):
    """A list of strings edited one per line (awards contain commas)."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 80})

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


class RowsField(forms.CharField):
    """A list of records edited one per line, their parts separated by ";"
    ("Zhi-Quan Luo; University of Minnesota; 47"). ``parts`` names each part in order; an
    ``int`` part must be a whole number or left empty."""

    widget = forms.Textarea(attrs={"rows": 5, "cols": 80})

    def __init__(self, *, parts: list[tuple[str, type]], **kwargs):
        self.parts = parts
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if not isinstance(value, (list, tuple)):
            return value
        lines = []
        for record in value:
            if isinstance(record, dict):
                cells = ["" if record.get(name) is None else str(record.get(name)) for name, _ in self.parts]
                lines.append("; ".join(cells).rstrip("; "))
            else:
                lines.append(str(record))
        return "\n".join(lines)

    def to_python(self, value):
        text = super().to_python(value) or ""
        records = []
        layout = "; ".join(name.replace("_", " ") for name, _ in self.parts)
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            cells = [" ".join(cell.split()) for cell in line.split(";")]
            if len(cells) > len(self.parts):
                raise forms.ValidationError(
                    f"Line {number} has {len(cells)} parts; write at most {len(self.parts)}: {layout}.")
            cells += [""] * (len(self.parts) - len(cells))
            record = {}
            for (name, kind), cell in zip(self.parts, cells):
                if kind is int:
                    if cell and not cell.isdigit():
                        raise forms.ValidationError(
                            f"Line {number}: “{cell}” should be a whole number ({name.replace('_', ' ')}); "
                            f"write {layout}.")
                    record[name] = int(cell) if cell else None
                else:
                    record[name] = cell or None
            if not record[self.parts[0][0]]:
                raise forms.ValidationError(f"Line {number} starts with no {self.parts[0][0]}; write {layout}.")
            records.append(record)
        return records
