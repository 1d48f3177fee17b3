"""Shared by the benchmarks."""

from __future__ import annotations

import os


def ensure_postgres_database() -> None:
    """Create the benchmark's PostgreSQL database when DATABASE_URL names one that does not
    exist yet, so the documented command works on a fresh server."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(url)
    params = {
        "host": cfg.get("HOST") or None,
        "port": cfg.get("PORT") or None,
        "user": cfg.get("USER") or None,
        "password": cfg.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (cfg["NAME"],)
        ).fetchone()
        if not exists:
            print(f"Creating the database {cfg['NAME']} …")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))
