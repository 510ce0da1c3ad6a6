"""A Redis broker that stops answering (paused, swapping, cut off by a partition: stalled, not
down) held every request that queued work for as long as it stayed so. kombu waited for Redis's
reply with no timeout, so "draft all", a curator's upload or a department import never answered
(and a sign-in or a saved profile, when the cache is another Redis), each holding a gunicorn
worker until the site had none left. A send now gives up within a few seconds, as with a broker
that is down; the page says the work was saved; and once Redis answers, sending works as
before.

Redis here is a real redis-server of the test's own (``own_redis``), stalled with SIGSTOP and
resumed with SIGCONT; the broker settings are the ones config/settings.py makes for REDIS_URL."""
import json
import logging
import signal
import threading
import time
from contextlib import contextmanager

import pytest
import redis
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerError

from matching.catalogue import match_index_rebuild_task
from tests.config.production import production_settings
from tests.worker import Broker, _producer_on

# Generous against BROKER_SOCKET_TIMEOUT (2 s, tried twice): what matters is that it ends.
GIVES_UP_WITHIN = 10.0
QUEUE = "celery"  # Celery's default queue: a Redis list of that name


@pytest.fixture
def stalling_broker(own_redis):
    """The test process sends its tasks to the test's own Redis, with production's settings."""
    process, url = own_redis
    options = production_settings("CELERY_BROKER_TRANSPORT_OPTIONS", redis_url=url)["CELERY_BROKER_TRANSPORT_OPTIONS"]
    with _producer_on(Broker("redis", url, options)):
        yield process, redis.Redis.from_url(url)


@contextmanager
def stalled(server):
    """Redis stalled for the block; resumed after twice the allowed wait at the latest, so a send
    that would wait forever fails the test instead of hanging it."""
    server.send_signal(signal.SIGSTOP)
    watchdog = threading.Timer(2 * GIVES_UP_WITHIN, server.send_signal, args=(signal.SIGCONT,))
    watchdog.start()
    try:
        yield
    finally:
        watchdog.cancel()
        server.send_signal(signal.SIGCONT)


def test_the_production_broker_waits_seconds_for_redis_not_forever():
    options = production_settings("CELERY_BROKER_TRANSPORT_OPTIONS")["CELERY_BROKER_TRANSPORT_OPTIONS"]
    assert 0 < options["socket_timeout"] <= 5 and 0 < options["socket_connect_timeout"] <= 5


def test_a_send_to_a_stalled_broker_gives_up_within_seconds_and_works_once_it_answers(stalling_broker, caplog):
    server, queue = stalling_broker
    match_index_rebuild_task.send_or_warn(countdown=60)
    assert queue.llen(QUEUE) == 1

    with stalled(server):
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="config.tasks"):
            match_index_rebuild_task.send_or_warn(countdown=60)  # logged, not raised
        warned_after = time.monotonic() - started
        started = time.monotonic()
        with pytest.raises(BrokerError):
            match_index_rebuild_task.apply_async(countdown=60)  # what enqueue_on_commit sends
        raised_after = time.monotonic() - started

    assert warned_after < GIVES_UP_WITHIN and raised_after < GIVES_UP_WITHIN, (warned_after, raised_after)
    assert "match_index_rebuild_task not queued" in caplog.text
    # A send given up may still arrive: Redis reads what was written to it before it stalled.
    # (Every task is safe to run twice.) Once that is in, a new send lands as before.
    before = _settled_length(queue)
    match_index_rebuild_task.send_or_warn(countdown=60)
    assert queue.llen(QUEUE) == before + 1


def _settled_length(queue) -> int:
    length, deadline = queue.llen(QUEUE), time.monotonic() + 5
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if queue.llen(QUEUE) == length:
            return length
        length = queue.llen(QUEUE)
    return length


@pytest.mark.django_db(transaction=True)  # committed, so the sign-in's on-commit send runs in the request
def test_signing_in_while_the_broker_is_stalled_answers_within_seconds(stalling_broker, settings):
    server, _ = stalling_broker
    settings.MATCH_RANKING_WARM_MAX = 100  # a sign-in asks the worker to rank the applicant
    get_user_model().objects.create_user(username="ada", password="a long enough password 42")
    browser = Client()
    with stalled(server):
        started = time.monotonic()
        response = browser.post(reverse("login"), {"username": "ada", "password": "a long enough password 42"})
        elapsed = time.monotonic() - started
    assert response.status_code == 302, response.content[:500]
    assert elapsed < GIVES_UP_WITHIN, f"signing in took {elapsed:.1f} s with the broker stalled"
    assert browser.get(reverse("applicants:profile")).status_code == 200  # signed in


@pytest.mark.django_db(transaction=True)
def test_drafting_all_while_redis_is_stalled_says_it_was_saved_not_to_send_it_again(
        stalling_broker, own_redis, settings, applicant, researcher):
    """The job is committed before its task is sent: the answer must not be the 500 page's "may
    not have been saved, try again", since a second job drafts every email again."""
    from outreach.models import BulkDraftJob
    from tests.factories.outreach import entry_for

    server, _ = stalling_broker
    settings.CACHES = production_settings("CACHES", redis_url=own_redis[1])["CACHES"]  # one Redis, as deployed
    entry_for(applicant, researcher, personal_hook="h")
    browser = Client(raise_request_exception=False)
    browser.force_login(applicant)
    with stalled(server):
        started = time.monotonic()
        response = browser.post(reverse("outreach:bulk_new"), {"status": "considering", "template": "default:first_contact"})
        elapsed = time.monotonic() - started
    assert elapsed < GIVES_UP_WITHIN, f"the request took {elapsed:.1f} s with Redis stalled"
    page = response.content.decode()
    assert response.status_code == 503 and "Saved, but not started yet" in page and "do not send it again" in page
    assert "may not have been saved" not in page
    assert BulkDraftJob.objects.filter(user=applicant).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_background_department_import_with_redis_stalled_says_it_was_saved_not_to_run_it_again(
        stalling_broker, fake_openalex):
    """``add_department --background`` ended in kombu's traceback, and a curator who ran it again
    got a second job importing the same people."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from profiles.models import DepartmentImport
    from tests.fixtures.sources import SOURCES_DIR

    server, _ = stalling_broker
    page = str(SOURCES_DIR / "openalex_bangor" / "bangor_cs_people.txt")
    with stalled(server), pytest.raises(CommandError) as refused:
        call_command("add_department", page, "--institution", "Bangor University", "--background")
    message = str(refused.value)
    assert message.startswith(f"{page}: the department import was saved, but the task queue did not take it")
    assert "Do not run this again" in message and "Traceback" not in message
    job = DepartmentImport.objects.get()
    assert job.status == "queued" and job.members.count() == 5


@pytest.mark.django_db(transaction=True)
def test_work_whose_send_failed_while_redis_was_stalled_is_sent_once_redis_answers(stalling_broker, fake_openalex):
    """The worker's connection may outlive a stall, so its re-send on reconnecting never runs:
    the job stayed queued with no message for any worker. The failed send is noted in the
    database, and beat's periodic task sends the queued work once Redis answers."""
    from django.conf import settings

    from profiles.models import DepartmentImport, UnsentWork
    from profiles.services import department_enqueue, unsent_work_resend
    from tests.profiles.sources.test_departments import PAGE, bangor_page

    server, queue = stalling_broker
    with stalled(server):
        with pytest.raises(BrokerError):
            department_enqueue(raw=PAGE, directory=bangor_page(), institution_name="Bangor University")
        assert list(UnsentWork.objects.values_list("task", flat=True)) == ["profiles.tasks.department_import_task"]
        started = time.monotonic()
        with pytest.raises(BrokerError):  # still stalled: the next tick tries again
            unsent_work_resend()
        assert time.monotonic() - started < GIVES_UP_WITHIN and UnsentWork.objects.count() == 1
    job = DepartmentImport.objects.get()
    before = _settled_length(queue)  # what Redis read before it stalled may still arrive
    assert unsent_work_resend() == 1
    assert UnsentWork.objects.count() == 0 and queue.llen(QUEUE) == before + 1
    sent = json.loads(queue.lindex(QUEUE, 0))["headers"]
    assert (sent["task"], sent["argsrepr"]) == ("profiles.tasks.department_import_task", f"({job.pk},)")
    assert unsent_work_resend() == 0  # nothing failed since: nothing sent twice
    every = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert every["profiles.tasks.lost_work_resend_task"] <= 60


@pytest.mark.django_db
def test_an_htmx_request_gets_the_same_words_in_its_swap(rf, applicant):
    """htmx swaps only 2xx answers: the message comes as a 200 fragment."""
    from config.queue_errors import QueueUnreachableMiddleware

    request = rf.post("/sources/add/")
    request.user, request.htmx = applicant, True
    response = QueueUnreachableMiddleware(lambda r: None).process_exception(request, BrokerError("Timeout reading from socket"))
    page = response.content.decode()
    assert response.status_code == 200 and "Saved, but not started yet" in page and "<html" not in page
    assert QueueUnreachableMiddleware(lambda r: None).process_exception(request, ValueError("a bug")) is None
