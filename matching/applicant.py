"""The match as the app uses it: an applicant's profile turned into a query, the ranked and
filtered list for the "Best matches" page, and one researcher's "why this match"."""
from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from redis.exceptions import RedisError

from applicants.selectors import (
    applicant_profile_for,
    applicant_profile_of_active_user,
    applicant_profiles_recently_signed_in,
)
from applicants.weights import weights_clean

from .catalogue import match_index_current
from .ranking import ApplicantQuery, Match, Ranking
from .rankings import ranking_for, ranking_shared_has, ranking_shared_put

log = logging.getLogger(__name__)


def applicant_query(profile) -> ApplicantQuery:
    """What a profile is ranked against. Interests and keywords are given twice: the applicant's
    own words about what they want outweigh whatever else a CV mentions."""
    own_words = " ".join(filter(None, [profile.interests, profile.keywords]))
    interests = " ".join(filter(None, [
        own_words, own_words, profile.preferred_fields, profile.background, profile.cv_text]))
    return ApplicantQuery(interests=interests, methods=profile.methods or "",
                          weights=weights_clean(profile.match_weights), focus=own_words)


@dataclass
class MatchFilters:
    topic: str = ""
    institution: str = ""
    active: bool = False  # at least one paper in the last 12 months
    shortlisted: str = ""  # "", "yes" or "no"
    taking_students: str = ""  # "", "yes", "no" or "unknown"
    preferred: bool = False  # only institutions named in the profile


def preferred_institutions(profile) -> list[str]:
    """The institutions a profile prefers, one per line or comma, lower-cased."""
    raw = (profile.preferred_institutions or "") if profile else ""
    return [part.strip().lower() for part in re.split(r"[,;\n]", raw) if part.strip()]


def is_preferred(affiliation: str, preferred: list[str]) -> bool:
    affiliation = (affiliation or "").lower()
    return any(p in affiliation for p in preferred)


class RankedIds:
    """A ranking's researcher ids, best first, as a sequence a paginator slices: only the page's
    own ids are looked up. Listing all of them for a new applicant's first /matches/ took ~9 ms
    at 10,000 researchers, for a page that shows twenty."""

    def __init__(self, ranking: Ranking):
        self._ranking = ranking

    def __len__(self) -> int:
        return len(self._ranking)

    def __getitem__(self, key):
        researchers, order = self._ranking.index.researchers, self._ranking.order
        if isinstance(key, slice):
            return [researchers[i]["id"] for i in order[key]]
        return researchers[order[key]]["id"]

    def __iter__(self):
        return iter(self[:])


def matches_rank(*, profile, filters: MatchFilters,
                 saved_ids: set[int]) -> tuple[Ranking | None, RankedIds | list[int]]:
    """The profile's ranking and the researcher ids that pass the filters, best first.
    (None, []) when the profile says nothing to rank against yet."""
    query = applicant_query(profile)
    if query.empty:
        return None, []
    ranking = ranking_for(query)
    index = ranking.index
    topic, inst = filters.topic.strip().lower(), filters.institution.strip().lower()
    preferred = preferred_institutions(profile)
    if not (topic or inst or filters.active or filters.shortlisted in ("yes", "no")
            or filters.taking_students or filters.preferred):
        return ranking, RankedIds(ranking)  # no filter: the ranking as it is, not re-read
    out = []
    for i in ranking.order:
        r = index.researchers[i]
        if topic and not any(topic in t.lower() for t in r.get("topics") or []):
            continue
        if inst and inst not in (r.get("affiliation") or "").lower():
            continue
        if filters.active and not index.papers_12m[i]:
            continue
        if filters.shortlisted == "yes" and r["id"] not in saved_ids:
            continue
        if filters.shortlisted == "no" and r["id"] in saved_ids:
            continue
        if filters.taking_students and (r.get("taking_students") or "unknown") != filters.taking_students:
            continue
        if filters.preferred and not is_preferred(r.get("affiliation"), preferred):
            continue
        out.append(r["id"])
    return ranking, out


def ranking_of_user(user) -> Ranking | None:
    """The signed-in applicant's ranking; None when there is no profile to match against."""
    profile = applicant_profile_for(user)
    if profile is None:
        return None
    query = applicant_query(profile)
    if query.empty:
        return None
    return ranking_for(query)  # the one /matches/ made, unless the profile or catalogue changed


def match_explain_for(*, user, researcher, ranking: Ranking | None = None) -> Match | None:
    """The signed-in applicant's match with one researcher, with its reasons; None when there is
    no profile to match against or the researcher is not in the visible catalogue.
    ``ranking``: the user's ranking when the caller has it already."""
    ranking = ranking or ranking_of_user(user)
    if ranking is None:
        return None
    match = ranking.explain(researcher.pk)
    if match is not None:
        match.rank = ranking.position(researcher.pk)
        match.ranked_of = len(ranking)
    return match


def rankings_warm_after_build() -> dict:
    """``rankings_warm`` as the worker's step after a new index (``match_index_after_build``)."""
    return {"rankings_warmed": rankings_warm()}


def rankings_warm() -> int:
    """On the worker, after it built a new index: rank the applicants who signed in within
    MATCH_RANKING_WARM_DAYS against it and put their rankings in the shared cache, so their next
    page reads theirs instead of scoring the whole catalogue in the request (60-100 ms at 10,000
    researchers, for every returning applicant after every catalogue change). At most
    MATCH_RANKING_WARM_MAX applicants, most recent first, for at most MATCH_RANKING_WARM_SECONDS.
    Returns how many were ranked (those already shared, or with an empty profile, are not)."""
    if settings.MATCH_RANKING_WARM_MAX <= 0:
        return 0
    index = match_index_current()
    deadline = time.monotonic() + settings.MATCH_RANKING_WARM_SECONDS
    since = timezone.now() - timedelta(days=settings.MATCH_RANKING_WARM_DAYS)
    ranked = 0
    for profile in applicant_profiles_recently_signed_in(since=since, limit=settings.MATCH_RANKING_WARM_MAX):
        if time.monotonic() > deadline:
            break
        try:
            ranked += _ranked_into_shared(index, profile)
        except RedisError as exc:  # nowhere to put them: each page ranks its own, as before
            log.warning("Rankings not warmed: the shared cache is unreachable (%s)", exc)
            break
    return ranked


def _ranked_into_shared(index, profile) -> bool:
    """Rank ``profile`` against ``index`` into the shared cache, unless it is empty or ranked
    there already; whether it did (RedisError: the shared cache is down)."""
    query = applicant_query(profile)
    if query.empty or ranking_shared_has(index, query):
        return False
    ranking_shared_put(index, query, index.rank(query))
    return True


def ranking_warm(*, user_id: int) -> bool:
    """On the worker, after an applicant signed in or saved their profile: rank them against the
    current index and put it in the shared cache, so the page they open next (/matches/, a
    researcher's "why this match", their shortlist) reads it instead of scoring the whole
    catalogue in the request (60-100 ms at 10,000 researchers, the slowest thing a page does).
    ``rankings_warm`` covers who was active before a catalogue change; this covers the new
    applicant, the one back after weeks, and a changed profile. Returns whether it ranked: not
    for an inactive user, an empty profile, one ranked already, or with the shared cache down
    (each page then ranks its own, as before)."""
    try:
        cache.delete(_warm_pending_key(user_id))  # a save from now on queues the next one
    except RedisError:
        pass  # (then it lapses: RANKING_WARM_PENDING_SECONDS)
    if settings.MATCH_RANKING_WARM_MAX <= 0:
        return False
    profile = applicant_profile_of_active_user(user_id=user_id)
    if profile is None:
        return False
    try:
        return _ranked_into_shared(match_index_current(), profile)
    except RedisError as exc:
        log.warning("Ranking not warmed: the shared cache is unreachable (%s)", exc)
        return False


# At most one ranking waits per applicant: it reads the profile as it is when it runs, so saves
# made meanwhile need no other, and saving a profile over and over cannot queue a ranking per
# save (each costs the worker 60-100 ms at 10,000 researchers, ahead of imports and rebuilds).
# The mark lapses by itself if the message is lost.
RANKING_WARM_PENDING_SECONDS = 120


def _warm_pending_key(user_id: int) -> str:
    return f"ranking-warm-pending:{user_id}"


def ranking_warm_queue(*, user_id: int, countdown: int | None = None) -> None:
    """Ask a worker to ``ranking_warm`` this user once the current transaction commits (the
    profile they saved is then what it reads), ``countdown`` seconds after, unless one is
    waiting already. A shared cache or broker that is down is logged: the page ranks as
    before."""
    if settings.MATCH_RANKING_WARM_MAX <= 0:
        return
    # Whether one waits is asked after the commit too: a waiting ranking that starts between this
    # save and its commit reads the profile before it, and a check made before the commit would
    # have counted on it.
    transaction.on_commit(lambda: _ranking_warm_ask(user_id, countdown))


def _ranking_warm_ask(user_id: int, countdown: int | None) -> None:
    try:
        if not cache.add(_warm_pending_key(user_id), True, timeout=RANKING_WARM_PENDING_SECONDS):
            return
    except RedisError as exc:
        log.warning("Ranking not warmed: the shared cache is unreachable (%s)", exc)
        return
    ranking_warm_task.send_or_warn(user_id=user_id, countdown=countdown)  # (this runs after the commit)


@shared_task(bind=True, name="matching.tasks.ranking_warm_task")
def ranking_warm_task(self, *, user_id: int) -> dict:
    """``ranking_warm`` on the worker. Idempotent: a ranking already shared is not made again."""
    return {"user_id": user_id, "ranked": ranking_warm(user_id=user_id)}
