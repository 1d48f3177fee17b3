"""Signing in with the office's LDAP directory (issue 21), through the pure-Python ``ldap3``.

The directory proves who signs in and nothing more: the backend finds the person's entry with
the service account (``LDAP_BIND_DN``) and ``LDAP_USER_FILTER``, binds as that entry with the
typed password, then reads ``LDAP_ACCOUNT_ATTRIBUTE`` and signs in the platform account whose
user name is that value — an existing, active account only. It never creates accounts and never
grants roles: roles stay the registry's, granted by people with the scope to grant them.
Throttling, locks, the second factor and the audit log work as for a password sign-in, since
``core.services.sign_in_check`` calls ``authenticate`` either way.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .models import User

log = logging.getLogger("lvzhi.sso")


def _server() -> Any:
    import ldap3

    return ldap3.Server(settings.LDAP_URL, connect_timeout=settings.LDAP_TIMEOUT)


def _connection(user: str | None, password: str | None) -> Any:
    import ldap3

    connection = ldap3.Connection(
        _server(),
        user=user or None,
        password=password or None,
        receive_timeout=settings.LDAP_TIMEOUT,
        raise_exceptions=False,
    )
    if settings.LDAP_START_TLS:
        connection.open()
        connection.start_tls()
    return connection


def directory_account(username: str, password: str) -> str | None:
    """The platform user name the directory maps this login to, when the password is right."""
    from ldap3.core.exceptions import LDAPException
    from ldap3.utils.conv import escape_filter_chars

    if not settings.LDAP_URL or not username or not password:
        return None
    attribute = settings.LDAP_ACCOUNT_ATTRIBUTE
    try:
        search = _connection(settings.LDAP_BIND_DN, settings.LDAP_BIND_PASSWORD)
        if not search.bind():
            log.warning("LDAP service bind failed: %s", search.result.get("description"))
            return None
        query = settings.LDAP_USER_FILTER.format(username=escape_filter_chars(username))
        search.search(settings.LDAP_BASE_DN, query, attributes=[attribute], size_limit=2)
        entries = list(search.entries)
        search.unbind()
        if len(entries) != 1:
            return None  # no such person, or an ambiguous filter: never guess
        entry = entries[0]
        values = entry.entry_attributes_as_dict.get(attribute) or []
        if len(values) != 1 or not str(values[0]).strip():
            return None
        proof = _connection(entry.entry_dn, password)
        ok = proof.bind()
        proof.unbind()
    except LDAPException as exc:
        log.warning("LDAP sign-in failed: %s", type(exc).__name__)
        return None
    return str(values[0]).strip() if ok else None


class LdapBackend:
    """A Django authentication backend; listed in ``AUTHENTICATION_BACKENDS`` when
    ``LVZHI_LDAP_URL`` is set."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None
    ) -> User | None:
        mapped = directory_account(username or "", password or "")
        if mapped is None:
            return None
        return User.objects.filter(username=mapped, is_active=True).first()

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()
