"""Versions of one preprint stored as separate papers become one.

Preprint servers mint a DOI per version (OSF's ``…_v1``, ``…_v2``, bioRxiv's ``…v2``,
Research Square's ``…/v1`` …); imports before this migration stored each as a paper of its own.
Each such group is folded into one paper: the one already stored under the work's key if any,
else the oldest. Its authorships, identifiers, venues and the fuller texts of the others move to
it, the others are deleted, and papers stored under a version's DOI are re-keyed under the
work's, as imports now key them. The catalogue version is raised, so pages and the match
index are rebuilt.
"""
from django.db import migrations

from profiles.importers.identifiers import preprint_work_doi

from ._catalogue_version import catalogue_version_raise


def _fold(survivor, other) -> None:
    """What ``other`` knows that ``survivor`` lacks; the survivor's locked fields stay."""
    locked = set(survivor.locked_fields or [])

    def put(name, value):
        if name not in locked:
            setattr(survivor, name, value)

    if other.date and (survivor.date is None or other.date < survivor.date):
        put("date", other.date)
        put("date_precision", other.date_precision)
    for name in ("arxiv_id", "kind", "comments"):
        if getattr(other, name) and not getattr(survivor, name):
            put(name, getattr(other, name))
    for name in ("venues", "categories", "orgs"):
        mine = list(getattr(survivor, name) or [])
        put(name, mine + [v for v in getattr(other, name) or [] if v not in mine])
    if (other.abstract_complete, len(other.abstract)) > (survivor.abstract_complete, len(survivor.abstract)):
        put("abstract", other.abstract)
        put("abstract_complete", other.abstract_complete)
    if (other.authors_complete, len(other.authors or [])) > (survivor.authors_complete, len(survivor.authors or [])):
        put("authors", other.authors)
        put("authors_complete", other.authors_complete)
    counts = [c for c in (survivor.author_count, other.author_count) if c]
    if counts:
        put("author_count", max(counts))
    if other.has_code:
        put("has_code", True)
    if other.open_access:
        put("open_access", True)
    # Shown when any version was: a curator hid one version, not the work.
    survivor.hidden = survivor.hidden and other.hidden


def merge_preprint_versions(apps, schema_editor):
    Paper = apps.get_model("profiles", "Paper")
    Authorship = apps.get_model("profiles", "Authorship")
    groups: dict[str, list] = {}
    for paper in Paper.objects.exclude(doi="").order_by("id").iterator():
        groups.setdefault(preprint_work_doi(paper.doi), []).append(paper)
    for work, papers in groups.items():
        if all(paper.doi == work for paper in papers):
            continue  # no version's DOI among them
        key = f"doi:{work}"[:600]
        survivor = next((p for p in papers if p.identity_key == key), papers[0])
        for other in papers:
            if other.pk == survivor.pk:
                continue
            taken = set(Authorship.objects.filter(paper=survivor).values_list("researcher_id", flat=True))
            for authorship in Authorship.objects.filter(paper=other):
                if authorship.researcher_id in taken:
                    authorship.delete()
                else:
                    authorship.paper = survivor
                    authorship.save(update_fields=["paper"])
            _fold(survivor, other)
            other.delete()
        if any(p.doi == work for p in papers) and "doi" not in (survivor.locked_fields or []):
            survivor.doi = work  # the work's own DOI, not one version's, is the one to link to
        if (survivor.identity_key or "").startswith("doi:"):
            survivor.identity_key = key
        survivor.save()


class Migration(migrations.Migration):

    dependencies = [
        ("profiles", "0014_catalogue_version_raised_after_data_migrations"),
    ]

    operations = [
        migrations.RunPython(merge_preprint_versions, migrations.RunPython.noop),
        catalogue_version_raise(),
    ]
