"""Re-importing what was imported changes nothing: the catalogue after any number of re-imports
is the one a clean import made (the fault run's final check, here on the seed captures)."""
import datetime as dt
import json

import pytest

from profiles.exporting import researcher_as_dict
from profiles.models import Researcher
from profiles.selectors import researchers_for_export
from profiles.services import capture_import, researcher_reimport

pytestmark = pytest.mark.django_db


def _export():
    return json.dumps([researcher_as_dict(r) for r in researchers_for_export()], sort_keys=True, default=str)


def test_reimporting_every_researcher_twice_leaves_the_export_unchanged(seeds_dir):
    dates = json.loads((seeds_dir / "captures.json").read_text())
    for path in sorted(seeds_dir.glob("*.txt")):
        capture_import(raw=path.read_bytes(), captured_on=dt.date.fromisoformat(dates[path.name]["captured_on"]),
                       filename=path.name)
    clean = _export()
    for _ in range(2):
        for researcher in Researcher.objects.filter(merged_into__isnull=True):
            researcher_reimport(researcher=researcher)
        assert _export() == clean
