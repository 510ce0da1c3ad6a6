"""`manage.py export_profiles [--researcher NAME] [--include-hidden]`: the catalogue as a pack
(JSON on stdout) that `import_profiles` reads into another install; researchers a curator hid
are left out unless asked for (and the count is said)."""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from profiles.exporting import catalogue_pack_as_dict
from profiles.selectors import captures_for_pack, researchers_for_export, researchers_hidden_count


class Command(BaseCommand):
    help = ("Print researchers, their papers, curation and sources (every capture, with its bytes) as a "
            "catalogue pack: JSON that `import_profiles` imports into another install.")

    def add_arguments(self, parser):
        parser.add_argument("--researcher", metavar="NAME", help="only this researcher (and their captures)")
        parser.add_argument("--include-hidden", action="store_true",
                            help="also export researchers a curator hid (marked \"hidden\": true)")

    def handle(self, *args, **options):
        name, include_hidden = options["researcher"], options["include_hidden"]
        researchers = list(researchers_for_export(name=name, include_hidden=include_hidden))
        if name and not researchers:
            if researchers_for_export(name=name, include_hidden=True).exists():
                raise CommandError(f"{name!r} is hidden by a curator; add --include-hidden to export them.")
            raise CommandError(f"No researcher named {name!r} in the catalogue.")
        # A whole-catalogue pack also carries the captures waiting for a curator (no one's yet).
        captures = captures_for_pack(researcher_ids=[r.pk for r in researchers] if name else None,
                                     include_hidden=include_hidden)
        data = catalogue_pack_as_dict(researchers=researchers, captures=captures.iterator(chunk_size=50))
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        if not include_hidden and not name:
            left_out = researchers_hidden_count()
            if left_out:
                # stderr: the JSON on stdout stays clean for a pipe.
                self.stderr.write(f"Left out {left_out} hidden or unpublished researcher(s); add --include-hidden to export them too.")
