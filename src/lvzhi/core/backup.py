"""Backups and restores (issue 11, item 5): the database (pg_dump on PostgreSQL, SQLite's online
backup on the demo) and the uploads, in one .tar file with a manifest of row counts and a
checksum, so that a restore can prove it brought back exactly what was saved.

Uploads are the directory ``MEDIA_ROOT``, or every object of the bucket (under the storage's
``location``) when they live on an S3-compatible object store (issue 27.4): each object is
streamed into the archive under ``uploads/`` with its content type in a PAX header, and a
restore puts each back under its own key."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection

from .db import settle_bulk_load

Progress = Callable[[str], None]
MANIFEST = "manifest.json"
UPLOADS = "uploads"
CONTENT_TYPE_HEADER = "LVZHI.content_type"


def fingerprint(conn: Any = None) -> dict[str, Any]:
    """Row counts per table and one checksum over every row of every table, in primary-key
    order: what a restore must reproduce. ``conn``: a connection whose transaction holds the
    snapshot to fingerprint (the backup's own), else the default connection."""
    conn = conn or connection
    counts: dict[str, int] = {}
    digest = hashlib.sha256()
    qn = conn.ops.quote_name
    with conn.cursor() as cursor:
        for model in sorted(apps.get_models(), key=lambda m: m._meta.db_table):
            opts = model._meta
            if not opts.managed or opts.proxy:
                continue
            table = opts.db_table
            cols = ", ".join(qn(str(f.column)) for f in opts.concrete_fields)
            order = qn(str(opts.pk.column))
            cursor.execute(f"SELECT {cols} FROM {qn(table)} ORDER BY {order}")  # noqa: S608
            n = 0
            for row in cursor.fetchall():
                digest.update(repr(tuple(_plain(v) for v in row)).encode())
                n += 1
            counts[table] = n
    return {"counts": counts, "checksum": digest.hexdigest()}


def _plain(value: Any) -> Any:
    """The same text for a value whichever database returned it."""
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.dumps(json.loads(value), sort_keys=True, ensure_ascii=False)
        except ValueError:
            return value
    return value


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise FileNotFoundError(f"{name} is not installed (Debian package postgresql-client)")
    return path


def _pg_args() -> tuple[list[str], dict[str, str]]:
    import os

    db = connection.settings_dict
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432)]
    args += ["-U", db.get("USER") or "postgres"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _private_file(path: Path) -> Any:
    """A new file only its owner may read (0600, whatever the umask): backups hold personal
    data."""
    import os

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "wb")


def backup(dest_dir: Path, progress: Progress = print) -> Path:
    """Write ``lvzhi-backup-<time>.tar`` (mode 0600) into ``dest_dir`` and return its path.

    On PostgreSQL the dump and the manifest's row counts and checksum come from ONE snapshot
    (issue 18.5): a REPEATABLE READ transaction exports its snapshot, ``pg_dump --snapshot``
    dumps exactly it, and the fingerprint is read in the same transaction, so a backup taken
    while the platform serves still verifies on restore."""
    from django.db import connections

    dest_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    target = dest_dir / f"lvzhi-backup-{stamp}.tar"
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        progress("1/3 database …")
        if connection.vendor == "postgresql":
            args, env = _pg_args()
            db_file = tmp / "database.pgdump"
            snap = connections.create_connection(DEFAULT_DB_ALIAS)
            try:
                snap.set_autocommit(False)
                with snap.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    cursor.execute("SELECT pg_export_snapshot()")
                    snapshot = cursor.fetchone()[0]
                subprocess.run(  # noqa: S603 (arguments from the settings, not from users)
                    [
                        _tool("pg_dump"),
                        *args,
                        "-Fc",
                        f"--snapshot={snapshot}",
                        "-f",
                        str(db_file),
                        connection.settings_dict["NAME"],
                    ],
                    check=True,
                    env=env,
                )
                progress("2/3 row counts and checksum (the dump's snapshot) …")
                found = fingerprint(snap)
            finally:
                snap.rollback()
                snap.close()
        else:
            import sqlite3

            db_file = tmp / "database.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(db_file) as out:
                connection.connection.backup(out)
            progress("2/3 row counts and checksum …")
            found = fingerprint()
        manifest: dict[str, Any] = {
            "created": stamp,
            "vendor": connection.vendor,
            "database": db_file.name,
            **found,
        }
        progress("3/3 uploads …")
        with _private_file(target) as fh, tarfile.open(fileobj=fh, mode="w") as tar:
            tar.add(db_file, arcname=db_file.name)
            manifest["uploads"] = _uploads_into(tar)
            progress("    {files} files, {bytes} bytes ({kind})".format_map(manifest["uploads"]))
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    progress(f"backup written: {target}")
    return target


def restore(archive: Path, progress: Progress = print) -> dict[str, Any]:
    """Put the database and the uploads of ``archive`` back, then check row counts and the
    checksum against its manifest. Returns the manifest; raises if they differ."""
    with tempfile.TemporaryDirectory() as tmp_name, tarfile.open(archive) as tar:
        tmp = Path(tmp_name)
        types = {
            m.name.removeprefix(f"{UPLOADS}/"): m.pax_headers[CONTENT_TYPE_HEADER]
            for m in tar.getmembers()
            if CONTENT_TYPE_HEADER in m.pax_headers
        }
        tar.extractall(tmp, filter="data")
        manifest = json.loads((tmp / MANIFEST).read_text(encoding="utf-8"))
        if manifest["vendor"] != connection.vendor:
            raise ValueError(
                f"the backup is of a {manifest['vendor']} database, this is {connection.vendor}"
            )
        progress("1/3 database …")
        db_file = tmp / manifest["database"]
        if connection.vendor == "postgresql":
            args, env = _pg_args()
            name = connection.settings_dict["NAME"]
            connection.close()
            subprocess.run(  # noqa: S603 (arguments from the settings, not from users)
                [
                    _tool("pg_restore"),
                    *args,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "-d",
                    name,
                    str(db_file),
                ],
                check=True,
                env=env,
            )
            progress("    vacuum and statistics …")
            settle_bulk_load()  # pg_restore leaves no statistics and no visibility map
        else:
            import sqlite3

            connection.ensure_connection()
            with sqlite3.connect(db_file) as src:
                src.backup(connection.connection)
        progress("2/3 uploads …")
        _uploads_from(tmp / UPLOADS, types, manifest.get("uploads"), progress)
        progress("3/3 comparing row counts and checksum …")
        connection.close()
        found = fingerprint()
        if found["counts"] != manifest["counts"] or found["checksum"] != manifest["checksum"]:
            diff = {
                t: (manifest["counts"].get(t), n)
                for t, n in found["counts"].items()
                if manifest["counts"].get(t) != n
            }
            raise ValueError(f"the restored data differ from the backup: {diff or 'checksum'}")
        progress("restore verified: row counts and checksum match the backup")
        return dict(manifest)


def _bucket() -> tuple[Any, str] | None:
    """The object store's bucket and the key prefix of the uploads, or None when the uploads
    are files under ``MEDIA_ROOT``."""
    from django.core.files.storage import default_storage

    from .privatefiles import object_store

    bucket = object_store(default_storage)
    if bucket is None:
        return None
    location = str(getattr(default_storage, "location", "") or "").strip("/")
    return bucket, f"{location}/" if location else ""


def _uploads_into(tar: tarfile.TarFile) -> dict[str, Any]:
    """Every upload into ``tar`` under ``uploads/``; what went in, for the manifest."""
    store = _bucket()
    if store is None:
        media = Path(settings.MEDIA_ROOT)
        added: list[int] = []

        def count(info: tarfile.TarInfo) -> tarfile.TarInfo:
            if info.isfile():
                added.append(info.size)
            return info

        if media.exists():
            tar.add(media, arcname=UPLOADS, filter=count)
        return {"kind": "filesystem", "files": len(added), "bytes": sum(added)}
    bucket, prefix = store
    files = size = 0
    for summary in bucket.objects.filter(Prefix=prefix):
        rel = summary.key[len(prefix) :]
        if not rel or rel.endswith("/"):
            continue  # a "folder" marker some consoles create
        # The object as it is when read (its length from the same answer as its bytes), streamed
        # into the archive without a temporary copy.
        try:
            got = bucket.Object(summary.key).get()
        except bucket.meta.client.exceptions.NoSuchKey:
            continue  # deleted since the listing: the database no longer points at it either
        info = tarfile.TarInfo(f"{UPLOADS}/{rel}")
        info.size = int(got["ContentLength"])
        info.mtime = int(got["LastModified"].timestamp())
        info.mode = 0o600
        if got.get("ContentType"):
            info.pax_headers = {CONTENT_TYPE_HEADER: str(got["ContentType"])}
        tar.addfile(info, got["Body"])
        files += 1
        size += info.size
    return {"kind": f"s3://{bucket.name}/{prefix}", "files": files, "bytes": size}


def _uploads_from(
    source: Path, types: dict[str, str], saved: dict[str, Any] | None, progress: Progress
) -> None:
    """Put the uploads of an unpacked archive back: the uploads directory replaced whole, or
    each object written back under its key (objects of the bucket that the backup does not
    hold are left, and counted). Raises when fewer files came back than the backup holds."""
    paths = sorted(p for p in source.rglob("*") if p.is_file()) if source.exists() else []
    store = _bucket()
    if store is None:
        media = Path(settings.MEDIA_ROOT)
        if source.exists():
            if media.exists():
                shutil.rmtree(media)
            shutil.copytree(source, media)
    else:
        bucket, prefix = store
        for path in paths:
            rel = path.relative_to(source).as_posix()
            extra = {"ContentType": types[rel]} if rel in types else {}
            bucket.upload_file(str(path), f"{prefix}{rel}", ExtraArgs=extra)
        kept = {f"{prefix}{p.relative_to(source).as_posix()}" for p in paths}
        others = sum(
            1 for o in bucket.objects.filter(Prefix=prefix) if o.key not in kept and o.key != prefix
        )
        progress(f"    {len(paths)} objects written to s3://{bucket.name}/{prefix}")
        if others:
            progress(f"    {others} objects in the bucket are not in the backup (left as they are)")
    if saved is not None and len(paths) != saved["files"]:
        raise ValueError(
            f"the backup lists {saved['files']} uploaded files, its archive holds {len(paths)}"
        )
