"""Papers are told apart by identifier before title: arXiv id, DOI and a unique identity key
(so five books' "Foreword" can be five papers); the date says how precise it is; abstracts and
author lists say whether they are complete; authorships say on what grounds they were made;
a capture whose parse looked wrong waits for review.

Existing rows: identity keys come from the title keys they were stored under (unique already);
arXiv ids and DOIs are read from stored venues where one is written there; a January 1st date
is taken as a year (the importers wrote year-only dates so), any other as a day; completeness
is unknown, so False: the next complete listing replaces what is stored. Authorships made
before the check keep an empty basis and are listed for curators (``unverified_authorships``).
"""
import re

from django.db import migrations, models

_ARXIV = re.compile(r"arxiv[:. ]\s*([0-9]{4}\.[0-9]{4,5})", re.IGNORECASE)
_DOI = re.compile(r"(10\.[0-9]{4,9}/\S+)")


def fill_from_stored_data(apps, schema_editor):
    Paper = apps.get_model("profiles", "Paper")
    batch = []
    for paper in Paper.objects.only("pk", "title_key", "venues", "date").iterator(chunk_size=2000):
        paper.identity_key = f"title:{paper.title_key}"[:600]
        text = " ".join(str(v) for v in paper.venues or [])
        arxiv = _ARXIV.search(text)
        doi = _DOI.search(text)
        paper.arxiv_id = arxiv.group(1) if arxiv else ""
        paper.doi = doi.group(1).rstrip(".,;)").lower() if doi else ""
        if paper.date is not None:
            paper.date_precision = "year" if (paper.date.month, paper.date.day) == (1, 1) else "day"
        batch.append(paper)
        if len(batch) == 2000:
            Paper.objects.bulk_update(batch, ["identity_key", "arxiv_id", "doi", "date_precision"])
            batch = []
    if batch:
        Paper.objects.bulk_update(batch, ["identity_key", "arxiv_id", "doi", "date_precision"])


class Migration(migrations.Migration):
    dependencies = [("profiles", "0006_worker_heartbeat")]

    operations = [
        migrations.AlterField("paper", "title_key", models.CharField(max_length=500, db_index=True)),
        migrations.AddField("paper", "identity_key", models.CharField(max_length=600, null=True)),
        migrations.AddField("paper", "arxiv_id", models.CharField(blank=True, max_length=40, default=""), preserve_default=False),
        migrations.AddField("paper", "doi", models.CharField(blank=True, max_length=200, default=""), preserve_default=False),
        migrations.AddField("paper", "date_precision", models.CharField(
            blank=True, max_length=5, default="",
            choices=[("day", "Day"), ("month", "Month (the 1st stands for the month)"),
                     ("year", "Year (January 1st stands for the year)")]), preserve_default=False),
        migrations.AddField("paper", "abstract_complete", models.BooleanField(default=False)),
        migrations.AddField("paper", "authors_complete", models.BooleanField(default=False)),
        migrations.AddField("paper", "comments", models.TextField(blank=True, default=""), preserve_default=False),
        migrations.AddField("authorship", "basis", models.CharField(
            blank=True, max_length=20, default="",
            choices=[("own_profile", "The researcher's own profile page lists it"),
                     ("author_list", "The researcher is in its author list"),
                     ("curator", "A curator confirmed it"),
                     ("", "Attached before authorship was checked")]), preserve_default=False),
        migrations.AddIndex("paper", models.Index(
            fields=["arxiv_id"], condition=~models.Q(arxiv_id=""), name="paper_arxiv_id_given")),
        migrations.AddIndex("paper", models.Index(fields=["doi"], condition=~models.Q(doi=""), name="paper_doi_given")),
        migrations.AddField("capture", "confirmed_entries", models.JSONField(blank=True, default=list)),
        migrations.RunPython(fill_from_stored_data, migrations.RunPython.noop),
        migrations.AlterField("paper", "identity_key", models.CharField(
            max_length=600, unique=True, null=True, blank=True)),
        migrations.AlterField("capture", "outcome", models.CharField(
            db_index=True, max_length=30,
            choices=[("queued", "Queued for import"), ("imported", "Imported"),
                     ("awaiting_assignment", "Awaiting assignment"), ("ambiguous", "Ambiguous subject"),
                     ("needs_review", "Needs review (the parse looked wrong)"), ("failed", "Failed")])),
    ]
