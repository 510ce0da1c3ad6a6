"""Rate limits on the pages that cost the most or call a service outside the machine (in
config/ so that every app may use them).

A fixed window counted in Django's cache (Redis in production, so every gunicorn worker shares
one count): each user (or address, when signed out) may call a limited view ``count`` times per
``period``. Over the limit the view is not run: a 429 page says when to try again.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_parse(rate: str) -> tuple[int, int]:
    """'10/h' -> (10, 3600); a malformed setting fails loudly at start-up, not per request."""
    count, _, period = rate.partition("/")
    if not count.isdigit() or period not in PERIODS:
        raise ImproperlyConfigured(f"A rate limit must look like '10/h' (count/s, m, h or d), not {rate!r}.")
    return int(count), PERIODS[period]


def _who(request) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return "ip:" + hashlib.sha256(request.META.get("REMOTE_ADDR", "").encode()).hexdigest()[:16]


def rate_hit(*, group: str, who: str, rate: str) -> int | None:
    """Count one call of ``who`` in ``group``; seconds to wait when over the limit, else None."""
    count, period = rate_parse(rate)
    now = time.time()
    window = int(now // period)
    key = f"ratelimit:{group}:{who}:{window}"
    try:
        cache.add(key, 0, timeout=period + 5)
        used = cache.incr(key)
    except (RedisError, ValueError) as exc:
        # The cache is down (or the key expired in between): let the request through rather
        # than refuse everyone; the outage itself shows in the logs and /healthz.
        logger.warning("rate limit %s not counted: %s", group, exc)
        return None
    if used <= count:
        return None
    return max(1, int((window + 1) * period - now))


def rate_limit(group: str, *, setting: str, methods: tuple[str, ...] = ("POST",),
               only_if: str | None = None) -> Callable:
    """Limit a view to the rate named by ``setting`` (e.g. RATELIMIT_CV_UPLOAD), counting only
    ``methods`` (reading a form is free; sending it is what costs) and, with ``only_if``, only
    while that setting is set (e.g. OUTREACH_LLM_URL: the outside service is in use)."""
    rate_parse(getattr(settings, setting))

    def decorate(view):
        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            applies = request.method in methods and (only_if is None or getattr(settings, only_if))
            if settings.RATELIMIT_ENABLE and applies:
                wait = rate_hit(group=group, who=_who(request), rate=getattr(settings, setting))
                if wait is not None:
                    return rate_limited_response(request, wait=wait)
            return view(request, *args, **kwargs)
        return limited
    return decorate


def rate_limited_response(request, *, wait: int):
    """429 with a page (or, for htmx, a fragment it swaps in) saying when to try again."""
    template = "rate_limited.html#message" if request.htmx else "rate_limited.html"
    response = render(request, template, {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response
