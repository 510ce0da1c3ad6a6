"""Forms of the data pages: the archive to import, and the password that confirms a deletion."""
from django import forms
from django.conf import settings


class ImportForm(forms.Form):
    archive = forms.FileField(label="Data archive (.zip)")
    allow_missing = forms.BooleanField(
        required=False, label="Import even if some researchers are not on this site (their entries and drafts are left out)")

    def __init__(self, *args, refused=(), **kwargs):
        """``refused``: the uploads the streaming size limit cut off (config.uploads)."""
        super().__init__(*args, **kwargs)
        self.refused = list(refused)
        if self.refused:
            self.fields["archive"].required = False  # the file is missing because it was cut off

    def clean_archive(self):
        if self.refused:
            raise forms.ValidationError(
                f"“{self.refused[0].file_name}” is too large; archives up to {self.refused[0].limit:,} bytes are accepted.")
        upload = self.cleaned_data["archive"]
        if upload.size > settings.DATA_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"“{upload.name}” is {upload.size:,} bytes; archives up to {settings.DATA_IMPORT_MAX_BYTES:,} bytes are accepted.")
        return upload


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label="Your password", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password; nothing was deleted.")
        return password
