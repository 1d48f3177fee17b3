"""Deputies' accounts: invitation one by one and in bulk, activation codes, the account
following the seat, staff reset and unlock (issue 21, items 1-3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lvzhi.core import clock, onetime
from lvzhi.core import rules as core_rules
from lvzhi.core import services as core_services
from lvzhi.core.errors import NotFound, ValidationFailed
from lvzhi.core.models import AuditEvent, CodePurpose, OneTimeCode, User, UserSession
from lvzhi.registry import services
from lvzhi.registry.models import (
    AccountState,
    Deputy,
    Membership,
    MembershipStatus,
    Organisation,
    OrgKind,
)

pytestmark = pytest.mark.django_db

STRONG = "Kunes-Valley-2026!"


def u(name: str) -> User:
    return User.objects.get(username=name)


def yining_unit() -> Organisation:
    return Organisation.objects.get(
        kind=OrgKind.ELECTORAL_UNIT, division__code="654002", congress__level="prefecture"
    )


def deputies_without_account(n: int, unit: Organisation | None = None) -> list[Deputy]:
    unit = unit or yining_unit()
    return list(
        Deputy.objects.filter(
            memberships__electoral_unit=unit,
            memberships__status=MembershipStatus.SERVING,
            user__isnull=True,
        )
        .distinct()
        .order_by("pk")[:n]
    )


def test_inviting_a_deputy_opens_one_account_with_a_hashed_expiring_code() -> None:
    [deputy] = deputies_without_account(1)
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    deputy.refresh_from_db()
    assert deputy.user == inv.user
    assert not inv.user.has_usable_password()
    assert services.account_state(inv.user) == AccountState.INVITED
    assert len(inv.code) == core_rules.ACTIVATION_CODE_LENGTH
    assert set(inv.code) <= set(core_rules.CODE_ALPHABET)
    assert not set(inv.code) & set("01OIL")
    row = OneTimeCode.objects.get(user=inv.user, purpose=CodePurpose.ACTIVATION)
    assert inv.code not in row.code_hash and len(row.code_hash) == 64
    assert row.expires_at == row.created_at + core_rules.ACTIVATION_CODE_VALID
    assert AuditEvent.objects.filter(action="account.invited", object_id=str(inv.user.pk)).exists()


def test_a_second_invitation_reuses_the_account_and_voids_the_old_code() -> None:
    [deputy] = deputies_without_account(1)
    first = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    second = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    assert first.user.pk == second.user.pk
    assert onetime.peek(purpose=CodePurpose.ACTIVATION, code=first.code) is None
    assert onetime.peek(purpose=CodePurpose.ACTIVATION, code=second.code) == second.user


def test_staff_outside_the_deputys_unit_cannot_invite() -> None:
    [deputy] = deputies_without_account(1)
    with pytest.raises(NotFound):
        services.deputy_account_invite(actor=u("chabuchaer"), deputy=deputy)
    deputy.refresh_from_db()
    assert deputy.user is None


def test_bulk_invitation_covers_the_unit_and_skips_active_accounts() -> None:
    unit = yining_unit()
    before = services.account_status_counts(unit)
    invited = services.accounts_invite(actor=u("yining"), organisation=unit)
    after = services.account_status_counts(unit)
    assert len(invited) == before[AccountState.NONE] + before[AccountState.INVITED]
    assert after[AccountState.NONE] == 0
    assert after[AccountState.ACTIVE] == before[AccountState.ACTIVE]
    assert len({i.user.pk for i in invited}) == len(invited)


def test_bulk_invitation_outside_the_scope_is_refused() -> None:
    with pytest.raises(NotFound):
        services.accounts_invite(actor=u("chabuchaer"), organisation=yining_unit())
    assert not OneTimeCode.objects.exists()


def test_activation_sets_the_password_and_uses_the_code_once() -> None:
    [deputy] = deputies_without_account(1)
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    typed = onetime.pretty(inv.code).lower()  # case and dashes do not matter
    user = core_services.account_activate(code=typed, password=STRONG, ip="10.0.0.1")
    assert user.check_password(STRONG)
    assert services.account_state(User.objects.get(pk=user.pk)) == AccountState.ACTIVE
    with pytest.raises(ValidationFailed):
        core_services.account_activate(code=inv.code, password=STRONG, ip="10.0.0.1")


def test_activation_refuses_a_weak_password_and_keeps_the_code() -> None:
    [deputy] = deputies_without_account(1)
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    with pytest.raises(ValidationFailed) as exc:
        core_services.account_activate(code=inv.code, password="123456", ip="10.0.0.1")
    assert exc.value.field == "password"
    assert onetime.peek(purpose=CodePurpose.ACTIVATION, code=inv.code) == inv.user


def test_an_expired_activation_code_does_not_work() -> None:
    [deputy] = deputies_without_account(1)
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    later = clock.now() + core_rules.ACTIVATION_CODE_VALID + dt.timedelta(minutes=1)
    with clock.frozen(later), pytest.raises(ValidationFailed):
        core_services.account_activate(code=inv.code, password=STRONG, ip="10.0.0.1")


def test_guessing_activation_codes_is_throttled_per_address() -> None:
    for _ in range(core_rules.LOGIN_MAX_FAILURES_PER_ADDRESS):
        with pytest.raises(ValidationFailed):
            core_services.activation_lookup(code="ABCDEFGHJK", ip="10.9.9.9")
    with pytest.raises(core_services.Throttled):
        core_services.activation_lookup(code="ABCDEFGHJK", ip="10.9.9.9")


def _end_seat(actor: User, membership: Membership) -> None:
    services.membership_change_status(
        actor=actor,
        membership=membership,
        status=MembershipStatus.TERM_ENDED,
        on=clock.today(),
        reason="届满",
    )


def test_account_is_disabled_when_every_seat_has_ended_and_the_reason_is_logged(
    client: Client,
) -> None:
    [deputy] = deputies_without_account(1)
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    core_services.account_activate(code=inv.code, password=STRONG, ip=None)
    assert (
        client.post("/login/", {"username": inv.user.username, "password": STRONG}).status_code
        == 302
    )
    assert UserSession.objects.filter(user=inv.user).exists()
    for m in Membership.objects.filter(deputy=deputy):
        _end_seat(u("yining"), m)
    user = User.objects.get(pk=inv.user.pk)
    assert not user.is_active
    assert services.account_state(user) == AccountState.DISABLED
    assert not UserSession.objects.filter(user=user).exists()
    event = AuditEvent.objects.filter(action="account.disabled", object_id=str(user.pk)).latest(
        "id"
    )
    assert event.after["reason"] == services.SEATS_ENDED


def test_account_stays_while_another_seat_is_held() -> None:
    from lvzhi.registry.models import Term

    [deputy] = deputies_without_account(1)
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    county_term = Term.objects.get(congress__division__code="654002", is_current=True)
    county_unit = Organisation.objects.filter(
        kind=OrgKind.ELECTORAL_UNIT, congress=county_term.congress
    ).first()
    assert county_unit is not None
    services.membership_add(
        actor=u("yining"),
        deputy=deputy,
        data=services.MembershipData(
            term=county_term, electoral_unit=county_unit, elected_on=county_term.starts_on
        ),
    )
    prefecture_seat = Membership.objects.get(deputy=deputy, term__congress__level="prefecture")
    _end_seat(u("yining"), prefecture_seat)
    assert User.objects.get(pk=inv.user.pk).is_active


def test_account_is_enabled_again_when_a_new_seat_starts() -> None:
    from lvzhi.registry.models import Term

    [deputy] = deputies_without_account(1)
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    for m in Membership.objects.filter(deputy=deputy):
        _end_seat(u("yining"), m)
    assert not User.objects.get(pk=inv.user.pk).is_active
    county_term = Term.objects.get(congress__division__code="654002", is_current=True)
    county_unit = Organisation.objects.filter(
        kind=OrgKind.ELECTORAL_UNIT, congress=county_term.congress
    ).first()
    assert county_unit is not None
    services.membership_add(
        actor=u("yining"),
        deputy=deputy,
        data=services.MembershipData(
            term=county_term, electoral_unit=county_unit, elected_on=county_term.starts_on
        ),
    )
    assert User.objects.get(pk=inv.user.pk).is_active
    event = AuditEvent.objects.filter(action="account.enabled", object_id=str(inv.user.pk)).get()
    assert event.after["reason"] == services.SEAT_STARTED


def test_an_account_an_administrator_disabled_is_not_enabled_by_a_new_seat() -> None:
    [deputy] = deputies_without_account(1)
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    services.account_disable(actor=u("admin"), user=inv.user)
    assert services.account_follow_seats(actor=None, deputy=deputy) == ""
    assert not User.objects.get(pk=inv.user.pk).is_active


def test_staff_reset_issues_a_new_code_and_ends_the_sessions(client: Client) -> None:
    [deputy] = deputies_without_account(1)
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    core_services.account_activate(code=inv.code, password=STRONG, ip=None)
    client.post("/login/", {"username": inv.user.username, "password": STRONG})
    assert UserSession.objects.filter(user=inv.user).exists()
    reset = services.deputy_account_reset(actor=u("yining"), deputy=deputy)
    user = User.objects.get(pk=inv.user.pk)
    assert not user.has_usable_password()
    assert not UserSession.objects.filter(user=user).exists()
    assert client.get(reverse("core:desk")).status_code == 302
    assert AuditEvent.objects.filter(action="account.reset", object_id=str(user.pk)).exists()
    core_services.account_activate(code=reset.code, password="Another-Ili-2026", ip=None)


def test_a_locked_account_names_who_can_unlock_it(client: Client) -> None:
    [deputy] = deputies_without_account(1)
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    core_services.account_activate(code=inv.code, password=STRONG, ip=None)
    from lvzhi.core.models import LoginAttempt

    # Slow guessing from many addresses spends the day's budget (issue 18.7: no lockout
    # anyone can trigger at once, no delay per address here).
    now = clock.now()
    for n in range(core_rules.LOGIN_DAILY_FAILURE_BUDGET):
        LoginAttempt.objects.create(
            at=now - dt.timedelta(minutes=30 + n),
            username=inv.user.username,
            ip=f"10.0.{n // 250}.{n % 250 + 1}",
            succeeded=False,
        )
    guess = client.post("/login/", {"username": inv.user.username, "password": "wrong"})
    assert "伊宁市" not in guess.content.decode()  # a guesser learns nothing
    owner = client.post("/login/", {"username": inv.user.username, "password": STRONG})
    content = owner.content.decode()
    assert "伊宁市" in content and "工作人员" in content
    assert core_services.sign_in_paused(inv.user.username)
    services.deputy_account_unlock(actor=u("yining"), deputy=Deputy.objects.get(pk=deputy.pk))
    assert not core_services.sign_in_paused(inv.user.username)
    assert services.account_state(User.objects.get(pk=inv.user.pk)) == AccountState.ACTIVE
    signed_in = client.post("/login/", {"username": inv.user.username, "password": STRONG})
    assert signed_in.status_code == 302


def test_accounts_command_invites_a_unit_writes_the_letters_and_reports_status(
    tmp_path: Any, capsys: Any, settings: Any
) -> None:
    import docx
    from django.core.management import call_command

    from lvzhi.registry.letters import qr_png

    settings.NOTIFY_SITE_URL = "https://lvzhi.example"
    unit = yining_unit()
    pending = deputies_without_account(100)
    target = tmp_path / "letters.docx"
    call_command(
        "accounts",
        "invite",
        "--organisation",
        str(unit.pk),
        "--letters",
        str(target),
        "--user",
        "yining",
    )
    out = capsys.readouterr().out
    assert f"{len(pending)}/{len(pending)}" in out  # the progress bar reached the end
    document = docx.Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    assert all(d.name in text for d in pending)
    assert text.count("https://lvzhi.example/activate/") == len(pending)
    expected = qr_png("https://lvzhi.example/activate/")
    images = [part.blob for part in document.part.package.parts if part.content_type == "image/png"]
    assert images and all(blob == expected for blob in images)
    assert target.stat().st_mode & 0o777 == 0o600
    from lvzhi.core import pdf

    if pdf.converter() is not None:  # make test installs LibreOffice; the PDF is beside it
        printed = target.with_suffix(".pdf")
        assert printed.read_bytes().startswith(b"%PDF") and printed.stat().st_mode & 0o777 == 0o600
    call_command("accounts", "status", "--organisation", str(unit.pk))
    status = capsys.readouterr().out
    assert "无账号\t0" in status
    assert f"已邀请\t{len(pending)}" in status


def test_an_import_that_gives_a_new_seat_enables_the_account_again() -> None:
    import io

    from lvzhi.registry import imports
    from lvzhi.registry.models import ImportMode, Term

    from .test_import import row, xlsx

    [deputy] = deputies_without_account(1)
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    for m in Membership.objects.filter(deputy=deputy):
        _end_seat(u("yining"), m)
    assert not User.objects.get(pk=inv.user.pk).is_active
    current = Term.objects.get(congress__level="prefecture", is_current=True)
    seat = Membership.objects.filter(deputy=deputy).select_related("electoral_unit").first()
    assert seat is not None
    next_term = Term.objects.create(
        congress=current.congress,
        number=current.number + 1,
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2031, 11, 30),
    )
    from lvzhi.core import crypto

    data = xlsx(
        [
            row(
                deputy.name,
                birth=deputy.birth_date,
                id_number=crypto.decrypt(deputy.id_number_encrypted),
                electoral_unit=seat.electoral_unit.name,
                delegation="",
                elected_on="2026-12-01",
            )
        ]
    )
    result = imports.run(
        actor=u("yining"),
        term=next_term,
        fh=io.BytesIO(data),
        size=len(data),
        mode=ImportMode.ALL_OR_NOTHING,
    )
    assert result.errors == [] and result.written
    assert User.objects.get(pk=inv.user.pk).is_active
    assert AuditEvent.objects.filter(action="account.enabled", object_id=str(inv.user.pk)).exists()


def test_a_notice_to_deputies_reaches_only_their_active_accounts() -> None:
    """A deputy whose account was deactivated (left office, account closed) is no longer among
    the accounts a notice to deputies reaches; the others still are."""
    from lvzhi.registry import selectors

    accounts = list(User.objects.filter(deputy__isnull=False).order_by("pk")[:2])
    gone, kept = accounts
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    ids = [gone.deputy.pk, kept.deputy.pk]
    assert selectors.deputy_users(ids) == [kept]
    assert selectors.deputy_users(Deputy.objects.filter(pk__in=ids).values("pk")) == [kept]
