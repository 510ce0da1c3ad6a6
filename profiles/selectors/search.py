"""Directory search in paper titles and abstracts: PostgreSQL full-text search on its GIN
index, SQLite FTS5 on the embedded default (migration 0007), best match first."""
from __future__ import annotations

import re

from django.db import connection

from ..models import Authorship, Paper

MAX_PAPER_HITS = 5_000  # a word in every abstract ("learning") needs no more than this many
_WORD = re.compile(r"\w+", re.UNICODE)


def papers_matching(q: str, *, limit: int = MAX_PAPER_HITS) -> list[int]:
    """Ids of visible papers whose title or abstract has every word of ``q`` (stemmed), best
    ranked first."""
    words = _WORD.findall(q or "")
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT id FROM profiles_paper WHERE NOT hidden AND "
                "to_tsvector('english', title || ' ' || abstract) @@ plainto_tsquery('english', %s) "
                "ORDER BY ts_rank(to_tsvector('english', title || ' ' || abstract), "
                "plainto_tsquery('english', %s)) DESC, id LIMIT %s", [q, q, limit])
        else:
            # Each word quoted: FTS5 operators (AND, NEAR, *, ") typed by a user stay words.
            match = " ".join('"{}"'.format(w.replace('"', "")) for w in words)
            cursor.execute(
                "SELECT f.rowid FROM profiles_paper_fts f JOIN profiles_paper p ON p.id = f.rowid "
                "WHERE profiles_paper_fts MATCH %s AND NOT p.hidden ORDER BY f.rank, f.rowid LIMIT %s",
                [match, limit])
        return [row[0] for row in cursor.fetchall()]


def researchers_with_papers_matching(q: str) -> set[int]:
    """Researchers who wrote a visible paper matching ``q``."""
    ids = papers_matching(q)
    if not ids:
        return set()
    return set(Authorship.objects.filter(paper_id__in=ids).values_list("researcher_id", flat=True))


def matching_paper_per_researcher(q: str, researcher_ids: list[int]) -> dict[int, Paper]:
    """For each given researcher, their best-ranked paper matching ``q`` (to show under their
    name in the directory)."""
    ids = papers_matching(q)
    if not ids or not researcher_ids:
        return {}
    place = {pid: n for n, pid in enumerate(ids)}
    best: dict[int, int] = {}
    for rid, pid in Authorship.objects.filter(paper_id__in=ids, researcher_id__in=researcher_ids).values_list(
            "researcher_id", "paper_id"):
        if rid not in best or place[pid] < place[best[rid]]:
            best[rid] = pid
    papers = Paper.objects.in_bulk(set(best.values()))
    return {rid: papers[pid] for rid, pid in best.items() if pid in papers}
