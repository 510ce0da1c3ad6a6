"""Re-importing what was imported changes nothing: the catalogue after any number of re-imports
is the one a clean import made (the fault run's final check, here on the seed captures)."""
import datetime as dt
import json

import pytest

from profiles.exporting import researcher_as_dict
from profiles.models import Capture, Researcher
from profiles.selectors import researchers_for_export
from profiles.services import capture_import, researcher_create, researcher_reimport

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


def test_a_possible_duplicate_noted_on_first_import_is_still_noted_after_a_reimport(seeds_dir):
    # The note is made when the capture creates its researcher; a re-import creates nobody,
    # and used to drop it (the catalogue pack, which carries the captures, then differed).
    researcher_create(researcher=Researcher(name="V. Mirrokni"))
    capture_import(raw=next(seeds_dir.glob("001_*")).read_bytes(), captured_on=dt.date(2025, 12, 1))
    note = "New researcher 'Vahab Mirrokni' may be the same person as 'V. Mirrokni': if so, merge them in the admin."
    assert note in Capture.objects.get().warnings
    for _ in range(2):
        researcher_reimport(researcher=Researcher.objects.get(name="Vahab Mirrokni"))
        assert Capture.objects.get().warnings.count(note) == 1
