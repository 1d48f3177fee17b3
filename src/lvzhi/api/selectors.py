"""Reads of API tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from .models import ApiToken


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )
