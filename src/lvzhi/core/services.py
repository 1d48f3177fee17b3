"""State changes of the shared kernel: signing in (with throttling), sessions, accounts."""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from . import audit, clock, crypto, rules
from .errors import DomainError, PermissionDenied, ValidationFailed
from .models import LoginAttempt, User, UserSession


class AccountLocked(DomainError):
    code = "account_locked"
    status = 429


def _failures(
    *, since: dt.datetime, username: str = "", ip: str | None = None
) -> list[dt.datetime]:
    """Times of failed sign-ins since ``since`` (newest first) for an account name (as typed,
    existing or not), an address, or both; counting stops at the last success."""
    qs = LoginAttempt.objects.filter(at__gte=since)
    if username:
        qs = qs.filter(username__iexact=username)
    if ip:
        qs = qs.filter(ip=ip)
    times: list[dt.datetime] = []
    for at, succeeded in qs.order_by("-at").values_list("at", "succeeded")[:200]:
        if succeeded:
            break
        times.append(at)
    return times


def _wait(failures: list[dt.datetime], free: int, now: dt.datetime) -> int:
    """Seconds still to wait after these failures: none for the first ``free`` ones, then
    LOGIN_BASE_DELAY doubled per further failure, at most LOGIN_MAX_DELAY, from the last."""
    extra = len(failures) - free
    if extra < 0:
        return 0
    delay = min(
        rules.LOGIN_BASE_DELAY * (2 ** min(extra, 16)), rules.LOGIN_MAX_DELAY
    ).total_seconds()
    if not failures:
        return 0
    return max(0, math.ceil(delay - (now - failures[0]).total_seconds()))


def _throttled(seconds: int) -> AccountLocked:
    return AccountLocked(
        _("Too many failed sign-ins. Wait %(seconds)d seconds, then try again.")
        % {"seconds": seconds}
    )


_unlockers: list[Callable[[User], list[str]]] = []


def register_unlockers(who: Callable[[User], list[str]]) -> None:
    """``who(user)`` names the people or bodies that may unlock ``user`` (the registry knows:
    the staff of the deputy's electoral unit, the office, the administrators)."""
    _unlockers.append(who)


def unlockers_of(user: User | None) -> list[str]:
    if user is None:
        return []
    names: list[str] = []
    for who in _unlockers:
        names += [n for n in who(user) if n not in names]
    return names


def _lock_message(until: dt.datetime, user: User | None = None) -> str:
    minutes = max(1, int((until - clock.now()).total_seconds() // 60) + 1)
    who = unlockers_of(user)
    if who:
        return _(
            "Too many failed sign-ins. The account is locked; try again in %(minutes)d minutes "
            "or ask one of these to unlock it: %(who)s."
        ) % {"minutes": minutes, "who": "、".join(who)}
    return _(
        "The account is locked; try again in %(minutes)d minutes "
        "or ask an administrator to unlock it."
    ) % {"minutes": minutes}


def _budget_spent(username: str, now: dt.datetime) -> bool:
    since = now - rules.LOGIN_BUDGET_WINDOW
    return len(_failures(since=since, username=username)) >= rules.LOGIN_DAILY_FAILURE_BUDGET


BUDGET_MESSAGE = (
    "This account has had too many failed sign-ins today; signing in with the password alone is "
    "paused. Ask the office (an administrator) to unlock it, or sign in with the second factor."
)


def sign_in_check(*, username: str, password: str, ip: str | None) -> User:
    """Check credentials with throttling per account and per address (issue 18.7).

    Unknown and existing account names are answered alike (no enumeration). No lockout:
    progressive delays per account and address and per address (``rules.LOGIN_*``). Past the
    daily budget of failures for an account name (slow guessing from many addresses) the
    password alone no longer signs in (audited once); an account with a second factor still
    may. An administrator's lock (``locked_until``) stays as it was.
    """
    username = username.strip()
    now = clock.now()
    window = now - rules.LOGIN_FAILURE_WINDOW
    wait = max(
        _wait(_failures(since=window, username=username, ip=ip), rules.LOGIN_MAX_FAILURES, now),
        _wait(_failures(since=window, ip=ip), rules.LOGIN_MAX_FAILURES_PER_ADDRESS, now)
        if ip
        else 0,
    )
    if wait:
        raise _throttled(wait)
    user = User.objects.filter(username=username).first()
    authenticated = authenticate(username=username, password=password)
    if _budget_spent(username, now) and not (
        authenticated is not None and authenticated.totp_enabled_at is not None
    ):
        # The same answer to a wrong password, existing account or not; whoever gave the right
        # one (the owner) also learns who may lift the pause (issue 21.3), which says nothing
        # to someone guessing.
        _sign_in_failed(user=user, username=username, ip=ip)
        who = unlockers_of(authenticated) if authenticated is not None else []
        if who:
            raise AccountLocked(
                _(
                    "This account has had too many failed sign-ins today; signing in with the "
                    "password alone is paused. Ask one of these to unlock it: %(who)s."
                )
                % {"who": "、".join(who)}
            )
        raise AccountLocked(_(BUDGET_MESSAGE))
    if authenticated is None:
        _sign_in_failed(user=user, username=username, ip=ip)
        raise ValidationFailed(_("The user name or password is not correct."))
    assert isinstance(authenticated, User)
    if authenticated.locked_until and authenticated.locked_until > now:
        raise AccountLocked(_lock_message(authenticated.locked_until, authenticated))
    LoginAttempt.objects.create(at=now, username=username, ip=ip, succeeded=True)
    return authenticated


def _sign_in_failed(*, user: User | None, username: str, ip: str | None) -> None:
    """Count a failed password or code. The fifth failure of an account from one address
    already answers with the delay; reaching the daily budget is audited once."""
    now = clock.now()
    with transaction.atomic():
        LoginAttempt.objects.create(at=now, username=username, ip=ip, succeeded=False)
        day = _failures(since=now - rules.LOGIN_BUDGET_WINDOW, username=username)
        if user is not None and len(day) == rules.LOGIN_DAILY_FAILURE_BUDGET:
            audit.record(
                actor=None,
                action="account.guessing_detected",
                obj=user,
                after={"failures_in_a_day": len(day)},
            )
    wait = _wait(
        _failures(since=now - rules.LOGIN_FAILURE_WINDOW, username=username, ip=ip),
        rules.LOGIN_MAX_FAILURES,
        now,
    )
    if wait:
        raise _throttled(wait)


def sign_in_paused(username: str) -> bool:
    """The day's budget of failed sign-ins of this account name is spent (issue 18.7): the
    password alone no longer signs in until the office or the unit lifts it."""
    return _budget_spent(username, clock.now())


def sign_in_budget_reset(*, username: str) -> None:
    """The office unlocked the account: its failures so far no longer count."""
    LoginAttempt.objects.create(at=clock.now(), username=username, ip=None, succeeded=True)


# ---- the second factor (TOTP) -------------------------------------------------------------


def second_factor_check(*, user: User, code: str, ip: str | None) -> User:
    """The code of a sign-in whose password was right. A wrong code counts as a failed
    sign-in (five a minute lock the account); a code already used cannot be used again."""
    from . import twofactor

    user = User.objects.get(pk=user.pk)
    now = clock.now()
    if user.locked_until and user.locked_until > now:
        raise AccountLocked(_lock_message(user.locked_until, user))
    failures = _failures(since=now - rules.LOGIN_FAILURE_WINDOW, username=user.username, ip=ip)
    wait = _wait(failures, rules.LOGIN_MAX_FAILURES, now)
    if wait:
        raise _throttled(wait)
    if not code.strip().isdecimal() and len(onetime_normal(code)) == rules.RECOVERY_CODE_LENGTH:
        return _recovery_code_check(user=user, code=code, ip=ip)
    step = twofactor.matching_step(crypto.decrypt(user.totp_secret), code)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        _sign_in_failed(user=user, username=user.username, ip=ip)
        raise ValidationFailed(_("The code is not correct or was used already."), field="code")
    User.objects.filter(pk=user.pk).update(totp_last_step=step)
    LoginAttempt.objects.create(at=now, username=user.username, ip=ip, succeeded=True)
    return user


def onetime_normal(code: str) -> str:
    from .onetime import normalise

    return normalise(code)


def _recovery_code_check(*, user: User, code: str, ip: str | None) -> User:
    """A recovery code instead of the app's code: used once, and said in the audit log."""
    from . import onetime
    from .models import CodePurpose, OneTimeCode

    if onetime.redeem(purpose=CodePurpose.RECOVERY, code=code, user=user) is None:
        _sign_in_failed(user=user, username=user.username, ip=ip)
        raise ValidationFailed(_("The code is not correct or was used already."), field="code")
    LoginAttempt.objects.create(at=clock.now(), username=user.username, ip=ip, succeeded=True)
    left = OneTimeCode.objects.filter(
        user=user, purpose=CodePurpose.RECOVERY, used_at__isnull=True
    ).count()
    audit.record(
        actor=user, action="account.recovery_code_used", obj=user, after={"codes_left": left}
    )
    return user


@transaction.atomic
def second_factor_begin(*, user: User, proven: bool = False) -> str:
    """A new secret waiting for its first code; replaces any unconfirmed one. Returns it.

    ``proven``: the session holds a fresh proof beyond the password (an activation code just
    used, or an enrolment code from the office, see :func:`enrolment_proof`). A staff account
    needs it: whoever stole a password must not be able to enrol their own phone (issue 21)."""
    import pyotp

    from . import twofactor

    if twofactor.staff_account(user) and not proven:
        raise PermissionDenied(
            _(
                "Setting up a second factor needs a fresh proof beyond the password: enter "
                "the enrolment code your office gave you."
            )
        )
    if user.totp_enabled_at is not None:
        raise ValidationFailed(_("The second factor is already on."))
    secret = pyotp.random_base32()
    user.totp_secret = crypto.encrypt(secret)
    user.totp_last_step = None
    user.save(update_fields=["totp_secret", "totp_last_step"])
    return secret


@transaction.atomic
def second_factor_confirm(*, user: User, code: str, proven: bool = False) -> User:
    """The first code from the app proves it holds the secret; from now on it is asked. A
    staff account confirms only from a session with a fresh proof (see ``second_factor_begin``)."""
    from . import twofactor

    if twofactor.staff_account(user) and not proven:
        raise PermissionDenied(_("Enter the enrolment code your office gave you first."))
    if user.totp_enabled_at is not None:
        raise ValidationFailed(_("The second factor is already on."))
    if not user.totp_secret:
        raise ValidationFailed(_("Scan the code first."), field="code")
    step = twofactor.matching_step(crypto.decrypt(user.totp_secret), code)
    if step is None:
        raise ValidationFailed(
            _("The code is not correct. Check the time on the phone and try the next code."),
            field="code",
        )
    user.totp_enabled_at = clock.now()
    user.totp_last_step = step
    user.save(update_fields=["totp_enabled_at", "totp_last_step"])
    audit.record(actor=user, action="account.second_factor_on", obj=user)
    return user


def recovery_codes_issue(*, user: User) -> list[str]:
    """Recovery codes for a lost phone, shown once when the factor is set up; each signs in
    once instead of an app code. A new set voids the old one."""
    from . import onetime

    if user.totp_enabled_at is None:
        raise ValidationFailed(_("The second factor is not on."))
    codes = onetime.issue_recovery_codes(user=user)
    audit.record(actor=user, action="account.recovery_codes_issued", obj=user)
    return [onetime.pretty(c) for c in codes]


def enrolment_code_issue(*, actor: User | None, user: User) -> str:
    """A one-day code that lets ``user`` enrol a second factor (callers check who may issue:
    the registry's administrators and the staff who administer the user's organisation;
    ``actor=None`` is the operator's console command)."""
    from . import onetime
    from .models import CodePurpose

    with transaction.atomic():
        code = onetime.issue(
            user=user,
            purpose=CodePurpose.ENROLMENT,
            length=rules.ACTIVATION_CODE_LENGTH,
            valid_for=rules.ENROLMENT_CODE_VALID,
            issued_by=actor,
        )
        audit.record(actor=actor, action="account.enrolment_code_issued", obj=user)
    return onetime.pretty(code)


def enrolment_proof(*, user: User, code: str, ip: str | None) -> None:
    """Check and use up an enrolment code; a wrong one counts as a failed sign-in."""
    from . import onetime
    from .models import CodePurpose

    if onetime.redeem(purpose=CodePurpose.ENROLMENT, code=code, user=user) is None:
        _sign_in_failed(user=user, username=user.username, ip=ip)
        raise ValidationFailed(_("The enrolment code is not correct or has expired."), field="code")
    audit.record(actor=user, action="account.enrolment_proven", obj=user)


@transaction.atomic
def second_factor_disable(*, user: User, code: str) -> User:
    """The user turns it off with a current code, where the role does not require it."""
    from . import twofactor

    if twofactor.required(user):
        raise PermissionDenied(_("Your role requires the second factor."))
    if twofactor.matching_step(crypto.decrypt(user.totp_secret), code) is None:
        raise ValidationFailed(_("The code is not correct or was used already."), field="code")
    return second_factor_clear(actor=user, user=user)


def second_factor_clear(*, actor: User, user: User) -> User:
    """Forget the secret (the user enrols again at the next sign-in where it is required).
    Callers check who may: the user themself above, administrators in the registry."""
    user.totp_secret = ""
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.save(update_fields=["totp_secret", "totp_enabled_at", "totp_last_step"])
    audit.record(actor=actor, action="account.second_factor_off", obj=user)
    return user


def session_started(*, request: HttpRequest, user: User) -> None:
    """Remember the session key of a fresh sign-in (see :func:`account_disable`)."""
    key = request.session.session_key
    if key:
        UserSession.objects.update_or_create(
            session_key=key, defaults={"user": user, "created_at": clock.now()}
        )
    request.session["last_seen"] = clock.now().timestamp()
    request.session["started_at"] = clock.now().timestamp()
    audit.record(actor=user, action="account.signed_in", obj=user)


def signed_out(*, user: User) -> None:
    """Every account event is audited (issue 18.6): signing out too."""
    audit.record(actor=user, action="account.signed_out", obj=user)


def end_sessions(*, user: User) -> int:
    """Delete every session of ``user``; returns how many ended."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    deleted, _ = Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise ValidationFailed(_("The current password is not correct."), field="old_password")
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="new_password") from None
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit.record(actor=user, action="account.password_changed", obj=user)


@transaction.atomic
def workday_override_set(
    *, actor: User, day: dt.date, is_working_day: bool, note: str = ""
) -> None:
    """Record a holiday or a make-up working day the holiday package does not know (or a local
    arrangement, which wins over it). Administrators and the office (``workdays.can_keep``)."""
    from . import workdays
    from .errors import PermissionDenied
    from .models import WorkdayOverride

    if not workdays.can_keep(actor):
        raise PermissionDenied(_("Only the office and administrators change the calendar."))
    WorkdayOverride.objects.update_or_create(
        day=day, defaults={"is_working_day": is_working_day, "note": note.strip()[:100]}
    )
    audit.record(
        actor=actor,
        action="calendar.changed",
        object_type="core.workdayoverride",
        object_id=day.isoformat(),
        object_label=day.isoformat(),
        after={"working_day": is_working_day, "note": note},
    )


@transaction.atomic
def workday_override_delete(*, actor: User, pk: int) -> None:
    from . import workdays
    from .errors import PermissionDenied
    from .models import WorkdayOverride

    if not workdays.can_keep(actor):
        raise PermissionDenied(_("Only the office and administrators change the calendar."))
    entry = WorkdayOverride.objects.filter(pk=pk).first()
    if entry is not None:
        audit.record(
            actor=actor,
            action="calendar.changed",
            object_type="core.workdayoverride",
            object_id=entry.day.isoformat(),
            object_label=entry.day.isoformat(),
            before={"working_day": entry.is_working_day, "note": entry.note},
        )
        entry.delete()


def audit_purge(*, older_than_days: int, dry_run: bool = False) -> int:
    """Delete audit events older than the retention period (never less than six months). On
    PostgreSQL the append-only trigger lets the deletion through only inside this transaction
    (the database function ``lvzhi_audit_purge``); the purge itself is an audit event."""
    from django.db import connection

    from .models import AuditEvent

    if older_than_days < rules.AUDIT_RETENTION_MIN_DAYS:
        raise ValidationFailed(
            _("Audit events are kept at least %(days)d days.")
            % {"days": rules.AUDIT_RETENTION_MIN_DAYS}
        )
    cutoff = clock.now() - dt.timedelta(days=older_than_days)
    old = AuditEvent.objects.filter(at__lt=cutoff)
    if dry_run:
        return old.count()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The one way to purge (migration core 0011): the database function deletes only
            # events older than the retention, whatever flag a session sets.
            with connection.cursor() as cursor:
                cursor.execute("SELECT lvzhi_audit_purge(%s)", [older_than_days])
                deleted = int(cursor.fetchone()[0])
        else:
            deleted, _rows = old.delete()
        audit.record(
            actor=None,
            action="audit.purged",
            object_type="audit",
            after={"before": cutoff.isoformat(), "deleted": deleted},
        )
    return deleted


# ---- activation, password reset, enrolment proof (issue 21) ------------------------------

log = logging.getLogger("lvzhi.accounts")


class Throttled(DomainError):
    code = "throttled"
    status = 429


def _check_address(ip: str | None) -> None:
    since = clock.now() - rules.LOGIN_FAILURE_WINDOW
    if ip and len(_failures(since=since, ip=ip)) >= rules.LOGIN_MAX_FAILURES_PER_ADDRESS:
        raise Throttled(_("Too many wrong codes from this address. Wait a minute and try again."))


def _validated_password(user: User, password: str, field: str = "password") -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field=field) from None


def activation_lookup(*, code: str, ip: str | None) -> User:
    """The account an activation code opens (the code stays unused). A wrong code counts
    against the address like a failed sign-in."""
    from . import onetime
    from .models import CodePurpose

    _check_address(ip)
    user = onetime.peek(purpose=CodePurpose.ACTIVATION, code=code)
    if user is None or not user.is_active:
        LoginAttempt.objects.create(at=clock.now(), username="", ip=ip, succeeded=False)
        raise ValidationFailed(
            _(
                "This activation code is not valid: it is mistyped, used already or expired. "
                "Ask your office for a new one."
            ),
            field="code",
        )
    return user


def account_activate(*, code: str, password: str, ip: str | None) -> User:
    """The holder of an activation code chooses a password (the project's validators); the
    code is used up. Afterwards the account is active."""
    from . import onetime
    from .models import CodePurpose

    # Failures are counted outside the transaction, which a refusal rolls back.
    user = activation_lookup(code=code, ip=ip)
    _validated_password(user, password)
    with transaction.atomic():
        if onetime.redeem(purpose=CodePurpose.ACTIVATION, code=code, user=user) is None:
            raise ValidationFailed(_("This code has just been used."), field="code")
        user.set_password(password)
        user.must_change_password = False
        user.locked_until = None
        user.save(update_fields=["password", "must_change_password", "locked_until"])
        audit.record(actor=user, action="account.activated", obj=user)
    return user


def _user_for_login(login: str) -> User | None:
    """A user name, or a mobile number on file (deputies often do not remember a user name)."""
    from . import outbound
    from .personal import validate_phone

    login = login.strip()
    if not login:
        return None
    user = User.objects.filter(username__iexact=login, is_active=True).first()
    if user is not None:
        return user
    try:
        phone = validate_phone(login)
    except ValidationFailed:
        return None
    user_id = outbound.user_with_phone(phone)
    return User.objects.filter(pk=user_id, is_active=True).first() if user_id else None


def password_reset_request(*, login: str, ip: str | None) -> None:
    """Send a reset code to the phone on file. The answer is the same whether the account
    exists, has a phone, or the per-person limit is reached; only the per-address limit is
    said (it tells nothing about any account)."""
    from . import onetime, outbound
    from .models import CodePurpose, OneTimeCode

    now = clock.now()
    since = now - rules.RESET_WINDOW
    if (
        ip
        and onetime.requests_since(purpose=CodePurpose.PASSWORD_RESET, since=since, ip=ip)
        >= rules.RESET_MAX_PER_ADDRESS
    ):
        raise Throttled(_("Too many requests from this address. Try again in an hour."))
    user = _user_for_login(login)
    phone = outbound.phone_of(user.pk) if user is not None else ""
    if (
        user is None
        or not phone
        or onetime.requests_since(purpose=CodePurpose.PASSWORD_RESET, since=since, user=user)
        >= rules.RESET_MAX_PER_PERSON
    ):
        OneTimeCode.objects.create(purpose=CodePurpose.PASSWORD_RESET, created_at=now, ip=ip)
        return
    code = onetime.issue(
        user=user,
        purpose=CodePurpose.PASSWORD_RESET,
        length=rules.RESET_CODE_LENGTH,
        valid_for=rules.RESET_CODE_VALID,
        ip=ip,
    )
    audit.record(actor=None, action="account.reset_code_sent", obj=user)
    text = _(
        "lvzhi: your password reset code is %(code)s, valid %(minutes)d minutes. "
        "Do not tell it to anyone."
    ) % {"code": onetime.pretty(code), "minutes": int(rules.RESET_CODE_VALID.total_seconds() // 60)}
    try:
        outbound.sms_send(phone, text)
    except outbound.DeliveryError as exc:
        log.warning("reset code SMS for account %s failed: %s", user.pk, exc.reason)


def password_reset_complete(*, login: str, code: str, new_password: str, ip: str | None) -> User:
    """The code from the SMS and a new password. A wrong code counts as a failed sign-in of
    the account (five a minute lock it); success ends every other session."""
    from . import onetime
    from .models import CodePurpose

    _check_address(ip)
    user = _user_for_login(login)
    if user is not None and user.locked_until and user.locked_until > clock.now():
        raise AccountLocked(_lock_message(user.locked_until, user))
    if user is None or onetime.peek(purpose=CodePurpose.PASSWORD_RESET, code=code) != user:
        if user is not None:
            _sign_in_failed(user=user, username=user.username, ip=ip)
        else:
            LoginAttempt.objects.create(at=clock.now(), username="", ip=ip, succeeded=False)
        raise ValidationFailed(
            _("The code is not correct or has expired. Ask for a new one."), field="code"
        )
    _validated_password(user, new_password, field="new_password")
    with transaction.atomic():
        if onetime.redeem(purpose=CodePurpose.PASSWORD_RESET, code=code, user=user) is None:
            raise ValidationFailed(_("This code has just been used."), field="code")
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        ended = end_sessions(user=user)
        audit.record(
            actor=user, action="account.password_reset", obj=user, after={"sessions_ended": ended}
        )
    return user
