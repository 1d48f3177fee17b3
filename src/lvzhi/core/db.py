"""Database helpers shared by bulk paths (imports, seeding)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models


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


def analyze(*model_classes: type[models.Model]) -> None:
    """Refresh the planner's statistics after a bulk load, so the first requests after an
    import or a seed get good plans (PostgreSQL and SQLite both know ANALYZE)."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in model_classes:
            cursor.execute(f"ANALYZE {qn(model._meta.db_table)}")
