"""Signing in with the office's OpenID Connect provider (issue 21), through the maintained
``mozilla-django-oidc`` (authorization code flow, ID token signature checked against the
provider's keys, state and nonce kept in the session).

As with LDAP, the provider proves who signs in and nothing more: the claim
``OIDC_ACCOUNT_CLAIM`` names the platform user name of an existing, active account; no account
is created (``OIDC_CREATE_USER = False``) and no role is granted. An account with a second
factor still enters its code after the provider (the same pending step as after a password).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .models import User


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


class OidcBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(str(claims.get(settings.OIDC_ACCOUNT_CLAIM) or "").strip())

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        value = str(claims.get(settings.OIDC_ACCOUNT_CLAIM) or "").strip()
        if not value:
            return User.objects.none()
        return User.objects.filter(username=value, is_active=True)

    def create_user(self, claims: dict[str, Any]) -> None:
        return None  # never: the platform's accounts are opened by people with the scope

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user  # the provider's name or email never overwrite the registry's


class Start(OIDCAuthenticationRequestView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class Callback(OIDCAuthenticationCallbackView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def login_success(self) -> HttpResponse:
        from django.shortcuts import redirect

        from . import clock, services, twofactor
        from .views import PENDING

        user = self.user
        if twofactor.enabled(user):
            self.request.session.cycle_key()
            self.request.session[PENDING] = {
                "user": user.pk,
                "at": clock.now().timestamp(),
                "next": "",
            }
            return redirect("core:login_code")
        response: HttpResponse = super().login_success()
        services.session_started(request=self.request, user=user)
        return response
