"""The HTTP client every source request goes through: politeness, retries, validators."""
import httpx
import pytest
import respx

from profiles.sources import RateLimiter, SourceClient, SourceRefused, SourceUnreachable
from profiles.sources.fetching import retry_after_seconds
from tests.fixtures.sources import source_bytes

AUTHOR_URL = "https://api.openalex.org/authors/A5017898742"


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(round(seconds, 3))
        self.now += seconds


def test_arxiv_gets_one_request_every_three_seconds():
    clock = FakeClock()
    limiter = RateLimiter({"arxiv": 3.0, "openalex": 0.1}, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        limiter.wait("arxiv")
    limiter.wait("openalex")  # another service has its own clock
    assert clock.slept == [3.0, 3.0]
    assert limiter.waited == pytest.approx(6.0)


@respx.mock
def test_every_request_says_who_we_are():
    route = respx.get(AUTHOR_URL).mock(return_value=httpx.Response(200, content=b"{}"))
    with SourceClient() as client:
        client.get("openalex", AUTHOR_URL)
    assert "curator@example.org" in route.calls.last.request.headers["User-Agent"]


@respx.mock
def test_429_is_retried_after_the_time_the_service_asks():
    body = source_bytes("openalex_author_joseph_mearman.json")
    route = respx.get(AUTHOR_URL).mock(side_effect=[
        httpx.Response(429, headers={"Retry-After": "2"}),
        httpx.Response(200, content=body, headers={"ETag": 'W/"abc"'}),
    ])
    clock = FakeClock()
    limiter = RateLimiter({"openalex": 0.0}, clock=clock, sleep=clock.sleep)
    with SourceClient(limiter=limiter) as client:
        fetched = client.get("openalex", AUTHOR_URL)
    assert route.call_count == 2
    assert clock.slept == [2.0]  # waited exactly what Retry-After said
    assert fetched.body == body and fetched.etag == 'W/"abc"'


@respx.mock
def test_server_errors_are_retried_then_reported_as_unreachable():
    route = respx.get(AUTHOR_URL).mock(return_value=httpx.Response(503))
    with SourceClient() as client, pytest.raises(SourceUnreachable) as failed:
        client.get("openalex", AUTHOR_URL)
    assert route.call_count == 3  # the first try and SOURCES_MAX_RETRIES=2 more
    assert "api.openalex.org answered 503 3 times" in failed.value.message


@respx.mock
def test_a_long_retry_after_is_not_waited_out(settings):
    settings.SOURCES_MAX_RETRY_WAIT_SECONDS = 5
    respx.get(AUTHOR_URL).mock(return_value=httpx.Response(429, headers={"Retry-After": "3600"}))
    with SourceClient() as client, pytest.raises(SourceUnreachable) as failed:
        client.get("openalex", AUTHOR_URL)
    assert failed.value.retry_after == 3600 and "wait 3600 s" in failed.value.message


@respx.mock
def test_conditional_request_sends_validators_and_304_is_not_modified():
    route = respx.get(AUTHOR_URL).mock(return_value=httpx.Response(304))
    with SourceClient() as client:
        fetched = client.get("openalex", AUTHOR_URL, etag='"v1"', last_modified="Tue, 01 Apr 2025 00:00:00 GMT")
    sent = route.calls.last.request.headers
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"].startswith("Tue, 01 Apr 2025")
    assert fetched.not_modified and fetched.body == b""


@respx.mock
def test_unknown_id_is_refused_not_retried():
    route = respx.get(AUTHOR_URL).mock(return_value=httpx.Response(404))
    with SourceClient() as client, pytest.raises(SourceRefused) as refused:
        client.get("openalex", AUTHOR_URL)
    assert route.call_count == 1 and "no such record" in refused.value.message


@respx.mock
def test_an_unreachable_service_is_not_tried_again_in_the_same_run():
    route = respx.get(host="api.openalex.org").mock(
        side_effect=httpx.ConnectError("[Errno -3] Temporary failure in name resolution"))
    with SourceClient() as client:
        for _ in range(2):
            with pytest.raises(SourceUnreachable) as failed:
                client.get("openalex", AUTHOR_URL)
    assert route.call_count == 1
    assert failed.value.message == ("could not reach api.openalex.org: the name could not be resolved "
                                    "(no network?)")


def test_retry_after_as_http_date_or_seconds():
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: go now
    assert retry_after_seconds("soon") is None


@respx.mock
def test_a_timeout_is_retried_then_reported():
    route = respx.get(AUTHOR_URL).mock(side_effect=httpx.ReadTimeout("timed out"))
    with SourceClient() as client, pytest.raises(SourceUnreachable) as failed:
        client.get("openalex", AUTHOR_URL)
    assert route.call_count == 3
    assert failed.value.message == "could not reach api.openalex.org: no answer in time"


@respx.mock
def test_a_503_with_retry_after_is_waited_out_then_succeeds():
    route = respx.get(AUTHOR_URL).mock(side_effect=[
        httpx.Response(503, headers={"Retry-After": "1"}), httpx.Response(200, content=b"{}")])
    clock = FakeClock()
    with SourceClient(limiter=RateLimiter({"openalex": 0.0}, clock=clock, sleep=clock.sleep)) as client:
        assert client.get("openalex", AUTHOR_URL).status == 200
    assert route.call_count == 2 and clock.slept == [1.0]
