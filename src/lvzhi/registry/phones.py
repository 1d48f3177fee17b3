"""Where the outbound SMS channel of ``core`` finds an account's phone number: the deputy
linked to the account (stored encrypted, see ``core.crypto``). Registered in
``RegistryConfig.ready()``; the number is read only to hand it to the gateway."""

from __future__ import annotations

from collections.abc import Iterable

from lvzhi.core import crypto

from .models import Deputy


class DeputyPhones:
    def with_phone(self, user_ids: Iterable[int]) -> set[int]:
        return set(
            Deputy.objects.filter(user_id__in=list(user_ids))
            .exclude(phone_encrypted="")
            .values_list("user_id", flat=True)
        )

    def phone_of(self, user_id: int) -> str:
        token = (
            Deputy.objects.filter(user_id=user_id).values_list("phone_encrypted", flat=True).first()
        )
        return crypto.decrypt(token or "")

    def user_with_phone(self, phone: str) -> int | None:
        """The account of the one deputy with this number (None when none or several)."""
        ids = list(
            Deputy.objects.filter(
                phone_hash__in=crypto.lookup_hashes(phone), user__isnull=False
            ).values_list("user_id", flat=True)[:2]
        )
        return ids[0] if len(ids) == 1 else None
