"""Several web nodes, each with its own index folder: the worker's rebuild publishes the index to
the database and a node missing it copies it from there instead of building it in a request."""
import logging
from datetime import date

import pytest

from matching import published
from matching.catalogue import catalogue_version, index_path, match_index_current, match_index_forget
from matching.catalogue import match_index_rebuild_task
from matching.models import PublishedIndex, PublishedIndexChunk
from matching.ranking import ApplicantQuery
from profiles.services import researcher_set_hidden
from tests.factories.matching import researcher_with_papers

pytestmark = pytest.mark.django_db

BILEVEL = ("Bilevel optimization for data mixing", "Bilevel optimization chooses data mixing weights.",
           date(2026, 1, 5))


def _other_node(settings, tmp_path, name):
    """Now this process is a web process on another machine: its own empty folder."""
    settings.MATCH_INDEX_DIR = tmp_path / name
    match_index_forget()


def _built(caplog):
    return [r.getMessage() for r in caplog.records if " built (" in r.getMessage()]


def test_a_node_copies_the_published_index_instead_of_building_it(settings, tmp_path, caplog, monkeypatch):
    settings.MATCH_INDEX_PUBLISH = True
    settings.MATCH_INDEX_SYNC_MAX_PAPERS = 0  # a large catalogue: a request may not build it
    monkeypatch.setattr(published, "CHUNK_BYTES", 1000)  # several chunks per file
    researcher_with_papers([BILEVEL], name="Olga Optimizer")
    rebuilt = match_index_rebuild_task.apply().get()
    assert rebuilt["built"] and PublishedIndex.objects.get().version == rebuilt["version"]
    assert PublishedIndexChunk.objects.filter(seq__gt=0).exists()

    _other_node(settings, tmp_path, "node-b")
    caplog.set_level(logging.INFO, logger="matching")
    index = match_index_current()
    assert index.version == catalogue_version() == rebuilt["version"]
    assert index_path(rebuilt["version"]).exists() and _built(caplog) == []
    assert [m.name for m in index.rank(ApplicantQuery(interests="bilevel optimization")).top(5)] == ["Olga Optimizer"]


def test_after_a_change_a_node_answers_from_the_old_copy_masked_then_from_the_new_one(settings, tmp_path, caplog):
    settings.MATCH_INDEX_PUBLISH = True
    settings.MATCH_INDEX_SYNC_MAX_PAPERS = 0
    settings.MATCH_INDEX_PUBLISHED_KEEP = 1
    olga = researcher_with_papers([BILEVEL], name="Olga Optimizer")
    hannah = researcher_with_papers([("Data mixing by bilevel optimization, again", "", date(2025, 1, 1))],
                                    name="Hannah Hidden")
    first = match_index_rebuild_task.apply().get()["version"]
    researcher_set_hidden(researcher=hannah, hidden=True)

    _other_node(settings, tmp_path, "node-b")  # a fresh node, after the change, before the rebuild
    caplog.set_level(logging.INFO, logger="matching")
    stand_in = match_index_current()
    assert stand_in.version.startswith(catalogue_version()) and first in stand_in.version
    assert [m.name for m in stand_in.rank(ApplicantQuery(interests="bilevel optimization")).top(5)] == ["Olga Optimizer"]

    _other_node(settings, tmp_path, "node-worker")
    second = match_index_rebuild_task.apply().get()["version"]
    assert list(PublishedIndex.objects.values_list("version", flat=True)) == [second]  # the older pruned

    _other_node(settings, tmp_path, "node-b")
    caplog.clear()  # the worker's build above is not node b's
    assert match_index_current().version == second and _built(caplog) == []
    assert [p.name for p in (tmp_path / "node-b").iterdir() if p.is_dir()] == [second]  # the old copy gone
    assert olga.pk in {r["id"] for r in match_index_current().researchers}


def test_a_damaged_publication_is_not_used(settings, tmp_path):
    settings.MATCH_INDEX_PUBLISH = True
    researcher_with_papers([BILEVEL], name="Olga Optimizer")
    version = match_index_rebuild_task.apply().get()["version"]
    PublishedIndexChunk.objects.filter(file="meta.json").delete()

    _other_node(settings, tmp_path, "node-b")
    assert published.match_index_pull(version=version, into=index_path(version)) is False
    assert not index_path(version).exists()
    assert [p.name for p in (tmp_path / "node-b").iterdir()] == [published.PULL_LOCK]  # no half-copied folder


def test_off_nothing_is_published(settings):
    researcher_with_papers([BILEVEL], name="Olga Optimizer")
    assert match_index_rebuild_task.apply().get()["built"]
    assert not PublishedIndex.objects.exists()
