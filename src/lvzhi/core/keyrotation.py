"""Rotating the field-encryption key (issue 27.5; PIPL Art 51: personal numbers encrypted at
rest). The order an operator follows (docs/deployment.md, "Rotating the field key"):

1. the new key first: ``LVZHI_FIELD_KEY`` = the new key, ``LVZHI_FIELD_OLD_KEYS`` = the old one,
   every app server restarted — new values are written with the new key, old ones still read
   (``core.crypto``'s keyring), look-ups match the digest under either key;
2. ``lvzhi rotate_field_key`` re-encrypts and re-hashes the stored rows in small batches while
   the platform runs (each batch one short transaction holding its rows' locks, so an edit made
   meanwhile is never overwritten; rerunning it resumes: rows already on the new key are
   skipped);
3. ``lvzhi rotate_field_key --check`` says whether anything still needs an old key; when it
   says so no longer, ``LVZHI_FIELD_OLD_KEYS`` is removed and the servers restarted.

Each app registers the columns it encrypts (``register``) in its ``AppConfig.ready``. One-time
codes are stored only as a digest of a code nobody kept, so they cannot be re-hashed: those
issued before the rotation keep working while the old key is in the keyring, and ``--check``
counts the unused ones that retiring it would invalidate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.db import models, transaction

from . import audit, clock, crypto, rules


@dataclass(frozen=True)
class EncryptedColumns:
    """A model's encrypted columns, and its look-up digests with the column each digests."""

    model: type[models.Model]
    encrypted: tuple[str, ...]
    hashes: Mapping[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def columns(self) -> list[str]:
        return [*self.encrypted, *self.hashes]


_REGISTERED: dict[str, EncryptedColumns] = {}


def register(columns: EncryptedColumns) -> None:
    _REGISTERED[columns.label] = columns


def registered() -> list[EncryptedColumns]:
    return [_REGISTERED[k] for k in sorted(_REGISTERED)]


def fingerprint(secret: str) -> str:
    """A short, one-way name of a key for the audit log (never the key itself)."""
    return hashlib.sha256(("lvzhi-key-fingerprint:" + secret).encode()).hexdigest()[:12]


@dataclass
class TableStatus:
    label: str
    rows: int = 0
    stale: int = 0  # rows with a value or a digest still under an old key
    unreadable: int = 0  # rows with a value no key of the keyring reads


@dataclass
class Status:
    tables: list[TableStatus]
    codes_before_rotation: int  # unused one-time codes hashed before this key's rotation began

    @property
    def stale(self) -> int:
        return sum(t.stale for t in self.tables)

    @property
    def unreadable(self) -> int:
        return sum(t.unreadable for t in self.tables)

    @property
    def ready_to_retire(self) -> bool:
        return self.stale == 0 and self.unreadable == 0


def _row_update(columns: EncryptedColumns, row: models.Model) -> tuple[list[str], bool]:
    """The columns of ``row`` to rewrite with the current key (set on ``row``), and whether a
    value could not be read at all (then that value is left as it is)."""
    changed: list[str] = []
    unreadable = False
    plain: dict[str, str] = {}
    for name in columns.encrypted:
        token = getattr(row, name) or ""
        try:
            if not crypto.is_current(token):
                setattr(row, name, crypto.reencrypt(token))
                changed.append(name)
        except InvalidToken:
            unreadable = True
            continue
        plain[name] = crypto.decrypt(getattr(row, name) or "")
    for hash_name, source in columns.hashes.items():
        if source not in plain:
            continue
        want = crypto.lookup_hash(plain[source])
        if (getattr(row, hash_name) or "") != want:
            setattr(row, hash_name, want)
            changed.append(hash_name)
    return changed, unreadable


def _pending_codes(since: object) -> int:
    from .models import OneTimeCode

    return (
        OneTimeCode.objects.filter(used_at__isnull=True, created_at__lt=since)
        .exclude(code_hash="")
        .exclude(expires_at__lte=clock.now())
        .count()
    )


def _rotation_started_at() -> object:
    """When the rotation to the current key began (its first ``crypto.rotation_started``
    audit event), or now when it has not begun yet."""
    from .models import AuditEvent

    mark = fingerprint(settings.FIELD_ENCRYPTION_KEY)
    first = (
        AuditEvent.objects.filter(action="crypto.rotation_started", after__key=mark)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    return first or clock.now()


def status() -> Status:
    """What still needs an old key: rows to re-encrypt or re-hash, unreadable values, and the
    unused one-time codes issued before the rotation began."""
    tables = []
    for columns in registered():
        st = TableStatus(columns.label)
        for row in columns.model._default_manager.only("pk", *columns.columns).iterator(
            chunk_size=2000
        ):
            st.rows += 1
            changed, unreadable = _row_update(columns, row)
            st.stale += bool(changed)
            st.unreadable += unreadable
        tables.append(st)
    return Status(tables, _pending_codes(_rotation_started_at()))


Progress = Callable[[str, int, int], None]


def _audit(action: str, **after: Any) -> None:
    """A rotation's start or end in the audit log, with the fingerprint of the current key."""
    audit.record(
        actor=None,
        action=action,
        object_type="field_key",
        after={"key": fingerprint(settings.FIELD_ENCRYPTION_KEY), **after},
    )


def rotate(
    *, batch_size: int = rules.KEY_ROTATION_BATCH, progress: Progress | None = None
) -> Status:
    """Re-encrypt and re-hash every registered row still under an old key, ``batch_size`` rows
    per transaction, calling ``progress(table, done, total)`` after each batch. Safe while the
    platform runs and safe to rerun. Returns what still needs an old key afterwards."""
    _audit("crypto.rotation_started", keys_read=len(crypto.keyring()))
    rewritten = 0
    for columns in registered():
        manager = columns.model._default_manager
        total = manager.count()
        done = 0
        last_pk = None
        while True:
            ids_qs = manager.order_by("pk").values_list("pk", flat=True)
            if last_pk is not None:
                ids_qs = ids_qs.filter(pk__gt=last_pk)
            ids = list(ids_qs[:batch_size])
            if not ids:
                break
            last_pk = ids[-1]
            with transaction.atomic():
                rows = list(
                    manager.select_for_update()
                    .filter(pk__in=ids)
                    .only("pk", *columns.columns)
                    .order_by("pk")
                )
                to_save: list[models.Model] = []
                fields: set[str] = set()
                for row in rows:
                    changed, _unreadable = _row_update(columns, row)
                    if changed:
                        to_save.append(row)
                        fields.update(changed)
                if to_save:
                    manager.bulk_update(to_save, sorted(fields))
                    rewritten += len(to_save)
            done += len(ids)
            if progress is not None:
                progress(columns.label, min(done, max(total, done)), max(total, done))
    after = status()
    _audit(
        "crypto.rotation_finished",
        rewritten=rewritten,
        stale=after.stale,
        unreadable=after.unreadable,
        codes_before_rotation=after.codes_before_rotation,
    )
    return after
