"""`manage.py unverified_authorships`: papers attached to a researcher before authorship was
checked that fail the check now (their name is not in its author list, and no profile page of
theirs or curator lists it). Nothing is changed: curators decide, in the admin."""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from profiles.services import authorships_failing_check


class Command(BaseCommand):
    help = "List papers attached to researchers before authorship was checked that fail the check now."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the list as JSON")

    def handle(self, *args, **options):
        failing = authorships_failing_check()
        rows = [{"researcher": item.authorship.researcher.name, "paper": item.authorship.paper.title,
                 "paper_id": item.authorship.paper_id, "reason": item.reason} for item in failing]
        if options["json"]:
            self.stdout.write(json.dumps({"authorships": rows}, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['researcher']}: “{row['paper']}” (paper {row['paper_id']}): {row['reason']}")
        self.stdout.write(f"{len(rows)} unchecked authorship(s) fail the check; nothing was changed. "
                          "Review them in the admin (Papers, filter “authorship check”).")
