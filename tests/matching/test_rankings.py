"""The researcher page reuses the applicant's ranking: it scores the catalogue once per profile
and catalogue version, not on every view, and shows what a fresh ranking would."""
from datetime import date, timedelta

import pytest
from django.core.cache import cache as django_cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from redis.exceptions import TimeoutError as RedisTimeoutError

from matching.applicant import applicant_query
from matching.catalogue import match_index_current, match_index_rebuild
from matching.ranking import ApplicantQuery
from matching.rankings import RankingCache, rankings
from tests.factories.matching import ApplicantProfileFactory, researcher_with_papers

pytestmark = pytest.mark.django_db


def signed_in(profile, *, days_ago: int):
    """The applicant last signed in this many days ago."""
    profile.user.last_login = timezone.now() - timedelta(days=days_ago)
    profile.user.save(update_fields=["last_login"])
    return profile


def test_a_ranking_is_made_once_per_profile_and_catalogue_version(rank_calls):
    olga = researcher_with_papers([("Bilevel optimization for data mixing", "Hypergradients.", date(2026, 1, 5))],
                                  name="Olga Optimizer", slug="olga")
    researcher_with_papers([("Data mixing for speech", "Mixing speech.", date(2019, 1, 1))], name="Bruno Mixer")
    profile = ApplicantProfileFactory(interests="bilevel optimization for data mixing", methods="hypergradient")
    client = Client()
    client.force_login(profile.user)

    assert client.get(reverse("matching:matches")).status_code == 200
    pages = [client.get(olga.get_absolute_url()) for _ in range(3)]
    assert len(rank_calls) == 1
    shown = pages[0].context["match"]  # rendered once; the next views show the same section
    why = [page.content.decode().split('id="why-match"')[1].split("</section>")[0] for page in pages]
    assert why[0] == why[1] == why[2] and "Bilevel optimization for data mixing" in why[0]
    fresh = match_index_current().rank(applicant_query(profile)).explain(olga.pk)
    assert shown.score == fresh.score and shown.rank == 0 and [r.title for r in shown.reasons] == [r.title for r in fresh.reasons]

    profile.interests = "speech data mixing"
    profile.save()
    client.get(olga.get_absolute_url())
    assert len(rank_calls) == 3  # the check above ranked once itself; the new profile once more

    researcher_with_papers([("Optimization of mixtures", "Bilevel.", date(2026, 2, 1))], name="Nina New")
    client.get(olga.get_absolute_url())
    assert len(rank_calls) == 4  # a new catalogue version: a new index, ranked again


def test_kept_rankings_stay_within_their_memory_budget(settings, rank_calls):
    """A worker keeps as many rankings as fit its megabytes, the least recently used dropped
    first, so its memory does not grow with the catalogue times the number of applicants."""
    researcher_with_papers([("Bilevel optimization", "Hypergradients.", date(2026, 1, 5))], name="Olga Optimizer")
    index = match_index_current()
    one = index.rank(ApplicantQuery(interests="probe")).nbytes
    settings.MATCH_RANKING_CACHE_SIZE = 100
    settings.MATCH_RANKING_CACHE_MB = 2.5 * one / 1e6  # room for two
    cache = RankingCache()
    for interests in ("bilevel", "optimization", "hypergradients"):
        cache.get_or_rank(index, ApplicantQuery(interests=interests))
    assert len(cache.rankings) == 2 and cache.nbytes <= settings.MATCH_RANKING_CACHE_MB * 1e6
    calls = len(rank_calls)
    cache.get_or_rank(index, ApplicantQuery(interests="hypergradients"))  # kept: not ranked again
    django_cache.clear()  # (the shared level would hand the dropped one back: this is the process's)
    cache.get_or_rank(index, ApplicantQuery(interests="bilevel"))  # dropped first: ranked again
    assert len(rank_calls) == calls + 1


def test_another_worker_reads_the_ranking_instead_of_scoring_the_catalogue_again(rank_calls):
    """Two gunicorn workers (two processes' rankings) serving one applicant: the second shows
    what the first computed, the same order, scores and reasons, without ranking again."""
    olga = researcher_with_papers([("Bilevel optimization for data mixing", "Hypergradients.", date(2026, 1, 5))],
                                  name="Olga Optimizer")
    bruno = researcher_with_papers([("Data mixing for speech", "Mixing speech.", date(2019, 1, 1))],
                                   name="Bruno Mixer")
    index = match_index_current()
    query = ApplicantQuery(interests="bilevel optimization data mixing", methods="hypergradient")
    first = RankingCache().get_or_rank(index, query)
    second = RankingCache().get_or_rank(index, query)
    assert len(rank_calls) == 1 and second is not first
    assert second.researcher_ids() == first.researcher_ids() == [olga.pk, bruno.pk]
    for researcher in (olga, bruno):
        assert second.explain(researcher.pk) == first.explain(researcher.pk)  # score, axes, reasons, all of it
        assert second.explain(researcher.pk).reasons
    assert second.not_covered() == first.not_covered()

    # Another applicant's query, or a catalogue change (a new index), is ranked afresh.
    RankingCache().get_or_rank(index, ApplicantQuery(interests="speech"))
    researcher_with_papers([("Optimization of mixtures", "Bilevel.", date(2026, 2, 1))], name="Nina New")
    newer = RankingCache().get_or_rank(match_index_current(), query)
    assert len(rank_calls) == 3 and len(newer) == 3


def test_a_shared_cache_that_is_down_leaves_each_worker_scoring_its_own(rank_calls, monkeypatch):
    from redis.exceptions import ConnectionError as RedisConnectionError

    researcher_with_papers([("Bilevel optimization", "Hypergradients.", date(2026, 1, 5))], name="Olga Optimizer")
    index = match_index_current()

    def down(*args, **kwargs):
        raise RedisConnectionError("connection refused")

    monkeypatch.setattr(django_cache, "get", down)
    monkeypatch.setattr(django_cache, "set", down)
    query = ApplicantQuery(interests="bilevel optimization")
    rankings = [RankingCache().get_or_rank(index, query) for _ in range(2)]
    assert len(rank_calls) == 2 and rankings[0].researcher_ids() == rankings[1].researcher_ids() != []


def test_after_a_rebuild_the_worker_ranks_recent_applicants_so_their_next_page_scores_nothing(rank_calls):
    """Every ranking was keyed by the old index: the worker that builds the new one ranks the
    applicants who signed in lately (not those away for weeks, nor an empty profile), and an
    applicant's next /matches/ reads theirs from the shared cache instead of scoring."""
    researcher_with_papers([("Bilevel optimization for data mixing", "Hypergradients.", date(2026, 1, 5))],
                           name="Olga Optimizer", slug="olga")
    recent = signed_in(ApplicantProfileFactory(interests="bilevel optimization for data mixing"), days_ago=1)
    signed_in(ApplicantProfileFactory(interests="speech recognition"), days_ago=60)  # away
    signed_in(ApplicantProfileFactory(interests=""), days_ago=1)  # nothing to rank
    researcher_with_papers([("Data mixing for speech", "Mixing speech.", date(2019, 1, 1))], name="Bruno Mixer")

    result = match_index_rebuild()  # what the worker runs after the change

    assert result["built"] and result["rankings_warmed"] == 1
    assert rank_calls == [applicant_query(recent).interests]
    rankings.clear()  # a web process that has not ranked anyone yet
    client = Client()
    client.force_login(recent.user)
    page = client.get(reverse("matching:matches"))
    assert page.status_code == 200 and "Olga Optimizer" in page.content.decode()
    assert len(rank_calls) == 1  # read back, not scored again


def test_a_stalled_shared_cache_leaves_the_rebuild_done_and_ranks_nobody(rank_calls, monkeypatch):
    """The worker's ranking after a rebuild needs the shared cache: when it times out, the new
    index is still built and the worker stops ranking at once (each page ranks its own)."""
    researcher_with_papers([("Bilevel optimization", "Hypergradients.", date(2026, 1, 5))], name="Olga Optimizer")
    for _ in range(3):
        signed_in(ApplicantProfileFactory(interests="bilevel optimization"), days_ago=1)

    def stalled(*args, **kwargs):
        raise RedisTimeoutError("Timeout reading from socket")

    monkeypatch.setattr(django_cache, "has_key", stalled)
    result = match_index_rebuild()
    assert result["built"] and result["rankings_warmed"] == 0 and rank_calls == []
