"""Set-based inserts and updates for the import's hot path.

Importing 2,000 captures writes ~100,000 paper rows and as many authorships; Django's
bulk_create spends most of that time compiling per-value expressions. These inserts send
plain parameter rows with ``executemany`` and ``ON CONFLICT DO NOTHING`` (SQLite and
PostgreSQL alike), adapting only the value types the catalogue uses.
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
    adapters = [_adapter(f) for f in fields]
    quote = connection.ops.quote_name
    into = "INSERT INTO {table} ({cols})".format(
        table=quote(model._meta.db_table), cols=", ".join(quote(f.column) for f in fields))
    on_conflict = "ON CONFLICT ({}) DO NOTHING".format(
        ", ".join(quote(model._meta.get_field(name).column) for name in conflict))
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = [
        [adapt(value) if adapt and value is not None else value for adapt, value in zip(adapters, row)]
        for row in rows
    ]
    if not params:
        return
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(f"{into} VALUES {row_marks} {on_conflict}", params)
            return
        # PostgreSQL: one statement per batch of rows, not one per row. The search words'
        # statement triggers (migration 0020) fire once per statement, and with executemany
        # each of a capture's ~40 authorships was a statement of its own.
        per_statement = max(1, _PARAMETERS_PER_STATEMENT // len(fields))
        for start in range(0, len(params), per_statement):
            batch = params[start:start + per_statement]
            cursor.execute(f"{into} VALUES {', '.join([row_marks] * len(batch))} {on_conflict}",
                           [value for row in batch for value in row])


# PostgreSQL takes at most 65,535 parameters in one statement.
_PARAMETERS_PER_STATEMENT = 65_535


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
