"""Print one user's shortlist as CSV or JSON."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from shortlist import exports
from shortlist.selectors import shortlist_entries


class Command(BaseCommand):
    help = "Print USERNAME's shortlist (name, affiliation, status, priority, tags, follow-up, notes, saved at)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="username whose shortlist to print")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, user: str, format: str, **options):
        account = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: user}).first()
        if account is None:
            raise CommandError(f"No user named “{user}”. Check the spelling.")
        entries = shortlist_entries(user=account).order_by("researcher__name", "id")
        render = exports.entries_json if format == "json" else exports.entries_csv
        self.stdout.write(render(entries, site_url=settings.SHORTLIST_SITE_URL), ending="" if format == "csv" else "\n")
