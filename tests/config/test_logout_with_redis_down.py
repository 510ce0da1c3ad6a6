"""Signing out ends the session even while Redis fails (audit finding L). Sessions were read from
a copy in Redis: a sign-out that could not delete that copy left it there, and once Redis
answered again the old cookie signed its holder back in. Sessions now live in the database
only, where a sign-out always deletes them.

Redis here is a real redis-server of the test's own (``own_redis``, tests/config/conftest.py),
stalled with SIGSTOP and resumed with SIGCONT with its data intact (as after a network partition
heals)."""
import signal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.config.production import production_settings
from tests.factories.outreach import UserFactory


@pytest.fixture
def production_sessions(settings, own_redis):
    """The cache and session engine settings.py makes for REDIS_URL, on the test's own Redis."""
    process, url = own_redis
    made = production_settings("CACHES", "SESSION_ENGINE", redis_url=url)
    settings.CACHES = made["CACHES"]
    settings.SESSION_ENGINE = made["SESSION_ENGINE"]
    # Another process, which never saw Redis fail, serves the next request: no pause here.
    settings.CACHE_RETRY_SECONDS = 0
    yield process
    cache.close()


@pytest.mark.django_db
def test_a_sign_out_while_redis_is_stalled_ends_the_session_for_good(production_sessions):
    redis_server = production_sessions
    user = UserFactory(username="ada")
    browser = Client()
    browser.force_login(user)
    private = reverse("accounts_data:data")
    assert browser.get(private).status_code == 200
    stolen = browser.cookies["sessionid"].value

    redis_server.send_signal(signal.SIGSTOP)
    try:
        response = browser.post(reverse("logout"))
        assert response.status_code == 302
    finally:
        redis_server.send_signal(signal.SIGCONT)

    thief = Client()
    thief.cookies["sessionid"] = stolen
    response = thief.get(private)
    assert response.status_code == 302 and reverse("login") in response["Location"]
