"""PostgreSQL: the directory's search finds the researchers who used a word in a paper by
reading one row per researcher (every word of their visible papers, with a GIN index) instead
of checking their papers one by one.

A common word ("learning", in most of the catalogue's abstracts) matched a paper of nearly
every researcher, and finding them meant reading a paper of each of 10,000 researchers and
unpacking its stored tsvector: 190 ms per search at 10,000 researchers; from the word rows'
index it is ~1 ms.

Kept exact by the database itself, as the papers' own search column is (migration 0012), so
no write path can forget it (the admin, a merge, a pack, an import that re-words a shared
paper):
- statement triggers mark a researcher's words stale whenever an authorship of theirs is
  added, moved or removed, or a paper of theirs changes its words or is hidden or shown;
- a deferred trigger rebuilds each stale researcher's words once, when the transaction
  commits (an import adds a capture's papers one statement each: rebuilding at each would
  redo the researcher's whole word list forty times);
- a search reads the stale researchers (only ever inside the writing transaction) from their
  papers, so it sees the catalogue as the transaction has it.

Only single-word searches read the word rows: "graph diffusion" must appear in one paper, which
a researcher's pooled words cannot tell, and is answered from the papers' index as before.

Tables and functions the ORM does not know (as 0012's column): Django's flush truncates the
researchers, and a trigger empties these with them. A no-op on SQLite, whose FTS5 search
(migration 0008) stays per paper."""
from django.db import migrations

from ._catalogue_version import catalogue_version_raise

WORDS, STALE = "profiles_researcher_words", "profiles_researcher_words_stale"
LOCK_KEY = 20_020  # the first key of the advisory locks a rebuild takes (the second: a researcher)

# Every word (lexeme) of a researcher's visible papers, one row per researcher with any. The
# union of their papers' vectors without positions: merging sorted vectors is ~6 times cheaper
# than unnesting every word and sorting them (0.1 ms against 0.6 ms per researcher).
_WORDS_OF = (
    "SELECT a.researcher_id, profiles_tsvector_union(strip(p.search_vector)) "
    "FROM profiles_authorship a JOIN profiles_paper p ON p.id = a.paper_id "
    "WHERE NOT p.hidden AND {where} GROUP BY a.researcher_id"
)
_PAPER_HAS = ("EXISTS (SELECT 1 FROM profiles_authorship a JOIN profiles_paper p ON p.id = a.paper_id "
              "WHERE a.researcher_id = {who} AND NOT p.hidden AND p.search_vector @@ query)")

PG_FORWARD = [
    f"CREATE TABLE {WORDS} (researcher_id bigint PRIMARY KEY, words tsvector NOT NULL)",
    # No key: a second transaction marking the same researcher must not wait for the first
    # (two imports would each hold a mark the other needs, and deadlock).
    f"CREATE TABLE {STALE} (researcher_id bigint NOT NULL)",
    f"CREATE INDEX {STALE}_researcher ON {STALE} (researcher_id)",
    "CREATE AGGREGATE profiles_tsvector_union(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')",
    f"INSERT INTO {WORDS} (researcher_id, words) " + _WORDS_OF.format(where="TRUE") + " HAVING count(*) > 0",
    f"CREATE INDEX {WORDS}_gin ON {WORDS} USING GIN (words)",
    f"ANALYZE {WORDS}",
    # Marking: a few rows per statement, from the statement's transition tables, each
    # researcher once per transaction. A write that adds a researcher's papers one statement
    # at a time (the import did, with executemany) left a mark per paper, 41 per capture, and
    # the rebuild below fired for each at the commit, each firing scanning the marks' table.
    f"""CREATE FUNCTION profiles_words_mark(ids bigint[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO {STALE} SELECT DISTINCT id FROM unnest(ids) AS id
        WHERE id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {STALE} s WHERE s.researcher_id = id)
    $$""",
    f"""CREATE FUNCTION profiles_authorship_words_stale() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM profiles_words_mark(ARRAY(SELECT researcher_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM profiles_words_mark(ARRAY(SELECT researcher_id FROM old_rows));
        ELSE
            PERFORM profiles_words_mark(ARRAY(
                SELECT x FROM old_rows o JOIN new_rows n ON n.id = o.id,
                    LATERAL (VALUES (o.researcher_id), (n.researcher_id)) AS v(x)
                WHERE o.researcher_id <> n.researcher_id OR o.paper_id <> n.paper_id));
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION profiles_paper_words_stale() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM profiles_words_mark(ARRAY(
            SELECT a.researcher_id FROM old_rows o JOIN new_rows n ON n.id = o.id
                JOIN profiles_authorship a ON a.paper_id = n.id
            WHERE o.hidden IS DISTINCT FROM n.hidden OR o.search_vector IS DISTINCT FROM n.search_vector));
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION profiles_researcher_words_forget() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE {WORDS}, {STALE};
        ELSE
            DELETE FROM {WORDS} WHERE researcher_id IN (SELECT id FROM old_rows);
            DELETE FROM {STALE} WHERE researcher_id IN (SELECT id FROM old_rows);
        END IF;
        RETURN NULL;
    END $$""",
    # Rebuilding, at commit: the first firing takes every mark this transaction made (another
    # transaction's are not visible to it) and rebuilds those researchers together, in id
    # order, each under a lock held to the commit, so two transactions rebuilding the same
    # researcher take turns (the second reads what the first committed: it would otherwise
    # write words computed before the first's papers were there) and cannot deadlock. A row is
    # rewritten only when its words changed (a re-import that brings nothing new leaves the
    # index alone); the later firings find no mark and return.
    f"""CREATE FUNCTION profiles_researcher_words_rebuild() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        ids bigint[];
    BEGIN
        WITH taken AS (DELETE FROM {STALE} RETURNING researcher_id)
        SELECT array_agg(DISTINCT researcher_id ORDER BY researcher_id) INTO ids FROM taken;
        IF ids IS NULL THEN
            RETURN NULL;
        END IF;
        PERFORM pg_advisory_xact_lock({LOCK_KEY}, mod(id, 2147483647)::int) FROM unnest(ids) AS id ORDER BY id;
        INSERT INTO {WORDS} AS w (researcher_id, words)
            {_WORDS_OF.format(where="a.researcher_id = ANY(ids)")} HAVING count(*) > 0 ORDER BY a.researcher_id
        ON CONFLICT (researcher_id) DO UPDATE SET words = EXCLUDED.words WHERE w.words <> EXCLUDED.words;
        DELETE FROM {WORDS} w WHERE w.researcher_id = ANY(ids) AND NOT EXISTS (
            SELECT 1 FROM profiles_authorship a JOIN profiles_paper p ON p.id = a.paper_id
            WHERE a.researcher_id = w.researcher_id AND NOT p.hidden);
        RETURN NULL;
    END $$""",
    # The researchers with a visible paper matching the search: a single word from the word
    # rows (through their index: the planner, seeing a table of a few pages, would scan it and
    # unpack every row's words, 70 ms), the stale ones (only ever the searching transaction's
    # own) from their papers, several words from the papers. The stale ids are read into an
    # array first and their papers looked at only when there are any: as a join, a planner
    # whose statistics on the marks' table were taken mid-import (they come and go at every
    # commit; with autovacuum off nothing takes new ones) expected 340,000 marks and hashed
    # every paper with the word first, 0.8 s for a search that had no stale researcher at all.
    # No JIT: these are short queries, and a bad estimate made it compile for 0.1 s.
    f"""CREATE FUNCTION profiles_researchers_with_papers_matching(search text) RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE SET enable_seqscan = off SET jit = off AS $$
    DECLARE
        query tsquery := plainto_tsquery('english', search);
        stale bigint[];
    BEGIN
        IF numnode(query) = 1 THEN
            stale := ARRAY(SELECT DISTINCT researcher_id FROM {STALE});
            RETURN QUERY
                SELECT w.researcher_id FROM {WORDS} w WHERE w.words @@ query AND NOT w.researcher_id = ANY (stale);
            IF cardinality(stale) > 0 THEN
                RETURN QUERY
                    SELECT s.id FROM unnest(stale) AS s(id) WHERE {_PAPER_HAS.format(who="s.id")};
            END IF;
        ELSIF numnode(query) > 1 THEN
            RETURN QUERY
                SELECT r.id FROM profiles_researcher r WHERE {_PAPER_HAS.format(who="r.id")};
        END IF;
    END $$""",
    "CREATE TRIGGER profiles_authorship_words_insert AFTER INSERT ON profiles_authorship "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION profiles_authorship_words_stale()",
    "CREATE TRIGGER profiles_authorship_words_delete AFTER DELETE ON profiles_authorship "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION profiles_authorship_words_stale()",
    "CREATE TRIGGER profiles_authorship_words_update AFTER UPDATE ON profiles_authorship "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION profiles_authorship_words_stale()",
    "CREATE TRIGGER profiles_paper_words_update AFTER UPDATE ON profiles_paper "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION profiles_paper_words_stale()",
    "CREATE TRIGGER profiles_researcher_words_delete AFTER DELETE ON profiles_researcher "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION profiles_researcher_words_forget()",
    "CREATE TRIGGER profiles_researcher_words_truncate AFTER TRUNCATE ON profiles_researcher "
    "FOR EACH STATEMENT EXECUTE FUNCTION profiles_researcher_words_forget()",
    f"CREATE CONSTRAINT TRIGGER profiles_researcher_words_rebuild AFTER INSERT ON {STALE} "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION profiles_researcher_words_rebuild()",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS profiles_authorship_words_insert ON profiles_authorship",
    "DROP TRIGGER IF EXISTS profiles_authorship_words_delete ON profiles_authorship",
    "DROP TRIGGER IF EXISTS profiles_authorship_words_update ON profiles_authorship",
    "DROP TRIGGER IF EXISTS profiles_paper_words_update ON profiles_paper",
    "DROP TRIGGER IF EXISTS profiles_researcher_words_delete ON profiles_researcher",
    "DROP TRIGGER IF EXISTS profiles_researcher_words_truncate ON profiles_researcher",
    f"DROP TABLE IF EXISTS {STALE}",
    f"DROP TABLE IF EXISTS {WORDS}",
    "DROP FUNCTION IF EXISTS profiles_researchers_with_papers_matching(text)",
    "DROP FUNCTION IF EXISTS profiles_researcher_words_rebuild()",
    "DROP FUNCTION IF EXISTS profiles_researcher_words_forget()",
    "DROP FUNCTION IF EXISTS profiles_paper_words_stale()",
    "DROP FUNCTION IF EXISTS profiles_authorship_words_stale()",
    "DROP FUNCTION IF EXISTS profiles_words_mark(bigint[])",
    "DROP AGGREGATE IF EXISTS profiles_tsvector_union(tsvector)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # What an earlier database left (tests drop the ORM's tables and migrate again; these
        # tables and functions are not the ORM's) goes first: its words were of other papers.
        for sql in PG_BACKWARD + PG_FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("profiles", "0019_capture_raw_lz4")]
    operations = [migrations.RunPython(forward, backward), catalogue_version_raise()]
