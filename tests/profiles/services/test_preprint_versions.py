"""Versions of one preprint (OSF's ``_v1``, ``_v2`` and the DOI without a version) are one
paper, whichever source or order they arrive in; papers stored apart before are merged."""
import json
from datetime import date

import pytest

from profiles.models import Paper, Researcher
from profiles.services import capture_import
from tests.fixtures.sources import source_bytes

pytestmark = pytest.mark.django_db

TANGIBLE = "Tangible papercraft visualisations for education"


def works_listing(doi: str | None, *, title: str = TANGIBLE) -> bytes:
    """Joseph Mearman's real OpenAlex works page, with his papercraft paper posted on OSF."""
    data = json.loads(source_bytes("openalex_works_joseph_mearman.json"))
    work = next(w for w in data["results"] if w["title"] == TANGIBLE)
    work.update(doi=doi, title=title, display_name=title, type="preprint")
    return json.dumps(data).encode()


def test_three_versions_of_an_osf_preprint_are_one_paper():
    for doi, title in (("https://doi.org/10.31219/osf.io/sfgj6_v1", TANGIBLE),
                       ("https://doi.org/10.31219/osf.io/sfgj6_v2", TANGIBLE + ": a revised version"),
                       ("https://doi.org/10.31219/osf.io/sfgj6", TANGIBLE)):
        result = capture_import(raw=works_listing(doi, title=title), captured_on=date(2026, 4, 20),
                                layout="openalex_works")
        assert result.ok, result.message
    mearman = Researcher.objects.get(name="Joseph Mearman")
    versions = Paper.objects.filter(doi__startswith="10.31219/osf.io/sfgj6")
    assert versions.count() == 1
    (paper,) = versions
    assert paper.identity_key == "doi:10.31219/osf.io/sfgj6"
    # The DOI without a version names the work itself: it is the one kept to link to.
    assert paper.doi == "10.31219/osf.io/sfgj6"
    assert mearman.papers.filter(pk=paper.pk).exists() and mearman.papers.count() == 9


def test_a_version_arriving_after_the_work_joins_it_and_keeps_its_doi():
    for doi in ("https://doi.org/10.31219/osf.io/sfgj6", "https://doi.org/10.31219/osf.io/sfgj6_v2"):
        assert capture_import(raw=works_listing(doi), captured_on=date(2026, 4, 20), layout="openalex_works").ok
    assert list(Paper.objects.filter(doi__contains="osf.io").values_list("doi", flat=True)) == ["10.31219/osf.io/sfgj6"]
