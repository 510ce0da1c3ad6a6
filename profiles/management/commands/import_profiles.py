"""`manage.py import_profiles PATH [PATH ...]`: import raw page captures."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from profiles.importers import LAYOUTS, CaptureError
from profiles.services import capture_enqueue, capture_import

MANIFEST = "captures.json"  # optional per-folder capture dates (see seeds/captures.json)


class Command(BaseCommand):
    help = "Import faculty profiles from raw text captures (files or folders)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="capture file or folder of captures")
        parser.add_argument("--captured-on", metavar="YYYY-MM-DD",
                            help="the day the pages were captured (default: the folder's captures.json, else today)")
        parser.add_argument("--researcher", metavar='"Full Name"',
                            help="whose captures these are, for captures that name no single researcher")
        parser.add_argument("--layout", default="auto", choices=("auto",) + LAYOUTS,
                            help="force a layout instead of detecting it")
        parser.add_argument("--background", action="store_true",
                            help="queue one Celery task per capture and print the task ids")

    def handle(self, *args, **options):
        captured_on = _parse_day(options["captured_on"]) if options["captured_on"] else None
        files = _collect_files(options["paths"])
        failures = 0
        for path, manifest_day in files:
            day = captured_on or manifest_day or date.today()
            try:
                raw = _read_capture(path)
            except CaptureError as error:
                failures += 1
                self.stderr.write(f"{path}: NOT IMPORTED ({error.reason}): {error.message}")
                continue
            if options["background"]:
                failures += self._enqueue(path, raw, day, options)
            else:
                failures += self._import(path, raw, day, options)
        if failures:
            raise CommandError(f"{failures} of {len(files)} capture(s) were not imported (reasons above).")

    def _import(self, path: Path, raw: bytes, day: date, options) -> int:
        # The file's own name is what curators recognise; the server path is nobody's business.
        result = capture_import(raw=raw, captured_on=day, filename=path.name,
                                researcher_name=options["researcher"], layout=options["layout"])
        (self.stdout if result.ok else self.stderr).write(result.summary())
        for warning in result.warnings:
            self.stdout.write(f"    warning: {warning}")
        return 0 if result.ok else 1

    def _enqueue(self, path: Path, raw: bytes, day: date, options) -> int:
        try:
            with transaction.atomic():
                capture, _, task_id = capture_enqueue(
                    raw=raw, captured_on=day, filename=path.name,
                    researcher_name=options["researcher"], layout=options["layout"])
        except CaptureError as error:
            self.stderr.write(f"{path}: NOT QUEUED ({error.reason}): {error.message}")
            return 1
        if task_id is None:
            self.stdout.write(f"{path}: already stored as capture {capture.pk} ({capture.get_outcome_display()}); not queued again")
            return 0
        self.stdout.write(f"{path}: queued capture {capture.pk} as task {task_id}")
        return 0


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
