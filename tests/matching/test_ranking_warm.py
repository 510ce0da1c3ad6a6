"""An applicant's ranking is made on the worker when they sign in or save their profile, so the
page they open next reads it from the shared cache instead of scoring the whole catalogue in
the request (the slowest thing a page does)."""
import threading
from datetime import date

import pytest
from django.core.cache import cache as django_cache
from django.test import Client
from django.db import transaction
from django.urls import reverse
from redis.exceptions import TimeoutError as RedisTimeoutError

import matching.applicant as matching_applicant
from applicants.models import ApplicantProfile
from matching.applicant import applicant_query, ranking_warm, ranking_warm_task
from matching.catalogue import match_index_current
from matching.rankings import ranking_shared_has, rankings
from matching.subscribers import PROFILE_SAVED_WARM_DELAY
from tests.factories.matching import ApplicantProfileFactory, UserFactory, researcher_with_papers
from tests.worker import wait_until

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


@pytest.fixture
def sent(monkeypatch):
    """The warm-ups handed to the broker, as (user id, countdown)."""
    handed = []
    monkeypatch.setattr(ranking_warm_task, "apply_async",
                        lambda args, kwargs, **options: handed.append((kwargs["user_id"], options.get("countdown"))))
    return handed


def catalogue():
    return researcher_with_papers([("Bilevel optimization for data mixing", "Hypergradients for mixtures.",
                                    date(2026, 1, 5))], name="Olga Optimizer")


def shared(profile) -> bool:
    profile.refresh_from_db()
    return ranking_shared_has(match_index_current(), applicant_query(profile))


@pytest.mark.broker
def test_signing_in_has_the_worker_rank_the_applicant_so_their_matches_score_nothing(celery_worker, rank_calls):
    catalogue()
    # Saved without signals (as a profile from before this release): only the sign-in can warm it.
    user = UserFactory(username="returning")
    profile, = ApplicantProfile.objects.bulk_create([ApplicantProfile(
        user=user, interests="bilevel optimization for data mixing")])
    client = Client()

    signed_in = client.post(reverse("login"), {"username": profile.user.username, "password": PASSWORD})

    assert signed_in.status_code == 302  # the sign-in itself does not wait for the ranking
    wait_until(lambda: shared(profile), timeout=60, what="the worker to rank the applicant who signed in")
    assert rank_calls == [applicant_query(profile).interests]  # ranked once, on the worker
    rankings.clear()  # a web process that has ranked nobody
    page = client.get(reverse("matching:matches"))
    assert page.status_code == 200 and "Olga Optimizer" in page.content.decode()
    assert len(rank_calls) == 1  # read back, not scored again in the request


@pytest.mark.broker
def test_saving_new_interests_has_the_worker_rank_them_before_the_next_page(celery_worker, rank_calls):
    catalogue()
    researcher_with_papers([("Speech recognition with data mixing", "Acoustic models.", date(2025, 3, 1))],
                           name="Sven Speech")
    profile = ApplicantProfileFactory(interests="bilevel optimization for data mixing")
    client = Client()
    client.force_login(profile.user)  # (force_login sends the sign-in signal too)
    wait_until(lambda: shared(profile), timeout=60, what="the worker to rank the applicant")

    saved = client.post(reverse("applicants:profile"), {"interests": "speech recognition", "methods": ""})

    assert saved.status_code == 302
    wait_until(lambda: shared(profile), timeout=60, what="the worker to rank the saved interests")
    assert applicant_query(profile).interests.startswith("speech recognition")
    calls = len(rank_calls)
    rankings.clear()
    page = client.get(reverse("matching:matches")).content.decode()
    assert "Sven Speech" in page and "Olga Optimizer" not in page  # what the new interests find
    assert len(rank_calls) == calls


@pytest.mark.broker
def test_a_new_applicants_first_profile_is_ranked_once_by_the_matches_page_it_leads_to(
        celery_worker, rank_calls, monkeypatch):
    """The first-run form goes straight to /matches/, which ranks in the request: the worker,
    asked when the profile was saved, finds that ranking shared instead of scoring the catalogue
    again. (Held until the page is served: on a loaded machine the request can outlast the save's
    delay, which only makes the two meet less often; the test below checks the delay.)"""
    catalogue()
    user = UserFactory(username="newcomer")
    client = Client()
    client.force_login(user)  # no profile yet: nothing to rank
    page_served = threading.Event()
    worker_ran = []
    real_warm = matching_applicant.ranking_warm

    def held_warm(*, user_id):
        page_served.wait(60)
        worker_ran.append(real_warm(user_id=user_id))
        return worker_ran[-1]

    monkeypatch.setattr(matching_applicant, "ranking_warm", held_warm)

    saved = client.post(reverse("applicants:profile"), {"interests": "bilevel optimization", "first_run": "1"})
    page = client.get(saved["Location"])
    page_served.set()

    assert "Olga Optimizer" in page.content.decode() and len(rank_calls) == 1
    wait_until(lambda: worker_ran, timeout=60,
               what="the worker to take the ranking asked for when the profile was saved")
    assert worker_ran == [False] and len(rank_calls) == 1  # found shared: not scored again


@pytest.mark.django_db
def test_a_sign_in_is_ranked_at_once_and_a_saved_profile_a_moment_later(django_capture_on_commit_callbacks, sent):
    """A moment is what the first-run form's /matches/ needs to rank the new profile itself, so
    the worker does not score the same catalogue beside it (the test above sees the outcome)."""
    user = UserFactory(username="timing")
    with django_capture_on_commit_callbacks(execute=True):
        Client().force_login(user)
    ranking_warm(user_id=user.pk)  # the worker took that one (nothing to rank yet)
    with django_capture_on_commit_callbacks(execute=True):
        ApplicantProfileFactory(user=user, interests="bilevel optimization")
    assert sent == [(user.pk, None), (user.pk, PROFILE_SAVED_WARM_DELAY)]
    assert PROFILE_SAVED_WARM_DELAY >= 1


@pytest.mark.django_db
def test_nobody_is_ranked_without_interests_an_active_account_or_when_ranked_already(rank_calls):
    catalogue()
    empty = ApplicantProfileFactory(interests="")
    gone = ApplicantProfileFactory(interests="bilevel optimization")
    gone.user.is_active = False
    gone.user.save()
    ranked = ApplicantProfileFactory(interests="data mixing")

    assert ranking_warm(user_id=empty.user_id) is False
    assert ranking_warm(user_id=gone.user_id) is False
    assert ranking_warm(user_id=10**9) is False  # no such user (deleted before the worker ran)
    assert ranking_warm(user_id=ranked.user_id) is True
    assert ranking_warm(user_id=ranked.user_id) is False  # shared already: not made again
    assert rank_calls == [applicant_query(ranked).interests]


@pytest.mark.django_db
def test_a_stalled_shared_cache_leaves_the_applicant_unranked_and_their_page_working(rank_calls, monkeypatch):
    catalogue()
    profile = ApplicantProfileFactory(interests="bilevel optimization")

    def stalled(*args, **kwargs):
        raise RedisTimeoutError("Timeout reading from socket")

    monkeypatch.setattr(django_cache, "has_key", stalled)
    assert ranking_warm(user_id=profile.user_id) is False and rank_calls == []
    monkeypatch.undo()
    client = Client()
    client.force_login(profile.user)
    assert "Olga Optimizer" in client.get(reverse("matching:matches")).content.decode()


@pytest.mark.django_db
def test_one_ranking_waits_per_applicant_however_often_they_save(django_capture_on_commit_callbacks, rank_calls,
                                                                 sent):
    """Saving the profile over and over cannot fill the worker's queue: one waiting ranking reads
    the profile as it is when it runs; once the worker has taken it, the next save asks again."""
    catalogue()
    with django_capture_on_commit_callbacks(execute=True):
        profile = ApplicantProfileFactory(interests="bilevel optimization")  # asks for one
    assert len(sent) == 1
    with django_capture_on_commit_callbacks(execute=True):
        Client().force_login(profile.user)
    for interests in ("data mixing", "hypergradients", "bilevel optimization for data mixing"):
        with django_capture_on_commit_callbacks(execute=True):
            profile.interests = interests
            profile.save()
    assert len(sent) == 1  # that one is still waiting

    assert ranking_warm(user_id=profile.user_id) is True  # the worker takes it: the last save's
    assert rank_calls == [applicant_query(profile).interests]
    with django_capture_on_commit_callbacks(execute=True):
        profile.save()
    assert len(sent) == 2


@pytest.mark.django_db
def test_a_ranking_taken_while_a_save_commits_is_followed_by_another(django_capture_on_commit_callbacks, sent):
    """The waiting ranking may start after a save but before its commit, and read the profile as
    it was: whether another is needed is asked once the save has committed."""
    with django_capture_on_commit_callbacks(execute=True):
        profile = ApplicantProfileFactory(interests="bilevel optimization")
    assert len(sent) == 1
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            profile.interests = "speech recognition"
            profile.save()
            ranking_warm(user_id=profile.user_id)  # the worker takes the waiting one meanwhile
    assert sent == [(profile.user_id, PROFILE_SAVED_WARM_DELAY)] * 2  # the save's own, after its commit


@pytest.mark.django_db
def test_with_warming_off_a_sign_in_or_a_saved_profile_queues_nothing(settings, django_capture_on_commit_callbacks,
                                                                       sent):
    settings.MATCH_RANKING_WARM_MAX = 0
    with django_capture_on_commit_callbacks(execute=True):
        profile = ApplicantProfileFactory(interests="bilevel optimization")
        Client().force_login(profile.user)
        profile.save()
    assert sent == []


@pytest.mark.django_db
def test_signing_in_while_the_shared_cache_is_down_works_and_queues_nothing(
        django_capture_on_commit_callbacks, monkeypatch, caplog, sent):
    profile = ApplicantProfileFactory(interests="bilevel optimization")
    monkeypatch.setattr(django_cache, "add", lambda *a, **k: (_ for _ in ()).throw(RedisTimeoutError("Timeout")))
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in = client.post(reverse("login"), {"username": profile.user.username, "password": PASSWORD})
    assert signed_in.status_code == 302 and sent == []
    assert "Ranking not warmed: the shared cache is unreachable" in caplog.text
