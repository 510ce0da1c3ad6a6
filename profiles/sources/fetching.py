"""Fetching from scholarly APIs politely: one httpx client, per-service rate limits,
conditional requests, retries that honour Retry-After, and errors a user can read.

Nothing here touches the database: a fetch returns the body exactly as received with the
headers that matter, and the services decide what to store.
"""
from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit

import httpx
from django.conf import settings


# Services move a page now and then (http to https, an old id to a new one); more is a loop.
MAX_REDIRECTS = 5


class SourceError(Exception):
    """A source that could not give us what we asked, in one line a user can act on."""

    def __init__(self, kind: str, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.retry_after = retry_after


class SourceUnreachable(SourceError):
    """No answer (no network, DNS, timeout, or the service kept failing): try again later."""


class SourceRefused(SourceError):
    """The service answered, but not with what we asked (unknown id, bad request)."""


@dataclass
class Fetched:
    """One response: its body byte for byte, and what a later conditional request needs."""

    url: str
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class RateLimiter:
    """At most one request per ``interval`` seconds to each service, in this process.

    Keeps the time spent waiting, so a run can report how much of it was politeness.
    """

    intervals: dict[str, float]
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    waited: float = 0.0
    _next_at: dict[str, float] = field(default_factory=dict)

    def wait(self, kind: str) -> None:
        now = self.clock()
        ready = self._next_at.get(kind, now)
        if ready > now:
            self.sleep(ready - now)
            self.waited += ready - now
            now = ready
        self._next_at[kind] = now + self.intervals.get(kind, 1.0)

    def hold(self, kind: str, seconds: float) -> None:
        """The service asked us to pause (Retry-After): no request to it before then."""
        self._next_at[kind] = max(self._next_at.get(kind, 0.0), self.clock() + seconds)


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _reason(error: httpx.TransportError) -> str:
    if isinstance(error, httpx.TimeoutException):
        return "no answer in time"
    text = str(error) or type(error).__name__
    if "name resolution" in text or "Name or service not known" in text or "nodename" in text:
        return "the name could not be resolved (no network?)"
    if "Connection refused" in text or "[Errno 111]" in text:
        return "the connection was refused"
    return text


class _RedirectedAway(Exception):
    def __init__(self, target: httpx.URL):
        super().__init__(str(target))
        self.target = target


def _stay_on_host(response: httpx.Response) -> None:
    """A redirect is followed only within the host the request went to (http to https allowed):
    a source sending us to another host would have us fetch, and store as a capture, whatever
    that host serves, local addresses included."""
    if not response.has_redirect_location:
        return
    origin = response.request.url
    target = origin.join(response.headers["Location"])
    same_port = target.port == origin.port or (target.scheme == "https" and target.port is None)
    if target.host != origin.host or not same_port:
        raise _RedirectedAway(target)


class SourceClient:
    """The one HTTP client every source request goes through."""

    def __init__(self, *, transport: httpx.BaseTransport | None = None,
                 limiter: RateLimiter | None = None, sleep=time.sleep):
        contact = settings.SOURCES_CONTACT_EMAIL
        agent = "AdvisorScout/1.0 (+self-hosted" + (f"; mailto:{contact}" if contact else "") + ")"
        self.http = httpx.Client(
            timeout=httpx.Timeout(settings.SOURCES_TIMEOUT_SECONDS),
            headers={"User-Agent": agent},
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            event_hooks={"response": [_stay_on_host]},
            transport=transport,
        )
        self.limiter = limiter or RateLimiter(dict(settings.SOURCES_MIN_INTERVALS), sleep=sleep)
        self.sleep = sleep
        self.requests = 0
        # A service that could not be reached once in a run is not tried again in that run:
        # offline, a thousand links would otherwise each wait out every retry.
        self._down: dict[str, SourceUnreachable] = {}

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SourceClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, kind: str, url: str, *, params: dict | None = None, headers: dict | None = None,
            etag: str = "", last_modified: str = "") -> Fetched:
        """GET ``url`` from the service ``kind``; a 304 comes back as ``not_modified``.

        Raises SourceUnreachable (retry later) or SourceRefused (the request itself is wrong).
        """
        host = urlsplit(url).netloc
        if host in self._down:
            raise self._down[host]
        headers = dict(headers or {})
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempts = settings.SOURCES_MAX_RETRIES + 1
        for attempt in range(attempts):
            self.limiter.wait(kind)
            self.requests += 1
            try:
                with self.http.stream("GET", url, params=params, headers=headers) as response:
                    body = self._read(kind, host, response) if response.status_code < 300 else b""
            except _RedirectedAway as away:
                raise SourceRefused(kind, f"{host} redirected the request to another host ({away.target.host}); "
                                    "only the source's own pages are read") from None
            except httpx.TooManyRedirects:
                raise SourceRefused(kind, f"{host} redirected too many times ({url}); check the link") from None
            except httpx.TransportError as error:
                reason = _reason(error)
                failure = SourceUnreachable(kind, f"could not reach {host}: {reason}")
                # A name that does not resolve means no network: retrying only delays the news.
                if attempt + 1 < attempts and "resolved" not in reason:
                    self._back_off(kind, attempt, None)
                    continue
                self._down[host] = failure
                raise failure from error
            except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
                # A malformed answer (bad encoding, a broken redirect) or address: nothing to retry.
                raise SourceRefused(kind, f"could not read the answer of {host} ({type(error).__name__}: {error})") from None
            if response.status_code == 429 or response.status_code >= 500:
                wait = retry_after_seconds(response.headers.get("Retry-After"))
                what = "asked us to slow down (429)" if response.status_code == 429 else f"answered {response.status_code}"
                if wait is not None and wait > settings.SOURCES_MAX_RETRY_WAIT_SECONDS:
                    self.limiter.hold(kind, wait)
                    raise SourceUnreachable(kind, f"{host} {what} and asks us to wait {wait:.0f} s",
                                            retry_after=wait)
                if attempt + 1 < attempts:
                    self._back_off(kind, attempt, wait)
                    continue
                raise SourceUnreachable(kind, f"{host} {what} {attempts} times", retry_after=wait)
            if response.status_code == 304:
                return Fetched(url=str(response.url), status=304,
                               etag=response.headers.get("ETag", etag),
                               last_modified=response.headers.get("Last-Modified", last_modified))
            if response.status_code == 404:
                raise SourceRefused(kind, f"{host} has no such record ({response.url})")
            if response.status_code >= 400:
                raise SourceRefused(kind, f"{host} refused the request ({response.status_code}) for {response.url}")
            return Fetched(url=str(response.url), status=response.status_code, body=body,
                           etag=response.headers.get("ETag", ""),
                           last_modified=response.headers.get("Last-Modified", ""))
        raise AssertionError("unreachable")  # the loop always returns or raises

    @staticmethod
    def _read(kind: str, host: str, response: httpx.Response) -> bytes:
        """The body, read only up to SOURCES_MAX_RESPONSE_BYTES (counted after decompression):
        the rest is never read, so a huge or endless answer costs no memory."""
        limit = settings.SOURCES_MAX_RESPONSE_BYTES
        too_big = SourceRefused(kind, f"{host} answered with more than the {limit:,} bytes a response may have "
                                      "(SOURCES_MAX_RESPONSE_BYTES); nothing of it was kept")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_big
        chunks, total = [], 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > limit:
                raise too_big
            chunks.append(chunk)
        return b"".join(chunks)

    def _back_off(self, kind: str, attempt: int, retry_after: float | None) -> None:
        delay = retry_after if retry_after is not None else settings.SOURCES_RETRY_BACKOFF_SECONDS * 2 ** attempt
        delay = min(delay, settings.SOURCES_MAX_RETRY_WAIT_SECONDS)
        self.limiter.hold(kind, delay)
