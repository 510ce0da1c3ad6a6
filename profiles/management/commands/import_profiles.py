"""`manage.py import_profiles PATH [PATH ...]`: import raw page captures, and catalogue packs
(what `export_profiles` writes, told by their "format" marker).

``--dry-run`` parses and decides every capture without touching the database and exits with
the status the real import would have; ``--json`` prints that report as JSON.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from profiles.catalogue_pack import PackError, looks_like_pack
from profiles.importers import LAYOUTS, CaptureError
from profiles.models import Capture, CaptureOutcome
from profiles.services import (
    CaptureImportBatch,
    ImportResult,
    capture_date_from,
    capture_enqueue,
    capture_import_anyway,
    capture_preview,
    catalogue_pack_import,
    catalogue_statistics_refresh,
    not_attached_sentences,
)

MANIFEST = "captures.json"
ACCEPTED_VIA = "import_profiles --import-anyway"  # optional per-folder capture dates (see seeds/captures.json)


class Command(BaseCommand):
    help = "Import faculty profiles from raw text captures (files or folders)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="capture file or folder of captures")
        parser.add_argument("--captured-on", metavar="YYYY-MM-DD",
                            help="the day the pages were captured (default: the folder's captures.json, else the date "
                                 "the capture shows, e.g. a Daily Papers list's, else today)")
        parser.add_argument("--researcher", metavar='"Full Name"',
                            help="whose captures these are, for captures that name no single researcher")
        parser.add_argument("--layout", default="auto", choices=("auto",) + LAYOUTS,
                            help="force a layout instead of detecting it")
        parser.add_argument("--entries", metavar="1,4,7",
                            help="on a page that lists no author names (Daily Papers), the entries "
                                 "(numbered from 1 in page order) the --researcher wrote")
        parser.add_argument("--background", action="store_true",
                            help="queue one Celery task per capture and print the task ids")
        parser.add_argument("--import-anyway", action="store_true",
                            help="import a capture kept for review (its parse looked wrong) as it is, "
                                 "after you checked it; its review warnings stay on the capture")
        parser.add_argument("--dry-run", action="store_true",
                            help="parse and report what the import would do; write nothing")
        parser.add_argument("--json", action="store_true",
                            help="with --dry-run: print the report as JSON on stdout")

    def handle(self, *args, **options):
        captured_on = _parse_day(options["captured_on"]) if options["captured_on"] else None
        entries = _parse_entries(options["entries"]) if options["entries"] else None
        if entries and not options["researcher"]:
            raise CommandError("--entries says which entries are someone's: give whose with "
                               '--researcher "Full Name" too.')
        if options["json"] and not options["dry_run"]:
            raise CommandError("--json prints the --dry-run report: add --dry-run (an import reports in lines).")
        for other in ("dry_run", "background"):
            if options["import_anyway"] and options[other]:
                flag = "--" + other.replace("_", "-")
                raise CommandError(f"--import-anyway imports here and now, after you checked the capture: "
                                   f"leave out {flag}.")
        files = _collect_files(options["paths"])
        packs = [path for path, _ in files if _is_pack(path)]
        if packs:
            _refuse_capture_options_for(packs[0], options)
            files = [(path, day) for path, day in files if path not in packs]
        pack_reports, pack_failures = self._packs(packs, dry_run=options["dry_run"], as_json=options["json"])
        if options["dry_run"]:
            return self._preview(files, captured_on, entries, options, pack_reports, pack_failures)
        unreadable: list[Path] = []
        readable = self._read_each(files, captured_on, unreadable)
        failures = 0
        # A folder's captures are committed a few at a time (see CaptureImportBatch); each one's
        # lines are printed once it is committed, so none says "imported" of a capture an
        # interrupted run did not keep.
        batch, reports = CaptureImportBatch(), []
        try:
            with batch:
                if options["background"]:
                    for path, raw, day in readable:
                        failures += self._enqueue(path, raw, day, entries, options)
                else:
                    # The file's own name is what curators recognise; the server path is nobody's business.
                    arguments = (dict(raw=raw, captured_on=day, filename=path.name, researcher_name=options["researcher"],
                                      layout=options["layout"], entries=entries) for path, raw, day in readable)
                    for _, result in batch.capture_import_each(arguments):
                        reports.append(self._accept_if_asked(result, options))
                        failures += not reports[-1][0].ok
                        if not batch.uncommitted:
                            self._report(reports)
        finally:
            # The batch commits when it ends, through an error too, unless the database failed.
            if batch.uncommitted:
                self.stderr.write(f"The last {len(reports)} capture(s) read were not stored: the database failed "
                                  "before they were committed. Run the command again.")
            else:
                self._report(reports)
        failures += len(unreadable)
        if not options["background"] and len(files) > 1:
            catalogue_statistics_refresh()  # a bulk import: the planner must know the new sizes
        if failures:
            raise CommandError(f"{failures} of {len(files)} capture(s) were not imported (reasons above).")
        if pack_failures:
            raise CommandError(f"{pack_failures} of {len(packs)} catalogue pack(s) were not imported (reasons above); "
                               "nothing of those was written.")

    def _packs(self, packs: list[Path], *, dry_run: bool, as_json: bool) -> tuple[list[dict], int]:
        """Import (or try) each catalogue pack; its reports for --json, and how many failed."""
        reports, failures = [], 0
        for path in packs:
            try:
                result = catalogue_pack_import(raw=_read_pack(path), dry_run=dry_run)
            except PackError as error:
                failures += 1
                reports.append({"file": path.name, "outcome": "refused", "error": error.message})
                if not as_json:
                    self.stderr.write(f"{path}: NOT IMPORTED (catalogue pack): {error.message}")
                continue
            reports.append({"file": path.name, "outcome": "would be imported" if dry_run else "imported",
                            **result.as_json()})
            if not as_json:
                self.stdout.write(f"{path.name}: catalogue pack: {result.summary()}")
                for note in result.notes:
                    self.stdout.write(f"    note: {note}")
        return reports, failures

    def _preview(self, files, captured_on: date | None, entries: list[int] | None, options,
                 pack_reports: list[dict] = (), pack_failures: int = 0) -> None:
        reports = []
        for path, manifest_day in files:
            try:
                raw = _read_capture(path)
            except CaptureError as error:
                reports.append({"file": path.name, "layout": None, "outcome": "refused", "researcher": None,
                                "candidates": [], "warnings": [f"{error.reason}: {error.message}"], "papers": []})
                continue
            reports.append(capture_preview(raw=raw, captured_on=_capture_day(raw, captured_on or manifest_day),
                                           filename=path.name, researcher_name=options["researcher"],
                                           layout=options["layout"], entries=entries))
        if options["json"]:
            data = {"captures": reports, **({"packs": list(pack_reports)} if pack_reports else {})}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            for report in reports:
                self.stdout.write(_preview_lines(report))
        failures = sum(1 for report in reports if report["outcome"] != CaptureOutcome.IMPORTED)
        if failures or pack_failures:
            # The status the real import would have; the report above says why.
            raise CommandError(f"dry run: {failures} of {len(reports)} capture(s) and {pack_failures} of "
                               f"{len(pack_reports)} catalogue pack(s) would not be imported.")

    def _read_each(self, files, captured_on: date | None, unreadable: list[Path]):
        """(path, bytes, capture date) of each file that can be read; the others are said on
        stderr and added to ``unreadable``."""
        for path, manifest_day in files:
            try:
                raw = _read_capture(path)
            except CaptureError as error:
                unreadable.append(path)
                self.stderr.write(f"{path}: NOT IMPORTED ({error.reason}): {error.message}")
                continue
            yield path, raw, _capture_day(raw, captured_on or manifest_day)

    def _accept_if_asked(self, result: ImportResult, options) -> tuple[ImportResult, bool]:
        """With --import-anyway, a capture kept for review is imported as it is."""
        if result.reason == CaptureOutcome.NEEDS_REVIEW and options["import_anyway"] and result.capture_id:
            result = capture_import_anyway(capture=Capture.objects.get(pk=result.capture_id), accepted_by=None,
                                           accepted_via=ACCEPTED_VIA)
            return result, True
        return result, False

    def _report(self, reports: list[tuple[ImportResult, bool]]) -> None:
        """Print (and forget) the lines of captures the batch has committed."""
        for result, accepted in reports:
            (self.stdout if result.ok else self.stderr).write(
                result.summary() + (" (imported anyway)" if accepted else ""))
            if result.reason == CaptureOutcome.NEEDS_REVIEW:
                self.stderr.write("    after checking it, import it as it is with --import-anyway "
                                  "(its review warnings stay on the capture)")
            for warning in result.warnings:
                self.stdout.write(f"    warning: {warning}")
            for sentence in not_attached_sentences(result.not_attached):
                self.stdout.write(f"    {sentence}")
        reports.clear()

    def _enqueue(self, path: Path, raw: bytes, day: date, entries: list[int] | None, options) -> int:
        try:
            with transaction.atomic():
                capture, _, task_id = capture_enqueue(
                    raw=raw, captured_on=day, filename=path.name,
                    researcher_name=options["researcher"], layout=options["layout"], entries=entries)
        except CaptureError as error:
            self.stderr.write(f"{path}: NOT QUEUED ({error.reason}): {error.message}")
            return 1
        if task_id is None:
            self.stdout.write(f"{path}: already stored as capture {capture.pk} ({capture.get_outcome_display()}); not queued again")
            return 0
        self.stdout.write(f"{path}: queued capture {capture.pk} as task {task_id}")
        return 0


def _preview_lines(report: dict) -> str:
    """The dry-run report of one capture, for people."""
    who = report["researcher"] or ("candidates: " + ", ".join(report["candidates"]) if report["candidates"] else "nobody named")
    lines = [f"{report['file']}: would be {report['outcome']} ({report['layout'] or 'no layout'}, {who}), "
             f"{len(report['papers'])} entries"]
    lines += [f"    warning: {warning}" for warning in report["warnings"]]
    if "people" in report:  # a faculty page: its people, not papers
        lines[0] = lines[0].rsplit(", ", 1)[0] + f", {len(report['people'])} people"
        lines += [f"    {person['role']:<10} {person['name']}" + (f" ({person['title']})" if person["title"] else "")
                  for person in report["people"]]
    for number, paper in enumerate(report["papers"], 1):
        mark = "attach" if paper["attached"] else "skip  "
        lines.append(f"    [{number}] {mark} {paper['title']} ({paper['date'] or 'no date'}"
                     f"{', ' + paper['date_precision'] if paper['date_precision'] else ''})")
    return "\n".join(lines)


def _capture_day(raw: bytes, given: date | None) -> date:
    """The day given (option or manifest), else the one the capture shows, else today."""
    today = date.today()
    return given or capture_date_from(raw, today=today) or today


def _parse_entries(text: str) -> list[int]:
    try:
        numbers = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise CommandError(f"--entries {text!r}: write entry numbers separated by commas, e.g. --entries 1,4,7.")
    if not numbers or min(numbers) < 1:
        raise CommandError(f"--entries {text!r}: entries are numbered from 1 in page order, e.g. --entries 1,4,7.")
    return numbers


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--captured-on {text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-05-20.")


def _collect_files(paths: list[str]) -> list[tuple[Path, date | None]]:
    """Files to import with the capture date their folder's manifest gives, if any."""
    files: list[tuple[Path, date | None]] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            manifest = _read_manifest(path / MANIFEST)
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.name == MANIFEST or any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                files.append((child, manifest.get(child.name)))
        elif path.exists():
            files.append((path, _read_manifest(path.parent / MANIFEST).get(path.name)))
        else:
            raise CommandError(f"{path}: no such file or folder. Give the path of a capture file or a folder of them.")
    if not files:
        raise CommandError(f"No capture files found in {', '.join(paths)}.")
    return files


def _read_manifest(path: Path) -> dict[str, date]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {name: date.fromisoformat(entry["captured_on"])
                for name, entry in data.items() if isinstance(entry, dict) and "captured_on" in entry}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CommandError(f"{path}: not a valid capture manifest ({error}); expected "
                           '{"file.txt": {"captured_on": "YYYY-MM-DD"}}.')


_PACK_HEAD_BYTES = 4096


def _is_pack(path: Path) -> bool:
    """A catalogue pack says so near its start; a capture never does."""
    try:
        with path.open("rb") as handle:
            return looks_like_pack(handle.read(_PACK_HEAD_BYTES))
    except OSError:
        return False  # reported as unreadable with the captures


_CAPTURE_OPTIONS = ("captured_on", "researcher", "entries", "background", "import_anyway")


def _refuse_capture_options_for(path: Path, options) -> None:
    given = [name for name in _CAPTURE_OPTIONS if options[name]] + (["layout"] if options["layout"] != "auto" else [])
    if given:
        flags = ", ".join("--" + name.replace("_", "-") for name in given)
        raise CommandError(f"{path} is a catalogue pack: {flags} apply to captures, not to a pack (it carries its "
                           f"own researchers, dates and captures). Import the pack on its own, without {flags}.")


def _read_pack(path: Path) -> bytes:
    """The pack's bytes, refusing an over-size file before reading it."""
    limit = settings.CATALOGUE_PACK_MAX_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            raise PackError(f"The pack is {size:,} bytes; the limit is {limit:,} (CATALOGUE_PACK_MAX_BYTES). "
                            "Export fewer researchers (--researcher), or raise the limit on this install.")
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as error:
        raise PackError(f"cannot read the file ({error.strerror}). Check the path and its permissions.") from None


def _read_capture(path: Path) -> bytes:
    """The file's bytes, refusing an over-size file before reading it."""
    limit = settings.CAPTURE_MAX_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            raise CaptureError("too_large", f"the file is {size:,} bytes; the limit is {limit:,} "
                                            "(CAPTURE_MAX_BYTES). Capture one profile page per file.")
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        raise CaptureError("unreadable", f"cannot read the file ({error.strerror}). Check the path and its permissions.")
    if len(raw) > limit:  # the file grew while we read it
        raise CaptureError("too_large", f"the file is over the {limit:,}-byte limit.")
    return raw
