"""Import a data archive made by “Download my data” (or export_user_data) into an account."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts_data.exceptions import UserDataError
from accounts_data.services import user_data_import

from .export_user_data import account_named


class Command(BaseCommand):
    help = "Import FILE (a data archive .zip) into USERNAME's account, which must have no data yet."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="the account to import into")
        parser.add_argument("file", help="the archive .zip")
        parser.add_argument("--allow-missing", action="store_true",
                            help="leave out entries and drafts of researchers this site does not have")

    def handle(self, *args, user: str, file: str, allow_missing: bool, **options):
        account = account_named(user)
        try:
            raw = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        try:
            summary = user_data_import(user=account, raw=raw, allow_missing=allow_missing)
        except UserDataError as exc:
            raise CommandError(f"{file}: {exc} Nothing was imported.") from None
        self.stdout.write(summary.message())
