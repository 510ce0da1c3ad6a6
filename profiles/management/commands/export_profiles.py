"""`manage.py export_profiles [--researcher NAME] [--include-hidden]`: the catalogue as JSON on
stdout; researchers a curator hid are left out unless asked for (and the count is said)."""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from profiles.exporting import researcher_as_dict
from profiles.selectors import researchers_for_export, researchers_hidden_count


class Command(BaseCommand):
    help = "Print researchers, their papers and sources as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--researcher", metavar="NAME", help="only this researcher")
        parser.add_argument("--include-hidden", action="store_true",
                            help="also export researchers a curator hid (marked \"hidden\": true)")

    def handle(self, *args, **options):
        name, include_hidden = options["researcher"], options["include_hidden"]
        researchers = list(researchers_for_export(name=name, include_hidden=include_hidden))
        if name and not researchers:
            if researchers_for_export(name=name, include_hidden=True).exists():
                raise CommandError(f"{name!r} is hidden by a curator; add --include-hidden to export them.")
            raise CommandError(f"No researcher named {name!r} in the catalogue.")
        data = {"researchers": [researcher_as_dict(r) for r in researchers]}
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        if not include_hidden and not name:
            left_out = researchers_hidden_count()
            if left_out:
                # stderr: the JSON on stdout stays clean for a pipe.
                self.stderr.write(f"Left out {left_out} hidden or unpublished researcher(s); add --include-hidden to export them too.")
