"""Issue 27.5: the field-encryption key is rotated on a populated database — the new key first
with the old one still read (the keyring), the rows re-encrypted and re-hashed in batches while
the platform works, then the old key retired — and no ID number, phone number, citizen's name or
webhook secret is lost on the way."""

from __future__ import annotations

import threading
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from lvzhi.core import crypto, keyrotation, onetime
from lvzhi.core.errors import ValidationFailed
from lvzhi.core.models import CodePurpose, User
from lvzhi.registry import services as registry_services
from lvzhi.registry.models import Deputy
from lvzhi.registry.phones import DeputyPhones
from lvzhi.stations.models import Opinion

from ..registry.factories import deputy_data

NEW_KEY = "rotation-test-new-field-key-" + "n7Qx" * 10


def _plain_values() -> dict[str, dict[int, tuple[str, ...]]]:
    return {
        "deputies": {
            d.pk: (crypto.decrypt(d.id_number_encrypted), crypto.decrypt(d.phone_encrypted))
            for d in Deputy.objects.all()
        },
        "opinions": {
            o.pk: (crypto.decrypt(o.citizen_name_encrypted), crypto.decrypt(o.phone_encrypted))
            for o in Opinion.objects.all()
        },
    }


def _new_key_first(settings: Any) -> str:
    """Step 1 of the rotation: the new key becomes current, the old one stays readable."""
    old = settings.FIELD_ENCRYPTION_KEY
    settings.FIELD_ENCRYPTION_KEY = NEW_KEY
    settings.FIELD_ENCRYPTION_OLD_KEYS = (old,)
    return old


@pytest.mark.django_db
def test_rotation_keeps_every_personal_number_readable_before_during_and_after(
    settings: Any,
) -> None:
    before = _plain_values()
    assert len(before["deputies"]) > 50 and before["opinions"], "the seeded data set is populated"
    assert all(ids and phones for ids, phones in before["deputies"].values())
    sample = Deputy.objects.exclude(user=None).exclude(phone_encrypted="").first()
    assert sample is not None
    sample_id, sample_phone = before["deputies"][sample.pk]
    code_user = User.objects.get(username="office")
    old_code = onetime.issue(
        user=code_user, purpose=CodePurpose.PASSWORD_RESET, length=8, valid_for=None
    )

    old = _new_key_first(settings)
    # Before the batches: old rows read and are found by their numbers under the new key.
    assert _plain_values() == before
    assert DeputyPhones().user_with_phone(sample_phone) == sample.user_id
    with pytest.raises(ValidationFailed):
        registry_services._check_duplicate_id(deputy_data(id_number=sample_id))
    assert onetime.peek(purpose=CodePurpose.PASSWORD_RESET, code=old_code) == code_user

    seen_during: list[tuple[str, int, int]] = []
    last = Deputy.objects.order_by("-pk").first()
    assert last is not None

    def progress(table: str, done: int, total: int) -> None:
        seen_during.append((table, done, total))
        if table == "registry.deputy" and done < total:
            # Mid-rotation: the last deputy is not rewritten yet, and still reads.
            row = Deputy.objects.get(pk=last.pk)
            assert not crypto.is_current(row.id_number_encrypted)
            assert crypto.decrypt(row.id_number_encrypted) == before["deputies"][last.pk][0]
            assert registry_services.Deputy.objects.filter(
                id_number_hash__in=crypto.lookup_hashes(before["deputies"][last.pk][0])
            ).exists()

    status = keyrotation.rotate(batch_size=40, progress=progress)
    assert any(done < total for t, done, total in seen_during if t == "registry.deputy")
    assert ("registry.deputy", len(before["deputies"]), len(before["deputies"])) in seen_during
    assert status.ready_to_retire
    assert status.codes_before_rotation >= 1  # the reset code above: retiring would void it

    for d in Deputy.objects.all():
        assert crypto.is_current(d.id_number_encrypted) and crypto.is_current(d.phone_encrypted)
        ids, phones = before["deputies"][d.pk]
        assert d.id_number_hash == crypto.lookup_hash(ids)
        assert d.phone_hash == crypto.lookup_hash(phones)
    for o in Opinion.objects.all():
        assert crypto.is_current(o.citizen_name_encrypted) and crypto.is_current(o.phone_encrypted)
        assert o.phone_hash == crypto.lookup_hash(before["opinions"][o.pk][1])

    # Step 3: the old key retired — everything still reads and is still found.
    settings.FIELD_ENCRYPTION_OLD_KEYS = ()
    assert crypto.keyring() == (NEW_KEY,)
    assert _plain_values() == before
    assert DeputyPhones().user_with_phone(sample_phone) == sample.user_id
    with pytest.raises(ValidationFailed):
        registry_services._check_duplicate_id(deputy_data(id_number=sample_id))
    # A value under the retired key no longer reads: the rotation really changed the key.
    settings.FIELD_ENCRYPTION_KEY = old
    assert crypto.decrypt(Deputy.objects.get(pk=sample.pk).id_number_encrypted) == ""


@pytest.mark.django_db
def test_rotate_field_key_command_shows_progress_and_check_says_when_the_old_key_can_go(
    settings: Any,
) -> None:
    _new_key_first(settings)
    out = StringIO()
    with pytest.raises(SystemExit) as stop:
        call_command("rotate_field_key", "--check", stdout=out)
    assert stop.value.code == 1
    assert "under an old key" in out.getvalue() and "run `lvzhi rotate_field_key`" in out.getvalue()

    out = StringIO()
    call_command("rotate_field_key", "--batch", "100", stdout=out)
    text = out.getvalue()
    assert "registry.deputy" in text and "100.0%" in text and "rows/s" in text
    assert "Remove LVZHI_FIELD_OLD_KEYS" in text

    out = StringIO()
    call_command("rotate_field_key", "--check", stdout=out)
    assert "LVZHI_FIELD_OLD_KEYS can be removed" in out.getvalue()
    from lvzhi.core.models import AuditEvent

    finished = AuditEvent.objects.filter(action="crypto.rotation_finished").latest("at")
    assert finished.after["stale"] == 0 and finished.after["rewritten"] > 0
    assert NEW_KEY not in str(finished.after)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_an_edit_made_while_a_batch_runs_is_never_overwritten_by_the_rotation(
    seeded_transactional: None, settings: Any
) -> None:
    _new_key_first(settings)
    target = Deputy.objects.exclude(phone_encrypted="").order_by("pk").first()
    assert target is not None
    locked = threading.Event()
    release = threading.Event()
    errors: list[BaseException] = []

    def edit() -> None:
        # An app server changes the deputy's phone in a transaction that holds the row.
        try:
            with transaction.atomic():
                row = Deputy.objects.select_for_update().get(pk=target.pk)
                locked.set()
                assert release.wait(timeout=60)
                row.phone_encrypted = crypto.encrypt("13800009999")
                row.phone_hash = crypto.lookup_hash("13800009999")
                row.save(update_fields=["phone_encrypted", "phone_hash"])
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    def rotation_waits_on_the_row() -> bool:
        with connections["default"].cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
            return bool(cursor.fetchone()[0])

    editor = threading.Thread(target=edit)
    editor.start()
    assert locked.wait(timeout=60)
    result: list[keyrotation.Status] = []
    rotator = threading.Thread(
        target=lambda: (result.append(keyrotation.rotate(batch_size=20)), connections.close_all())
    )
    rotator.start()
    while not rotation_waits_on_the_row():
        assert rotator.is_alive(), "the rotation must wait for the edited row"
        threading.Event().wait(0.05)
    release.set()
    editor.join(timeout=60)
    rotator.join(timeout=120)
    assert not errors
    assert result and result[0].ready_to_retire
    row = Deputy.objects.get(pk=target.pk)
    assert crypto.decrypt(row.phone_encrypted) == "13800009999"
    assert row.phone_hash == crypto.lookup_hash("13800009999")
