"""`manage.py refresh_sources [--researcher NAME] [--older-than DAYS] [--background]`:
re-fetch linked scholarly profiles (conditionally) and import what is new."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from profiles.selectors import researcher_find, source_links_due
from profiles.services import source_link_refresh, source_links_refresh_enqueue
from profiles.sources import SourceClient


class Command(BaseCommand):
    help = "Refresh the researchers' linked sources (OpenAlex, arXiv, Semantic Scholar, ORCID, DBLP)."

    def add_arguments(self, parser):
        parser.add_argument("--researcher", metavar='"Full Name"', help="only this researcher's sources (all of them)")
        parser.add_argument("--older-than", type=int, metavar="DAYS",
                            help="every source not fetched for DAYS days (default: those due)")
        parser.add_argument("--background", action="store_true", help="queue one task for a worker")

    def handle(self, *args, researcher, older_than, background, **options):
        if older_than is not None and older_than < 0:
            raise CommandError("--older-than takes a number of days, 0 or more.")
        person = None
        if researcher:
            person = researcher_find(name=researcher)
            if person is None:
                raise CommandError(f"No researcher named “{researcher}” in the catalogue; check the spelling.")
        links = list(source_links_due(researcher=person, older_than_days=older_than))
        if not links:
            self.stdout.write("Nothing to refresh: no linked source is due.")
            return
        if background:
            task_id = source_links_refresh_enqueue(link_ids=[link.id for link in links])
            self.stdout.write(f"{len(links)} source(s) queued as task {task_id}")
            return
        failures = 0
        with SourceClient() as client:
            for link in links:
                result = source_link_refresh(link=link, client=client)
                (self.stdout if result.ok else self.stderr).write(result.summary())
                failures += not result.ok
        if failures:
            raise CommandError(f"{failures} of {len(links)} source(s) failed; they will be retried on a later run.")
