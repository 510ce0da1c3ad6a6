"""Write one applicant's data archive (profile, CV, shortlist, templates, drafts) to a .zip."""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts_data.selectors import user_data_archive


def account_named(username: str):
    model = get_user_model()
    account = model.objects.filter(**{model.USERNAME_FIELD: username}).first()
    if account is None:
        raise CommandError(f"No user named “{username}”. Check the spelling.")
    return account


class Command(BaseCommand):
    help = "Write USERNAME's data archive, the same .zip as “Download my data”, to --output."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="whose data")
        parser.add_argument("--output", required=True, help="the .zip file to write (replaced if it exists)")

    def handle(self, *args, user: str, output: str, **options):
        archive = user_data_archive(user=account_named(user))
        path = Path(output)
        try:
            tmp = path.with_name(f".{path.name}.part")
            tmp.write_bytes(archive)
            tmp.replace(path)  # never a half-written archive under the asked name
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from None
        self.stdout.write(f"Wrote {len(archive):,} bytes to {path}")
