"""Set-based inserts and updates for the import's hot path.

Importing 2,000 captures writes ~100,000 paper rows and as many authorships; Django's
bulk_create spends most of that time compiling per-value expressions. These inserts skip rows
that break a unique key (``ON CONFLICT DO NOTHING``), adapting only the value types the
catalogue uses. SQLite takes plain parameter rows with ``executemany``; PostgreSQL takes all
the rows as one JSON parameter (see ``_insert_postgresql``).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.db import connection, models


def _adapter(field: models.Field):
    ops = connection.ops
    if isinstance(field, models.JSONField):
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return Jsonb
        return lambda value: json.dumps(value)
    if isinstance(field, models.DateTimeField):
        # Every row of a batch carries the same timestamp: adapt it once.
        last: list = [None, None]

        def adapt_datetime(value):
            if value is not last[0]:
                last[0] = value
                last[1] = ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value
            return last[1]

        return adapt_datetime
    if isinstance(field, models.DateField):
        return lambda value: ops.adapt_datefield_value(value) if isinstance(value, date) else value
    return None


def insert_rows_ignoring_conflicts(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence], *, conflict: Sequence[str]
) -> None:
    """INSERT rows (values in ``columns`` order, by field name); rows that would break the
    unique ``conflict`` columns are skipped, as a concurrent import may have written them."""
    fields = [model._meta.get_field(name) for name in columns]
    quote = connection.ops.quote_name
    into = "INSERT INTO {table} ({cols})".format(
        table=quote(model._meta.db_table), cols=", ".join(quote(f.column) for f in fields))
    on_conflict = "ON CONFLICT ({}) DO NOTHING".format(
        ", ".join(quote(model._meta.get_field(name).column) for name in conflict))
    if connection.vendor == "postgresql":
        _insert_postgresql(fields, into, on_conflict, rows)
        return
    adapters = [_adapter(f) for f in fields]
    params = [
        [adapt(value) if adapt and value is not None else value for adapt, value in zip(adapters, row)]
        for row in rows
    ]
    if params:
        row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
        with connection.cursor() as cursor:
            cursor.executemany(f"{into} VALUES {row_marks} {on_conflict}", params)


def _insert_postgresql(fields: list[models.Field], into: str, on_conflict: str, rows: Iterable[Sequence]) -> None:
    """The rows as one JSON array, unpacked by ``json_to_recordset`` into the columns' own types:
    one statement and one parameter however many rows. A multi-row VALUES list with a parameter
    per value was two thirds of the import's SQL time at 10,000 researchers: psycopg binds
    parameters in the client and re-parses a statement that long on every call (it caches only
    short ones), then quotes every value one by one. Also one statement, so the search words'
    statement triggers (migration 0020) fire once per batch."""
    keys = [f"c{i}" for i in range(len(fields))]  # the record's own names: no quoting questions
    document = [
        {key: _json_value(value) for key, value in zip(keys, row) if value is not None}
        for row in rows
    ]
    if not document:
        return
    types = ", ".join(f"{key} {field.db_type(connection)}" for key, field in zip(keys, fields))
    # In the rows' order, so of two rows with one key the first is stored, as on SQLite.
    with connection.cursor() as cursor:
        cursor.execute(f"{into} SELECT {', '.join(keys)} FROM ROWS FROM (json_to_recordset(%s::json) AS ({types})) "
                       f"WITH ORDINALITY AS r({', '.join(keys)}, row_number) ORDER BY row_number {on_conflict}",
                       [json.dumps(document, ensure_ascii=False, separators=(",", ":"))])


def _json_value(value):
    # Dates and timestamps as ISO 8601, which PostgreSQL reads back into date and timestamptz
    # columns exactly (with the offset, so no time zone setting can move a timestamp).
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def update_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """UPDATE rows by primary key: each row is the pk, then the values in ``columns`` order. An
    import changes a few stored papers per capture, each compiled by the ORM as its own UPDATE
    at ~0.4 ms apiece; this is one statement sent ``executemany``."""
    fields = [model._meta.get_field(name) for name in columns]
    adapters = [_adapter(f) for f in fields]
    quote = connection.ops.quote_name
    sql = "UPDATE {table} SET {sets} WHERE {pk} = %s".format(
        table=quote(model._meta.db_table),
        sets=", ".join(f"{quote(f.column)} = %s" for f in fields),
        pk=quote(model._meta.pk.column),
    )
    params = [
        [adapt(value) if adapt and value is not None else value for adapt, value in zip(adapters, values)] + [pk]
        for pk, *values in rows
    ]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
