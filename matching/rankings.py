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
    """The last few rankings this process computed, least recently used dropped first. A ranking
    holds its index, so a key naming that index object stays unique while it is kept."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rankings: OrderedDict[tuple, Ranking] = OrderedDict()

    def get_or_rank(self, index, query: ApplicantQuery) -> Ranking:
        key = (id(index), index.version, query.digest)
        with self.lock:
            ranking = self.rankings.get(key)
            if ranking is not None:
                self.rankings.move_to_end(key)
                return ranking
        ranking = index.rank(query)
        with self.lock:
            self.rankings[key] = ranking
            while len(self.rankings) > settings.MATCH_RANKING_CACHE_SIZE:
                self.rankings.popitem(last=False)
        return ranking

    def clear(self) -> None:
        with self.lock:
            self.rankings.clear()


rankings = RankingCache()


def ranking_for(query: ApplicantQuery) -> Ranking:
    """The ranking of the current index for this query: this process's copy when it has one."""
    return rankings.get_or_rank(match_index_current(), query)
