"""The index of the live catalogue: hidden and merged records stay out, changes are seen, and
the background rebuild leaves an index other processes load."""
from datetime import date

import pytest
from django.db import transaction

from matching.applicant import match_explain_for
from matching.catalogue import (
    catalogue_version,
    index_path,
    match_index_current,
    match_index_invalidate,
)
from matching.ranking import ApplicantQuery
from matching.catalogue import match_index_rebuild_task
from profiles.services import paper_set_hidden, researcher_merge, researcher_set_hidden
from tests.factories.matching import ApplicantProfileFactory, researcher_with_papers

pytestmark = pytest.mark.django_db

BILEVEL = ("Bilevel optimization for data mixing", "Bilevel optimization chooses data mixing weights.",
           date(2026, 1, 5))


def ranked_names(interests="bilevel optimization data mixing"):
    ranking = match_index_current().rank(ApplicantQuery(interests=interests))
    return [m.name for m in ranking.top(20)]


def test_hidden_researchers_and_papers_never_appear():
    olga = researcher_with_papers([BILEVEL], name="Olga Optimizer")
    hidden = researcher_with_papers([("Data mixing by bilevel optimization, again", "", date(2025, 1, 1))],
                                    name="Hannah Hidden")
    assert set(ranked_names()) == {"Olga Optimizer", "Hannah Hidden"}
    researcher_set_hidden(researcher=hidden, hidden=True)
    assert ranked_names() == ["Olga Optimizer"]
    paper_set_hidden(paper=olga.papers.get(), hidden=True)
    assert ranked_names() == []


def test_merged_away_researcher_is_gone_and_the_survivor_has_the_papers():
    source = researcher_with_papers([BILEVEL], name="O. Optimizer")
    target = researcher_with_papers([("Stochastic minimax games", "Minimax.", date(2024, 1, 1))],
                                    name="Olga Optimizer")
    assert ranked_names() == ["O. Optimizer"]
    researcher_merge(source=source, target=target)
    assert ranked_names() == ["Olga Optimizer"]
    match = match_index_current().rank(ApplicantQuery(interests="bilevel optimization")).explain(target.pk)
    assert match.reasons[0].title == BILEVEL[0]


def test_new_papers_change_the_scores_without_a_restart():
    researcher_with_papers([BILEVEL], name="Olga Optimizer")
    assert ranked_names("graph neural networks") == []
    researcher_with_papers([("Graph neural networks for molecules", "GNNs.", date(2026, 2, 1))], name="Gina Graph")
    assert ranked_names("graph neural networks") == ["Gina Graph"]


def test_background_rebuild_leaves_an_index_other_processes_load(settings):
    researcher_with_papers([BILEVEL], name="Olga Optimizer")
    first = match_index_rebuild_task.apply().get()
    assert first["built"] and index_path(first["version"]).exists()
    assert match_index_rebuild_task.apply().get()["built"] is False  # already current: nothing to do
    match_index_invalidate()  # as if another process: nothing cached here any more
    assert match_index_current().version == first["version"] == catalogue_version()
    assert ranked_names() == ["Olga Optimizer"]


def test_why_this_match_for_the_signed_in_applicant():
    olga = researcher_with_papers([BILEVEL], name="Olga Optimizer")
    profile = ApplicantProfileFactory(interests="bilevel optimization for data mixing")
    match = match_explain_for(user=profile.user, researcher=olga)
    assert match.score > 0 and match.rank == 0 and match.reasons[0].title == BILEVEL[0]


def test_no_match_without_a_profile_or_with_an_empty_one(django_user_model):
    olga = researcher_with_papers([BILEVEL], name="Olga Optimizer")
    user = django_user_model.objects.create_user("nobody")
    assert match_explain_for(user=user, researcher=olga) is None
    ApplicantProfileFactory(user=user, interests="")
    assert match_explain_for(user=user, researcher=olga) is None


def test_invalidate_queues_the_rebuild(settings, django_capture_on_commit_callbacks):
    from config.celery import app

    settings.MATCH_INDEX_REBUILD_IN_BACKGROUND = True
    settings.MATCH_INDEX_REBUILD_DELAY = 0
    researcher_with_papers([BILEVEL], name="Olga Optimizer")
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            match_index_invalidate()
    finally:
        app.conf.task_always_eager = False
    assert index_path(catalogue_version()).exists()


def test_large_catalogue_answers_from_the_last_index_without_what_was_hidden_since(settings):
    settings.MATCH_INDEX_SYNC_MAX_PAPERS = 0  # every catalogue counts as large here
    olga = researcher_with_papers([BILEVEL], name="Olga Optimizer")
    hidden = researcher_with_papers([("Data mixing by bilevel optimization, again", "", date(2025, 1, 1))],
                                    name="Hannah Hidden")
    first = match_index_current()  # nothing built yet: built on the spot
    assert set(ranked_names()) == {"Olga Optimizer", "Hannah Hidden"}
    researcher_set_hidden(researcher=hidden, hidden=True)
    paper_set_hidden(paper=olga.papers.get(), hidden=True)
    stale = match_index_current()
    # Not rebuilt in the request, but named for the version it stands in for (pages are cached
    # under it): not the older index's name.
    assert stale.p_vec is first.p_vec and stale.version != first.version
    assert stale.version.startswith(catalogue_version())
    assert ranked_names() == []
    assert stale.rank(ApplicantQuery(interests="bilevel optimization")).explain(hidden.pk) is None


def test_version_rises_with_each_catalogue_write_and_not_with_a_rolled_back_one():
    before = catalogue_version()
    olga = researcher_with_papers([BILEVEL], name="Olga Optimizer")
    after_import = catalogue_version()
    assert after_import != before
    with pytest.raises(RuntimeError), transaction.atomic():
        researcher_set_hidden(researcher=olga, hidden=True)
        raise RuntimeError("the curator's request failed half-way")
    assert catalogue_version() == after_import
    researcher_set_hidden(researcher=olga, hidden=True)
    assert catalogue_version() != after_import


def test_a_burst_of_catalogue_changes_queues_one_rebuild(settings, monkeypatch):
    from matching import catalogue

    settings.MATCH_INDEX_REBUILD_IN_BACKGROUND = True
    queued = []
    monkeypatch.setattr(catalogue.match_index_rebuild_task, "enqueue_on_commit_or_warn",
                        lambda *, countdown: queued.append(countdown))
    for _ in range(50):  # a bulk import: one change per capture
        match_index_invalidate()
    assert len(queued) == 1
    catalogue.match_index_rebuild()  # the worker takes it: the next change queues again
    match_index_invalidate()
    assert len(queued) == 2


def test_a_change_committed_while_the_shared_cache_is_down_does_not_fail(settings, monkeypatch, caplog):
    """The rebuild is queued after a catalogue change commits (a re-import task's): with Redis
    down, the task whose work is done must not fail on it; the next change queues the rebuild."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    from matching import catalogue

    settings.MATCH_INDEX_REBUILD_IN_BACKGROUND = True

    def refused(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(catalogue.cache, "add", refused)
    sent = []
    monkeypatch.setattr(catalogue.match_index_rebuild_task, "enqueue_on_commit_or_warn",
                        lambda **kw: sent.append(kw))
    catalogue.match_index_invalidate()
    assert sent == [] and "rebuild not queued" in caplog.text
