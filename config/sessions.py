"""Sessions read from the cache and kept in the database (Django's ``cached_db``), which go on
working when Redis is down: every signed-in page read its session with a query before, and a
cache outage must not sign everybody out or break every page (rate limits and shared page
fragments fall back the same way)."""
from __future__ import annotations

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class SessionStore(CachedDBStore):
    def load(self):
        try:
            return super().load()
        except RedisError:  # the cache could not take the copy read from the database
            log.warning("session cache unreachable; session read from the database")
            return DBStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except RedisError:
            return DBStore.exists(self, session_key)

    def delete(self, session_key=None):
        try:
            super().delete(session_key)
        except RedisError:
            # The database row is gone; a cached copy would outlive it only if this Redis kept
            # its data through the outage.
            log.error("session cache unreachable; a deleted session's cached copy may remain until it expires")
