"""Papers stored apart before preprint versions were one identity (three OSF versions of one
preprint) are merged by the migration: one paper, every authorship, the work's DOI."""
import pytest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("profiles", "0014_catalogue_version_raised_after_data_migrations")]
AFTER = [("profiles", "0015_preprint_versions_are_one_paper")]


def test_three_stored_versions_of_an_osf_preprint_become_one_paper(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    Researcher = old.apps.get_model("profiles", "Researcher")
    Paper = old.apps.get_model("profiles", "Paper")
    Authorship = old.apps.get_model("profiles", "Authorship")
    mearman = Researcher.objects.create(name="Joseph Mearman", name_key="joseph mearman", slug="joseph-mearman")
    ritsos = Researcher.objects.create(name="Panagiotis D. Ritsos", name_key="panagiotis d ritsos", slug="ritsos")
    title = "Tangible papercraft visualisations for education"
    v1 = Paper.objects.create(title=title, title_key=title.lower(), doi="10.31219/osf.io/sfgj6_v1",
                              identity_key="doi:10.31219/osf.io/sfgj6_v1", venues=["OSF Preprints"])
    v2 = Paper.objects.create(title=title + ": revised", title_key=title.lower() + " revised",
                              doi="10.31219/osf.io/sfgj6_v2", identity_key="doi:10.31219/osf.io/sfgj6_v2",
                              abstract="Papercraft makes data tangible.", abstract_complete=True, hidden=True)
    work = Paper.objects.create(title=title, title_key=title.lower() + " x", doi="10.31219/osf.io/sfgj6",
                                identity_key="doi:10.31219/osf.io/sfgj6", venues=["EuroVis"])
    alone = Paper.objects.create(title="A single version", title_key="a single version",
                                 doi="10.1101/2020.03.01.972935v2", identity_key="doi:10.1101/2020.03.01.972935v2")
    journal = Paper.objects.create(title="A journal paper", title_key="a journal paper", doi="10.1145/2795233",
                                   identity_key="doi:10.1145/2795233")
    for paper in (v1, v2, work):
        Authorship.objects.create(researcher=mearman, paper=paper, basis="author_list")
    Authorship.objects.create(researcher=ritsos, paper=v2, basis="author_list")
    version_before = old.apps.get_model("profiles", "CatalogueVersion").objects.get_or_create(id=1)[0].number

    new = migrator.apply_tested_migration(AFTER)

    Paper = new.apps.get_model("profiles", "Paper")
    (merged,) = Paper.objects.filter(doi__startswith="10.31219/osf.io/sfgj6")
    assert merged.pk == work.pk and merged.identity_key == "doi:10.31219/osf.io/sfgj6"
    assert merged.doi == "10.31219/osf.io/sfgj6"
    assert merged.abstract == "Papercraft makes data tangible." and not merged.hidden
    assert merged.venues == ["EuroVis", "OSF Preprints"]
    Authorship = new.apps.get_model("profiles", "Authorship")
    assert sorted(Authorship.objects.filter(paper=merged).values_list("researcher__name", flat=True)) == [
        "Joseph Mearman", "Panagiotis D. Ritsos"]
    # One version only: re-keyed as imports now key it, its DOI kept.
    alone = Paper.objects.get(pk=alone.pk)
    assert (alone.identity_key, alone.doi) == ("doi:10.1101/2020.03.01.972935", "10.1101/2020.03.01.972935v2")
    assert Paper.objects.get(pk=journal.pk).identity_key == "doi:10.1145/2795233"
    assert Paper.objects.count() == 3
    assert new.apps.get_model("profiles", "CatalogueVersion").objects.get().number == version_before + 1
    migrator.reset()
