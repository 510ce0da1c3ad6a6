"""The real seed captures and the day each was captured (seeds/captures.json)."""
import json
from datetime import date
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
SEED_PREFIXES = ("000", "001", "002", "003", "004")
_CAPTURED_ON = {
    name: date.fromisoformat(entry["captured_on"])
    for name, entry in json.loads((SEEDS / "captures.json").read_text(encoding="utf-8")).items()
    if not name.startswith("_")
}


def seed_path(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


def seed_date(prefix: str) -> date:
    return _CAPTURED_ON[seed_path(prefix).name]
