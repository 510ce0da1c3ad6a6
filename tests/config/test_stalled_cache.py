"""A Redis that accepts connections and never answers (stalled, not down) costs a page well under
a second (audit Info finding): every cache call waited redis-py's default of 5 s, so a directory
page took 15 s. The cache's socket timeouts are a few hundred milliseconds, and after one
timeout a process stops asking for a few seconds instead of waiting on every call.

The stalled server is a real TCP socket on this machine that accepts and never replies."""
import socket
import threading
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from shortlist.services import entry_save
from tests.config.production import production_settings


@pytest.fixture
def stalled_redis():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.05)
    held, stop = [], threading.Event()

    def accept_and_stay_silent():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            held.append(connection)  # read nothing, answer nothing, keep it open

    thread = threading.Thread(target=accept_and_stay_silent, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join(timeout=2)
    for connection in held:
        connection.close()
    server.close()


@pytest.fixture
def cache_on(settings, stalled_redis):
    """The cache as settings.py makes it for REDIS_URL, pointed at the stalled server."""
    settings.CACHES = {"default": {**_production_cache(), "LOCATION": stalled_redis}}
    yield
    cache.close()


def _production_cache() -> dict:
    return production_settings("CACHES")["CACHES"]["default"]


def test_the_production_cache_waits_a_few_hundred_milliseconds_at_most():
    options = _production_cache()["OPTIONS"]
    assert 0 < options["socket_connect_timeout"] <= 0.5 and 0 < options["socket_timeout"] <= 0.5


@pytest.mark.django_db
def test_a_stalled_redis_costs_each_page_well_under_a_second(client, cache_on, researcher, applicant):
    entry_save(user=applicant, researcher=researcher)
    pages = [reverse("profiles:directory"), reverse("profiles:directory") + "?q=sparse", researcher.get_absolute_url()]
    for signed_in in (False, True):
        if signed_in:
            client.force_login(applicant)
            pages += [reverse("shortlist:list"), reverse("matching:matches")]
        for url in pages:
            started = time.monotonic()
            response = client.get(url)
            elapsed = time.monotonic() - started
            assert response.status_code == 200, url
            assert "Chidi Okafor" in response.content.decode(), url
            assert elapsed < 1.0, f"{url} took {elapsed:.2f} s with Redis stalled"
