"""The catalogue a newcomer finds after `make run`: the real seed captures, imported."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from profiles.services import capture_import


def seeds_import(seeds_dir: Path, *, prefixes: tuple[str, ...] | None = None) -> None:
    """Import the seed captures (all, or those whose file names start with ``prefixes``)."""
    manifest = json.loads((seeds_dir / "captures.json").read_text())
    for path in sorted(seeds_dir.glob("*.txt")):
        if prefixes and not path.name.startswith(prefixes):
            continue
        capture_import(raw=path.read_bytes(), filename=path.name,
                       captured_on=date.fromisoformat(manifest[path.name]["captured_on"]))
