"""Database helpers shared by bulk paths (imports, seeding, periodic jobs)."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction


def update_rows(
    model: type[models.Model],
    objs: Sequence[models.Model],
    fields: Sequence[str],
    batch_size: int = 1000,
) -> int:
    """``UPDATE … WHERE id = …`` for many rows with one prepared statement (executemany).

    Django's ``bulk_update`` builds a CASE expression per field and row, which costs seconds of
    Python time for ten thousand rows; this runs the same updates in a fraction of that.
    No signals, no ``save()``: callers are bulk paths that own the whole change.
    """
    if not objs:
        return 0
    opts = model._meta
    concrete = [opts.get_field(name) for name in fields]
    qn = connection.ops.quote_name
    columns = [str(getattr(f, "column", name)) for f, name in zip(concrete, fields, strict=True)]
    assignments = ", ".join(f"{qn(column)} = %s" for column in columns)
    table, pk_column = qn(opts.db_table), qn(str(opts.pk.column))
    sql = f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            params = [
                [
                    f.get_db_prep_save(getattr(obj, f.attname), connection)  # type: ignore[union-attr]
                    for f in concrete
                ]
                + [obj.pk]
                for obj in objs[start : start + batch_size]
            ]
            cursor.executemany(sql, params)
    return len(objs)


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> int:
    """Insert many plain rows (column values already in database form), skipping rows that
    would break a unique constraint. PostgreSQL: COPY into a temporary table, then one
    ``INSERT … SELECT … ON CONFLICT DO NOTHING`` — for tens of thousands of rows this is a
    fraction of what building ``INSERT`` statements costs. Elsewhere: ``bulk_create``.
    Returns the number of rows given (not the number new)."""
    if not rows:
        return 0
    opts = model._meta
    if connection.vendor != "postgresql":
        attnames = [_concrete(model, c).attname for c in columns]
        model._default_manager.bulk_create(
            [model(**dict(zip(attnames, row, strict=True))) for row in rows],
            ignore_conflicts=True,
            batch_size=1000,
        )
        return len(rows)
    from psycopg import sql

    table = opts.db_table
    cols = [str(_concrete(model, c).column) for c in columns]
    ident_cols = sql.SQL(", ").join(sql.Identifier(c) for c in cols)
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        raw.execute(
            sql.SQL(
                "CREATE TEMPORARY TABLE _lvzhi_rows ON COMMIT DROP AS SELECT {} FROM {} LIMIT 0"
            ).format(ident_cols, sql.Identifier(table))
        )
        with raw.copy(sql.SQL("COPY _lvzhi_rows ({}) FROM STDIN").format(ident_cols)) as copy:
            for row in rows:
                copy.write_row(row)
        raw.execute(
            sql.SQL("INSERT INTO {} ({}) SELECT {} FROM _lvzhi_rows ON CONFLICT DO NOTHING").format(
                sql.Identifier(table), ident_cols, ident_cols
            )
        )
        raw.execute("DROP TABLE _lvzhi_rows")
    return len(rows)


def _concrete(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def analyze(*model_classes: type[models.Model]) -> None:
    """Refresh the planner's statistics after a bulk load, so the first requests after an
    import or a seed get good plans (PostgreSQL and SQLite both know ANALYZE)."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in model_classes:
            cursor.execute(f"ANALYZE {qn(model._meta.db_table)}")


def settle_bulk_load() -> None:
    """After a bulk load or a restore, make the data as fast to read as data that has been
    lived with: on PostgreSQL ``VACUUM (ANALYZE)`` of the whole database, which records every
    page as visible to all (the visibility map: index-only scans then skip the table), sets
    the rows' commit hint bits and gathers the planner's statistics. Without it the first
    requests after a build or a restore pay for all three (issue 26.2, docs/performance.md:
    the suggestion queue's index-only scans fetched every row from the table until
    autovacuum came by). VACUUM cannot run inside a transaction: there (the tests) and on
    SQLite only the statistics are gathered."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")


@contextmanager
def job_lock(name: str) -> Iterator[None]:
    """One run of a periodic job at a time, inside one transaction: on PostgreSQL an advisory
    lock held until the commit, so a second run started meanwhile waits, then reads what the
    first one recorded and sends nothing again. SQLite's ``BEGIN IMMEDIATE`` (settings)
    already serialises writers."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
        yield


def reserve_ids(model: type[models.Model], count: int) -> int:
    """Reserve ``count`` consecutive primary keys of ``model`` on PostgreSQL and return the
    first, so a bulk load can write rows that point at each other (a deputy and their seats)
    through COPY without reading the keys back. For seeding, when nothing else writes the
    table: another session's ``nextval`` between the two statements would share the block."""
    if connection.vendor != "postgresql":
        raise RuntimeError("reserve_ids needs PostgreSQL")
    if count < 1:
        raise ValueError("count must be positive")
    table, column = model._meta.db_table, str(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s)", [sequence])
        (first,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return int(first)


@models.Field.register_lookup
class AnyOf(models.Lookup):
    """``field__any_of=[…ids…]``: ``field = ANY(%s)`` with the whole list as ONE array
    parameter on PostgreSQL, an ``IN (…)`` elsewhere.

    ``field__in`` with a list of thousands of numbers (the terms in a large prefecture office's
    scope: 17,000) spends most of a page's time in Python building and binding one parameter
    per number (about 170 ms for 17,000); the array costs a fraction of that, and the planner
    still sees the constant list, so its estimates stay as good as with ``IN``, and hashes it
    (PostgreSQL 14 and later) when it filters row by row."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [int(v) for v in self.rhs]
        if connection.vendor == "postgresql":
            # Cast to the column's own type: psycopg sends small numbers as int2[], and
            # ``bigint = ANY(int2[])`` cannot use the hashed lookup (a linear search per row).
            column_type = self.lhs.output_field.db_type(connection)
            return f"{lhs} = ANY(%s::{column_type}[])", [*lhs_params, values]
        if not values:
            return "1 = 0", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


# Lookups of relations are looked up on ForeignObject and below only (Django keeps Field's
# own lookups off relations): ``term_id__any_of`` needs its own registration.
models.ForeignObject.register_lookup(AnyOf)


@contextmanager
def prepared_cursor() -> Iterator[Any]:
    """A cursor whose statements PostgreSQL plans once per connection and then only binds and
    runs (issue 26.1: the phone vote's statement takes about 0.4 ms to plan and 0.15 ms to
    run; unprepared, it is planned on every vote). Through Django's cursor wrapper, so each
    statement is logged and counted like any other query; one statement per ``execute`` (the
    extended protocol), parameters bound by the server.

    Django's own cursors bind on the client and never prepare: a pooler in transaction mode
    must not be sent a prepared statement (settings, ``LVZHI_DB_POOLER``). Behind one, or off
    PostgreSQL, this is Django's ordinary cursor."""
    from django.conf import settings

    if connection.vendor != "postgresql" or settings.DB_POOLER:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Only the cursors made here prepare: Django's client-binding cursors never do, and a
        # count this high never makes a server-binding cursor prepare of its own accord.
        raw.prepare_threshold = 2**31 - 1
    preparing = _preparing_cursor_class()(raw)
    preparing.shows_query = connection.queries_logged
    wrapper: Any = connection  # Django's own wrapping (logged when queries are logged)
    cursor = wrapper._prepare_cursor(preparing)
    try:
        yield cursor
    finally:
        cursor.close()


@functools.cache
def _preparing_cursor_class() -> type[Any]:
    """psycopg's server-binding cursor (as Django makes it) asking for every statement to be
    prepared; made on first use, once PostgreSQL's backend is loaded."""
    from django.db.backends.postgresql import base

    server_binding: Any = base.ServerBindingCursor

    class PreparingCursor(server_binding):
        shows_query = False

        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            result = super().execute(query, params, prepare=True, **kwargs)
            if self.shows_query:  # for Django's query log (its last_executed_query)
                self._query = self._convert_query(query, params)
            return result

    return PreparingCursor
