"""State changes of the shared kernel: signing in (with throttling), sessions, accounts."""

from __future__ import annotations

import datetime as dt
import math

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


def _lock_message(until: dt.datetime) -> str:
    minutes = max(1, int((until - clock.now()).total_seconds() // 60) + 1)
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
        # The same answer, right password or not, existing account or not.
        _sign_in_failed(user=user, username=username, ip=ip)
        raise AccountLocked(_(BUDGET_MESSAGE))
    if authenticated is None:
        _sign_in_failed(user=user, username=username, ip=ip)
        raise ValidationFailed(_("The user name or password is not correct."))
    assert isinstance(authenticated, User)
    if authenticated.locked_until and authenticated.locked_until > now:
        raise AccountLocked(_lock_message(authenticated.locked_until))
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
        raise AccountLocked(_lock_message(user.locked_until))
    failures = _failures(since=now - rules.LOGIN_FAILURE_WINDOW, username=user.username, ip=ip)
    wait = _wait(failures, rules.LOGIN_MAX_FAILURES, now)
    if wait:
        raise _throttled(wait)
    step = twofactor.matching_step(crypto.decrypt(user.totp_secret), code)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        _sign_in_failed(user=user, username=user.username, ip=ip)
        raise ValidationFailed(_("The code is not correct or was used already."), field="code")
    User.objects.filter(pk=user.pk).update(totp_last_step=step)
    LoginAttempt.objects.create(at=now, username=user.username, ip=ip, succeeded=True)
    return user


@transaction.atomic
def second_factor_begin(*, user: User) -> str:
    """A new secret waiting for its first code; replaces any unconfirmed one. Returns it."""
    import pyotp

    if user.totp_enabled_at is not None:
        raise ValidationFailed(_("The second factor is already on."))
    secret = pyotp.random_base32()
    user.totp_secret = crypto.encrypt(secret)
    user.totp_last_step = None
    user.save(update_fields=["totp_secret", "totp_last_step"])
    return secret


@transaction.atomic
def second_factor_confirm(*, user: User, code: str) -> User:
    """The first code from the app proves it holds the secret; from now on it is asked."""
    from . import twofactor

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
    """Record a holiday or a make-up working day the holiday package does not know."""
    from .errors import PermissionDenied
    from .models import WorkdayOverride

    if not actor.is_staff:
        raise PermissionDenied(_("Only administrators change the calendar."))
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
    from .errors import PermissionDenied
    from .models import WorkdayOverride

    if not actor.is_staff:
        raise PermissionDenied(_("Only administrators change the calendar."))
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
