"""Django's Redis cache, with one Redis client per connection pool instead of one per call, and
a pause after Redis fails to answer.

redis-py builds a client's table of ~500 response callbacks in its constructor, and Django's
``RedisCacheClient.get_client`` makes a new client for every cache call: at three cache reads
a page (session, page fragments) that was ~0.5 ms of a signed-in page's ~5 ms. A client holds
no connection of its own (it borrows from the pool per command), so one per pool is safe; and
Django keeps a cache backend per thread, so it is not even shared between threads.
"""
from __future__ import annotations

import functools
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# Per server (this process's view): until when the cache is not asked again. A stalled Redis
# otherwise costs every call of every page the full socket timeout, four or five times a page;
# the callers already go on without the cache (they catch RedisError).
_paused_until: dict[str, float] = {}


class CachePaused(RedisConnectionError):
    """The cache was not asked: it failed to answer a moment ago."""


def _paused(method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if time.monotonic() < _paused_until.get(self._servers[0], 0.0):
            raise CachePaused(f"the cache did not answer in the last {settings.CACHE_RETRY_SECONDS:g} s")
        try:
            return method(self, *args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError):
            _paused_until[self._servers[0]] = time.monotonic() + settings.CACHE_RETRY_SECONDS
            raise

    return call


class ClientReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ScoutRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ClientReusingRedisCacheClient


for _name in ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many",
              "clear"):
    setattr(ClientReusingRedisCacheClient, _name, _paused(getattr(RedisCacheClient, _name)))
