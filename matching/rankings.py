"""Rankings kept per applicant query and index version: the researcher page and /matches/
reuse the applicant's ranking instead of scoring every paper in the catalogue on each view
(45-51% of a worker's time on researcher pages at 10,000 researchers)."""
from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings

from .catalogue import match_index_current
from .ranking import ApplicantQuery, Ranking


class RankingCache:
    """The last few rankings this process computed, least recently used dropped first, within
    MATCH_RANKING_CACHE_SIZE rankings and MATCH_RANKING_CACHE_MB megabytes (a ranking's size
    grows with the catalogue: ~0.6 MB at 10,000 researchers). A ranking holds its index, so a key
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
        ranking = index.rank(query)
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


def ranking_for(query: ApplicantQuery) -> Ranking:
    """The ranking of the current index for this query: this process's copy when it has one."""
    return rankings.get_or_rank(match_index_current(), query)
