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
    sql = "INSERT INTO {table} ({cols}) VALUES ({marks}) ON CONFLICT ({conflict}) DO NOTHING".format(
        table=quote(model._meta.db_table),
        cols=", ".join(quote(f.column) for f in fields),
        marks=", ".join(["%s"] * len(fields)),
        conflict=", ".join(quote(model._meta.get_field(name).column) for name in conflict),
    )
    params = [
        [adapt(value) if adapt and value is not None else value for adapt, value in zip(adapters, row)]
        for row in rows
    ]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


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
