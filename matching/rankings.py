"""Rankings kept per applicant query and index version: the researcher page and /matches/
reuse the applicant's ranking instead of scoring every paper in the catalogue on each view
(45-51% of a worker's time on researcher pages at 10,000 researchers).

Two levels: this process's last few rankings, and the shared cache (Redis in production) that
every worker and web node reads. Scoring the catalogue for one applicant takes 45-100 ms at
10,000 researchers; reading the arrays back takes ~1 ms. Without the shared level an applicant
paid that scoring once in every gunicorn worker their requests reached (their first /matches/,
then again on a researcher page another worker served)."""
from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict

import numpy as np
from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

from .catalogue import match_index_current
from .index import record_ids
from .ranking import ApplicantQuery, Ranking


class RankingCache:
    """The last few rankings this process computed, least recently used dropped first, within
    MATCH_RANKING_CACHE_SIZE rankings and MATCH_RANKING_CACHE_MB megabytes (a ranking's size
    grows with the catalogue: ~2.4 MB at 450,000 papers). A ranking holds its index, so a key
    naming that index object stays unique while it is kept."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rankings: OrderedDict[tuple, Ranking] = OrderedDict()
        self.nbytes = 0

    def get_or_rank(self, index, query: ApplicantQuery) -> Ranking:
        key = (id(index), index.version, query.digest)
        with self.lock:
            ranking = self.rankings.get(key)
            if ranking is not None:
                self.rankings.move_to_end(key)
                return ranking
        ranking = ranking_shared_get(index, query)
        if ranking is None:
            ranking = index.rank(query)
            ranking_shared_put(index, query, ranking)
        budget = settings.MATCH_RANKING_CACHE_MB * 1e6
        with self.lock:
            if key not in self.rankings:
                self.rankings[key] = ranking
                self.nbytes += ranking.nbytes
            while len(self.rankings) > 1 and (len(self.rankings) > settings.MATCH_RANKING_CACHE_SIZE
                                              or self.nbytes > budget):
                _, dropped = self.rankings.popitem(last=False)
                self.nbytes -= dropped.nbytes
        return ranking

    def clear(self) -> None:
        with self.lock:
            self.rankings.clear()
            self.nbytes = 0


rankings = RankingCache()
log = logging.getLogger(__name__)


# What a ranking is besides its index and query: enough to make the same ranking in another
# process. Arrays as they are, no rounding: a ranking read back scores, orders and explains
# exactly as the one computed.
def ranking_arrays(ranking: Ranking) -> dict:
    """A ranking as plain arrays (its papers' fits are one: ~1.5 MB at 372,000 papers)."""
    return {"order": ranking.order, "overall": ranking.overall, "axes": dict(ranking.axes),
            "direction": ranking.direction, "known": ranking.known, "query_ids": np.asarray(ranking.query_ids),
            "paper": ranking.paper,
            "topic_raw": getattr(ranking, "topic_raw", None)}


def ranking_from_arrays(index, query: ApplicantQuery, arrays: dict) -> Ranking:
    """The ranking ``ranking_arrays`` described, on the index it was computed on (the caller
    checks that through the shared key)."""
    ranking = Ranking(index, query, arrays["order"], arrays["overall"], arrays["axes"], arrays["direction"],
                      arrays["known"], arrays["query_ids"], None, arrays["paper"])  # (the query's weights: unused once ranked)
    ranking.topic_raw = arrays["topic_raw"]
    return ranking


def _researchers_digest(index) -> str:
    """Which researchers, in which positions, an index holds: a ranking's arrays are positions
    in it. Worked out once per index object."""
    digest = getattr(index, "_researchers_digest", None)
    if digest is None:
        ids = record_ids(index.researchers)
        digest = index._researchers_digest = hashlib.blake2b(ids.tobytes(), digest_size=16).hexdigest()
    return digest


def _shared_key(index, query: ApplicantQuery) -> str:
    # The version names the index (a stand-in masking an older one has a version of its own);
    # the digest of its researchers guards against two builds of one version that differ.
    return f"ranking:{index.version}:{_researchers_digest(index)}:{query.digest}"


def ranking_shared_get(index, query: ApplicantQuery) -> Ranking | None:
    """The ranking another process computed for this index and query, if the shared cache
    still holds it (None too when the cache is down: the caller scores it itself)."""
    try:
        arrays = cache.get(_shared_key(index, query))
    except RedisError as exc:
        log.warning("Shared rankings unreachable (%s): scoring here", exc)
        return None
    if not isinstance(arrays, dict) or len(arrays.get("overall", ())) != len(index.researchers):
        return None
    return ranking_from_arrays(index, query, arrays)


def ranking_shared_has(index, query: ApplicantQuery) -> bool:
    """Whether the shared cache holds this index's ranking for this query (raises RedisError
    when the cache is down)."""
    return cache.has_key(_shared_key(index, query))


def ranking_shared_put(index, query: ApplicantQuery, ranking: Ranking) -> None:
    try:
        cache.set(_shared_key(index, query), ranking_arrays(ranking), timeout=settings.MATCH_RANKING_SHARED_SECONDS)
    except RedisError as exc:
        log.warning("Ranking not shared: the shared cache is unreachable (%s)", exc)


def ranking_for(query: ApplicantQuery) -> Ranking:
    """The ranking of the current index for this query: this process's copy when it has one."""
    return rankings.get_or_rank(match_index_current(), query)
