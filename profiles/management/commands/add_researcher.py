"""`manage.py add_researcher REF [--source …] [--background] [--json]`: add a researcher from a
scholarly profile (OpenAlex, arXiv, Semantic Scholar, ORCID, DBLP), or search one by name."""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from profiles.services import SourceAddError, researcher_add_enqueue, researcher_add_from_source
from profiles.sources import SOURCES, SourceClient


class Command(BaseCommand):
    help = "Add a researcher from a profile link or id, or search a name with --source."

    def add_arguments(self, parser):
        parser.add_argument("ref", metavar="REF",
                            help="profile URL or id (OpenAlex A…, ORCID, Semantic Scholar, DBLP pid, arXiv author), "
                                 "or a name with --source")
        parser.add_argument("--source", choices=sorted(SOURCES), help="where the id is from, or where to search a name")
        parser.add_argument("--name", metavar='"Full Name"',
                            help="the researcher's name, for a source that gives none (ORCID)")
        parser.add_argument("--background", action="store_true", help="queue it for a worker and print the task id")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, ref, source, name, background, json: bool, **options):
        if background:
            task_id = researcher_add_enqueue(ref=ref, source=source, name=name)
            self.stdout.write(f"{ref}: queued as task {task_id}")
            return
        try:
            with SourceClient() as client:
                result = researcher_add_from_source(ref=ref, source=source, client=client, name=name)
        except SourceAddError as error:
            raise CommandError(str(error)) from error
        if json:
            self.stdout.write(_dumps(result.as_json()))
        else:
            (self.stdout if result.ok else self.stderr).write(result.summary())
            for warning in result.warnings:
                self.stdout.write(f"    warning: {warning}")
        if not result.ok or result.candidates:  # nothing was added
            raise SystemExit(1)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
