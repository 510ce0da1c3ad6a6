"""`manage.py applicant_profile`: create or update an applicant's profile from the command line
(scripted set-ups, demos), the same fields and CV reading as the /me/ page.

    python manage.py applicant_profile --user ada --interests "sparse attention, long context" \\
        --methods "PyTorch" --resume cv.pdf --json
"""
from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from applicants.cv import CvError, cv_extract, cv_max_bytes, cv_too_large_message
from applicants.services import applicant_profile_set

# option name -> profile field; an option left out keeps what the profile has.
TEXT_OPTIONS = {
    "full_name": "full_name", "program": "program", "interests": "interests", "methods": "methods",
    "keywords": "keywords", "background": "background",
}


class Command(BaseCommand):
    help = ("Create or update USER's applicant profile. Options left out keep their current value; "
            '--interests "" clears a field. --resume reads a CV (PDF, DOCX or plain text) as the /me/ page does.')

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="username of an existing account")
        parser.add_argument("--full-name", dest="full_name", help="your name, as drafts sign it")
        parser.add_argument("--program", help='the program you apply to, e.g. "PhD in Computer Science, Fall 2027"')
        parser.add_argument("--interests", help="what you want to work on, in your own words")
        parser.add_argument("--methods", help="methods and tools you know")
        parser.add_argument("--keywords", help="extra keywords, comma-separated")
        parser.add_argument("--background", help="a sentence or two about what you have done")
        parser.add_argument("--resume", metavar="FILE", help="your CV: PDF, DOCX or plain text")
        parser.add_argument("--json", action="store_true", help="print the saved profile as JSON")

    def handle(self, *args, **opts):
        username = opts["user"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                f"No user named “{username}”. Create the account first (sign up at /accounts/signup/ "
                "or run `manage.py createsuperuser`), then run this again."
            )
        fields = {field: opts[option] for option, field in TEXT_OPTIONS.items() if opts[option] is not None}
        # Read the CV before writing anything: a bad file leaves the profile as it was.
        cv = self._read_resume(Path(opts["resume"])) if opts["resume"] else None
        if not fields and cv is None and not opts["json"]:
            raise CommandError("Nothing to set: give --interests, --methods, --background, --resume (or --json to show the profile).")
        try:
            profile, created = applicant_profile_set(user=user, fields=fields, cv=cv)
        except ValidationError as exc:
            problems = "; ".join(f"--{name.replace('_', '-')}: {' '.join(msgs)}"
                                 for name, msgs in exc.message_dict.items())
            raise CommandError(f"The profile was not saved: {problems}") from None
        if opts["json"]:
            self.stdout.write(json.dumps({
                "user": user.username, "created": created,
                **{field: getattr(profile, field) for field in TEXT_OPTIONS.values()},
                "cv_filename": profile.cv_filename, "cv_text_chars": len(profile.cv_text or ""),
            }, ensure_ascii=False, indent=2))
            return
        changed = [option.replace("_", " ") for option, field in TEXT_OPTIONS.items() if field in fields]
        if cv is not None:
            changed.append(f"CV “{profile.cv_filename}” ({len(profile.cv_text)} characters of text)")
        self.stdout.write(self.style.SUCCESS(
            f"{'Created' if created else 'Updated'} the applicant profile of {user.username}: "
            f"{', '.join(changed)}."
        ))

    def _read_resume(self, path: Path) -> tuple[str, bytes, str]:
        try:
            size = path.stat().st_size
            if size > cv_max_bytes():
                raise CommandError(cv_too_large_message(path.name, size))
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"Cannot read the CV “{path}”: {exc.strerror or exc}. Check the path and that it is a readable file."
            ) from None
        try:
            return path.name, data, cv_extract(data=data, filename=path.name)
        except CvError as exc:
            raise CommandError(exc.message) from None
