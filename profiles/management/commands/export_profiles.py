"""`manage.py export_profiles [--researcher NAME]`: the catalogue as JSON on stdout."""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from profiles.exporting import researcher_as_dict
from profiles.selectors import researchers_for_export


class Command(BaseCommand):
    help = "Print researchers, their papers and sources as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--researcher", metavar="NAME", help="only this researcher")

    def handle(self, *args, **options):
        researchers = list(researchers_for_export(name=options["researcher"]))
        if options["researcher"] and not researchers:
            raise CommandError(f"No researcher named {options['researcher']!r} in the catalogue.")
        data = {"researchers": [researcher_as_dict(r) for r in researchers]}
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
