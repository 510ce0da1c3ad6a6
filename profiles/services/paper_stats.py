"""The directory's sort keys kept on each researcher (their listed papers and newest paper
date), so sorting 10,000 researchers reads two indexed columns instead of counting everyone's
papers on every page. Every service that adds, moves, hides or re-dates papers calls this in
its own transaction."""
from __future__ import annotations

import itertools
from collections.abc import Iterable

from django.db import connection

from profiles.models import Authorship, Paper, Researcher


def researchers_of_papers(*, paper_ids: Iterable[int]) -> list[int]:
    """Ids of everyone listed as an author of these papers (a paper's new date or hiding moves
    all its authors' keys)."""
    paper_ids = list(paper_ids)
    if not paper_ids:
        return []
    return sorted(set(Authorship.objects.filter(paper_id__in=paper_ids).values_list("researcher_id", flat=True)))


def researcher_paper_stats_refresh(*, researcher_ids: Iterable[int]) -> int:
    """Recount the listed papers and newest paper date of these researchers; returns how many."""
    # The ids are read first, as a plain list: given as a subquery (the authors sharing a paper
    # with the imported researcher), PostgreSQL planned a scan of every researcher, costed it
    # past its JIT threshold and spent ~300 ms compiling on every import of a large catalogue.
    ids = sorted(set(researcher_ids))
    if not ids:
        return 0
    # Plain SQL, the same on SQLite and PostgreSQL: built by the ORM (two correlated Subquery
    # expressions) the statement took ~1.8 ms to compile and well under one to run, on every
    # import. The newest date is an aggregate over the researcher's own authorships: as
    # "ORDER BY date DESC LIMIT 1", PostgreSQL walked the whole paper-date index checking authors
    # (17 ms per researcher at 240,000 papers, growing with the catalogue).
    listed = (f"FROM {_AUTHORSHIP} a JOIN {_PAPER} p ON p.id = a.paper_id "
              f"WHERE a.researcher_id = {_RESEARCHER}.id AND NOT p.hidden")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_RESEARCHER} SET listed_paper_count = (SELECT COUNT(*) {listed}), "
            f"newest_paper_on = (SELECT MAX(p.date) {listed}) "
            f"WHERE id IN ({', '.join(['%s'] * len(ids))})", ids)
        return cursor.rowcount


_RESEARCHER, _AUTHORSHIP, _PAPER = (m._meta.db_table for m in (Researcher, Authorship, Paper))


CATALOGUE_TABLES = ("profiles_researcher", "profiles_paper", "profiles_authorship", "profiles_capture",
                    # PostgreSQL's per-researcher search words (migration 0020): analysed once at
                    # migrate, when the table was empty, its plans never learnt its size.
                    "profiles_researcher_words")
# The search words' marks (migration 0020): every import adds and deletes a few. Where
# autovacuum is off they stayed as dead rows that each commit's rebuild scanned again.
WORDS_MARKS_TABLE = "profiles_researcher_words_stale"
_imports_since_check = itertools.count(1)


def catalogue_statistics_refresh_if_stale(*, every: int = 20, min_rows: int = 1000, share: float = 1.0) -> list[str]:
    """During a bulk import on PostgreSQL (called after each import; looks every ``every``-th
    time): ANALYZE the catalogue tables in which more rows than ``share`` of those there (and at
    least ``min_rows``) changed since their last ANALYZE, as autovacuum would if it is on. With
    it off (as on this project's machines) a fresh database was imported with no statistics at
    all, and PostgreSQL planned each import's lookups as full scans: the import of 10,000
    researchers slowed from 25 to 2 per second. Once a table has statistics the planner scales
    its row counts by the table's current size, so a table that has not yet doubled needs no new
    ones: at a fifth (the old share) the paper table was analysed ~30 times in a 10,000-capture
    import, ~0.9 s each (its tsvector column's statistics are the costly part). Returns the
    tables analysed."""
    if connection.vendor != "postgresql" or next(_imports_since_check) % every:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s)"
            " AND n_mod_since_analyze > GREATEST(%s, %s * n_live_tup) ORDER BY relname",
            [list(CATALOGUE_TABLES), min_rows, share])
        stale = [name for (name,) in cursor.fetchall()]
        for name in stale:
            cursor.execute(f"ANALYZE {name}")  # a name from the fixed list above
    _words_marks_vacuum(min_rows=min_rows)
    return stale


def _in_transaction() -> bool:
    """Whether this connection is inside a transaction, where PostgreSQL cannot VACUUM."""
    return connection.in_atomic_block or not connection.get_autocommit()


def _words_marks_vacuum(*, min_rows: int) -> None:
    """VACUUM the search words' marks once ``min_rows`` dead ones piled up (a small table: a few
    ms), unless inside a transaction, where PostgreSQL cannot (the next call will)."""
    if _in_transaction():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT n_dead_tup > %s FROM pg_stat_user_tables WHERE relname = %s",
                       [min_rows, WORDS_MARKS_TABLE])
        row = cursor.fetchone()
        if row and row[0]:
            cursor.execute(f"VACUUM ANALYZE {WORDS_MARKS_TABLE}")


def catalogue_statistics_refresh() -> None:
    """After a bulk import or a settled change on PostgreSQL: refresh the planner's statistics
    (autovacuum may be off or behind; without them the directory took 442 ms instead of tens)
    and, outside a transaction, VACUUM the catalogue as autovacuum would. Without it a fresh
    import's rows are never marked visible to all: every index-only scan went to the table
    (a common two-word search's 6,000 researchers, one heap visit each); 60 two-word searches
    took 25-30% longer at 10,000 researchers than once vacuumed. A later call skips the pages
    nothing changed (a few ms); SKIP_LOCKED leaves a table another process is vacuuming."""
    if connection.vendor != "postgresql":
        return
    verb = "ANALYZE" if _in_transaction() else "VACUUM (ANALYZE, SKIP_LOCKED)"
    with connection.cursor() as cursor:
        # Those there: the words tables are PostgreSQL's alone, from migration 0020 on.
        cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) ORDER BY relname",
                       [[*CATALOGUE_TABLES, WORDS_MARKS_TABLE]])
        for (name,) in cursor.fetchall():
            cursor.execute(f"{verb} {name}")  # a name from the fixed lists above
