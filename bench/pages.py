"""Main pages of issue 11 not covered by the other benches: the public portal's deputy
directory (anonymous), its name search, and the staff directory's name search, at the scale
of the bench database. Plugs into `make bench` (bench/all.py, bench/table.py)."""

from __future__ import annotations

from table import Context, Row


def rows(ctx: Context) -> list[Row]:
    return [
        ctx.page("pages", "portal directory", None, "/portal/deputies/", target="p95 < 50 ms"),
        ctx.page(
            "pages",
            "portal directory, county",
            None,
            "/portal/deputies/",
            {"division": "654002"},
            target="p95 < 50 ms",
        ),
        ctx.page(
            "pages",
            "portal search 'ma'",
            None,
            "/portal/deputies/",
            {"q": "ma"},
            target="p95 < 100 ms",
        ),
    ]
