"""`manage.py add_department PAGE --institution NAME [--roles faculty,affiliated] [--source …]
[--choose "Name=ID"] [--dry-run] [--json] [--background]`: add the people of a department's
faculty page, each resolved to a scholarly profile with the institution as the disambiguator.

Without PAGE and with ``--field`` it lists the institution's active authors in a field instead,
for a curator to pick from (nothing is added)."""
from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerError

from profiles.importers import CaptureError, decode_capture
from profiles.importers.faculty_directory import ROLES, parse_faculty_directory
from profiles.services import DepartmentError, department_add, department_enqueue, department_preview
from profiles.sources import SourceClient
from profiles.sources.institution_listing import institution_authors_list


class Command(BaseCommand):
    help = "Add the people of a department's faculty page, resolved at a scholarly source by institution."

    def add_arguments(self, parser):
        parser.add_argument("page", metavar="PAGE", nargs="?",
                            help="the faculty page's text (select all, copy, save as a .txt file)")
        parser.add_argument("--institution", required=True, metavar='"Name"',
                            help="the institution, as the source names it (or its OpenAlex id I…)")
        parser.add_argument("--roles", default="faculty",
                            help=f"comma-separated roles to add, of: {', '.join(ROLES)} (default: faculty)")
        parser.add_argument("--source", default="openalex", choices=["openalex", "s2", "arxiv", "dblp"],
                            help="where to resolve people (default: openalex)")
        parser.add_argument("--choose", action="append", default=[], metavar='"Name=ID"',
                            help="settle a person with several profiles at the institution (repeatable)")
        parser.add_argument("--field", metavar='"Computer Science"',
                            help="without PAGE: list the institution's active authors in this field (OpenAlex)")
        parser.add_argument("--dry-run", action="store_true", help="resolve and report; change nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--background", action="store_true",
                            help="queue it for a worker and print where to watch its progress")

    def handle(self, *args, page, institution, roles, source, choose, field, dry_run, background, **options):
        as_json = options["json"]
        if page is None:
            if not field:
                raise CommandError("Give the faculty page (PAGE), or --field \"Name\" to list the institution's "
                                   "authors in a field.")
            return self._listing(institution=institution, field=field, source=source, as_json=as_json)
        if field:
            raise CommandError("--field lists an institution without a page: leave out PAGE, or leave out --field.")
        wanted = tuple(role.strip().lower() for role in roles.split(",") if role.strip())
        unknown = [role for role in wanted if role not in ROLES]
        if unknown or not wanted:
            raise CommandError(f"--roles {roles!r}: unknown role {', '.join(unknown) or '(none given)'}; "
                               f"choose from {', '.join(ROLES)}.")
        choices = _choices(choose)
        raw, encoding, directory = _read_page(page)
        try:
            if background:
                if dry_run or choices:
                    raise CommandError("--background runs the import itself: leave out --dry-run and --choose "
                                       "(choose in the admin's progress page instead).")
                try:
                    job = department_enqueue(raw=raw, encoding=encoding, filename=Path(page).name,
                                             directory=directory, institution_name=institution, source=source,
                                             roles=wanted)
                except BrokerError as error:
                    # The job was committed before it was sent (enqueue on commit): say so, so
                    # the command is not run again for a second copy of the job.
                    raise CommandError(
                        f"{page}: the department import was saved, but the task queue did not take it ({error}). "
                        "Do not run this again: it is sent again by itself within a minute of the queue answering "
                        "(Celery beat), or when a worker starts; check that Redis answers (REDIS_URL) and that a "
                        "worker with --beat runs. The admin's department imports list it.") from error
                where = settings.SHORTLIST_SITE_URL.rstrip("/") + reverse(
                    "admin:profiles_departmentimport_progress", args=[job.pk])
                self.stdout.write(f"{page}: {job.members.count()} people queued as department import {job.pk}; "
                                  f"watch it at {where}")
                return
            with SourceClient() as client:
                if dry_run:
                    report = department_preview(directory=directory, institution_name=institution, source=source,
                                                roles=wanted, client=client, choices=choices)
                else:
                    report = department_add(raw=raw, encoding=encoding, filename=Path(page).name,
                                            directory=directory, institution_name=institution, source=source,
                                            roles=wanted, client=client, choices=choices)
        except DepartmentError as error:
            raise CommandError(f"{page}: {error}") from error
        if as_json:
            self.stdout.write(json.dumps(report.as_json() | {"page_warnings": directory.warnings},
                                         ensure_ascii=False, indent=2))
        else:
            for warning in directory.warnings:
                self.stdout.write(f"{page}: warning: {warning}")
            (self.stderr if report.error else self.stdout).write("\n".join(report.lines()))
        if report.error or report.counts()["failed"]:
            raise SystemExit(1)

    def _listing(self, *, institution: str, field: str, source: str, as_json: bool) -> None:
        if source != "openalex":
            raise CommandError("--field lists authors by institution and field, which only OpenAlex offers: "
                               "use --source openalex.")
        with SourceClient() as client:
            listing = institution_authors_list(client=client, institution_name=institution, field=field)
        if as_json:
            self.stdout.write(json.dumps(listing.as_json(), ensure_ascii=False, indent=2))
        else:
            (self.stderr if listing.error else self.stdout).write("\n".join(listing.lines()))
        if listing.error:
            raise SystemExit(1)


def _choices(given: list[str]) -> dict[str, str]:
    choices = {}
    for item in given:
        name, sep, external_id = item.rpartition("=")
        if not sep or not name.strip() or not external_id.strip():
            raise CommandError(f'--choose {item!r}: write it as "Name as on the page=ID", e.g. '
                               '"Peter Butcher=A5032473237".')
        choices[name.strip()] = external_id.strip().upper() if external_id.strip()[:1] in "aA" else external_id.strip()
    return choices


def _read_page(page: str):
    path = Path(page)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise CommandError(f"{page}: no such file.") from error
    except IsADirectoryError as error:
        raise CommandError(f"{page}: is a folder; give the one text file of the faculty page.") from error
    except OSError as error:
        raise CommandError(f"{page}: cannot be read ({error.strerror}).") from error
    try:
        text, encoding = decode_capture(raw, max_bytes=settings.CAPTURE_MAX_BYTES)
        directory = parse_faculty_directory(text)
    except CaptureError as error:
        raise CommandError(f"{page}: {error.message}") from error
    return raw, encoding, directory
