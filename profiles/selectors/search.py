"""Directory search in paper titles and abstracts: PostgreSQL full-text search on a stored
tsvector column and its GIN index (migration 0012), with each researcher's pooled words for a
one-word search (migration 0020), and SQLite FTS5 on the embedded default (migration 0008),
best match first.

A directory request asks two things: which researchers have a matching paper (the filter, every
hit counts, nothing is ranked) and, for the 25 researchers on the page, their best-ranked
matching paper. Ranking only the page's researchers' hits keeps a word found in half the
catalogue ("learning") from ranking every paper that has it on each keystroke."""
from __future__ import annotations

import re

from django.db import connection
from django.db.models.expressions import RawSQL

from ..models import Paper

MAX_PAPER_HITS = 5_000  # a word in every abstract ("learning") needs no more than this many
_WORD = re.compile(r"\w+", re.UNICODE)
_PG_QUERY = "plainto_tsquery('english', %s)"


def _fts5_match(words: list[str]) -> str:
    # Each word quoted: FTS5 operators (AND, NEAR, *, ") typed by a user stay words.
    return " ".join('"{}"'.format(w.replace('"', "")) for w in words)


def papers_matching(q: str, *, limit: int = MAX_PAPER_HITS) -> list[int]:
    """Ids of visible papers whose title or abstract has every word of ``q`` (stemmed), best
    ranked first, at most ``limit``."""
    words = _WORD.findall(q or "")
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT id FROM profiles_paper WHERE NOT hidden AND search_vector @@ {_PG_QUERY} "
                f"ORDER BY ts_rank(search_vector, {_PG_QUERY}) DESC, id LIMIT %s", [q, q, limit])
        else:
            cursor.execute(
                "SELECT f.rowid FROM profiles_paper_fts f JOIN profiles_paper p ON p.id = f.rowid "
                "WHERE profiles_paper_fts MATCH %s AND NOT p.hidden ORDER BY f.rank, f.rowid LIMIT %s",
                [_fts5_match(words), limit])
        return [row[0] for row in cursor.fetchall()]


def researchers_with_papers_matching(q: str) -> set[int]:
    """Researchers who wrote a visible paper matching ``q``: every hit, none ranked."""
    found = researchers_with_papers_matching_sql(q)
    if found is None:
        return set()
    sql, params = found.sql, found.params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def researchers_with_papers_matching_sql(q: str) -> RawSQL | None:
    """``researchers_with_papers_matching`` as a subquery (None when ``q`` has no word), for a
    query to filter by in the database: a common word's 10,000 ids read out and sent back as
    a parameter cost ~15 ms of a search. (The directory keeps each search's result per catalogue
    version, ``directory_result_ids``.)"""
    words = _WORD.findall(q or "")
    if not words:
        return None
    if connection.vendor == "postgresql":
        # A database function (migration 0020): one word is read from each researcher's pooled
        # words ("learning", in a paper of nearly everyone, ~5 ms instead of ~190 ms reading a
        # paper of each of 10,000 researchers); several words must share a paper, and come from
        # the papers' index.
        return RawSQL("SELECT * FROM profiles_researchers_with_papers_matching(%s)", [q])
    return RawSQL(
        "SELECT DISTINCT a.researcher_id FROM profiles_paper_fts f "
        "JOIN profiles_paper p ON p.id = f.rowid JOIN profiles_authorship a ON a.paper_id = p.id "
        "WHERE profiles_paper_fts MATCH %s AND NOT p.hidden", [_fts5_match(words)])


def matching_paper_per_researcher(q: str, researcher_ids: list[int]) -> dict[int, Paper]:
    """For each given researcher, their best-ranked paper matching ``q`` (to show under their
    name in the directory). Only these researchers' papers are ranked."""
    words = _WORD.findall(q or "")
    if not words or not researcher_ids:
        return {}
    ids = list(researcher_ids)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The page's researchers' own papers first, then the words checked on those alone
            # (OFFSET 0 keeps the planner from pushing the match into the join): a page's ~1,000
            # papers cost ~2-6 ms whatever the word. Left to itself the planner read every paper
            # with the word through the GIN index and joined afterwards: 9-46 ms for a word in
            # 5,700 papers at 10,000 researchers, more the commoner the word.
            cursor.execute(
                "SELECT DISTINCT ON (researcher_id) researcher_id, id FROM ("
                "SELECT a.researcher_id, p.id, p.search_vector FROM profiles_authorship a "
                "JOIN profiles_paper p ON p.id = a.paper_id "
                f"WHERE a.researcher_id IN ({marks}) AND NOT p.hidden OFFSET 0) own "
                f"WHERE search_vector @@ {_PG_QUERY} "
                f"ORDER BY researcher_id, ts_rank(search_vector, {_PG_QUERY}) DESC, id",
                [*ids, q, q])
            best = dict(cursor.fetchall())
        else:
            cursor.execute(
                "SELECT a.researcher_id, f.rowid FROM profiles_paper_fts f "
                "JOIN profiles_paper p ON p.id = f.rowid JOIN profiles_authorship a ON a.paper_id = p.id "
                f"WHERE profiles_paper_fts MATCH %s AND NOT p.hidden AND a.researcher_id IN ({marks}) "
                "ORDER BY f.rank, f.rowid", [_fts5_match(words), *ids])
            best = {}
            for rid, pid in cursor.fetchall():
                best.setdefault(rid, pid)
    papers = Paper.objects.in_bulk(set(best.values()))
    return {rid: papers[pid] for rid, pid in best.items() if pid in papers}
