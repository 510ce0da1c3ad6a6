"""Bulk-save the researchers named in a CSV to one user's shortlist, printing each row's
match; exits non-zero when any row matched nothing."""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from shortlist.exceptions import ImportFileError
from shortlist.services import shortlist_import_csv


class Command(BaseCommand):
    help = "Save the researchers named in FILE.csv (first column, or a `name` column) to USERNAME's shortlist."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="username whose shortlist to add to")
        parser.add_argument("file", help="CSV file of names")

    def handle(self, *args, user: str, file: str, **options):
        account = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: user}).first()
        if account is None:
            raise CommandError(f"No user named “{user}”. Check the spelling, or create the account first.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file. Give the path to a CSV of researcher names.")
        try:
            report = shortlist_import_csv(user=account, raw=path.read_bytes())
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from None
        for row in report.rows:
            line = f"row {row.line}: {row.name or '(blank)'}: {row.message}"
            self.stdout.write(self.style.SUCCESS(line) if row.outcome == "matched" else line)
        summary = (
            f"{len(report.matched)} matched ({report.newly_saved} newly saved), "
            f"{len(report.unmatched)} matched nothing."
        )
        if report.unmatched:
            raise CommandError(summary)
        self.stdout.write(summary)
