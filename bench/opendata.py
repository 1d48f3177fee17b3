"""Popolo and the sitemap (issue 26.4): the time to build each document (what every request
cost before, and what the background build costs after a change) beside serving it from its
stored file while the data is unchanged. Plugs into `make bench` (bench/all.py,
bench/table.py); the stored files go to the bench's own ``LVZHI_VAR_DIR``."""

from __future__ import annotations

import time

from table import Context, Row


def rows(ctx: Context) -> list[Row]:
    from lvzhi.api.opendata_files import POPOLO, popolo_bytes
    from lvzhi.core import prebuilt
    from lvzhi.portal.views import sitemap_bytes

    out: list[Row] = []
    t0 = time.perf_counter()
    size = len(popolo_bytes())
    build_ms = (time.perf_counter() - t0) * 1000
    out.append(
        ctx.row(
            "opendata",
            "Popolo build (each request before)",
            build_ms,
            note=f"{size / 1e6:.1f} MB",
        )
    )
    prebuilt.build(POPOLO)
    out.append(ctx.page("opendata", "Popolo from the stored file", None, "/api/v1/public/popolo"))
    out[-1].target = "p95 < 100 ms"
    t0 = time.perf_counter()
    size = len(sitemap_bytes("http://testserver"))
    out.append(
        ctx.row(
            "opendata",
            "sitemap build (each uncached request before)",
            (time.perf_counter() - t0) * 1000,
            note=f"{size / 1e6:.2f} MB",
        )
    )
    out.append(ctx.page("opendata", "sitemap from the stored file", None, "/portal/sitemap.xml"))
    out[-1].target = "p95 < 100 ms"
    return out
