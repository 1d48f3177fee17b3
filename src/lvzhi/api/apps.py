from django.utils.translation import gettext_lazy as _

from lvzhi.core import appconfig


class ApiConfig(appconfig.LvzhiConfig):
    name = "lvzhi.api"
    label = "api"
    verbose_name = _("Data interface")
    audit_actions = {
        "api.token_created": _("API token made"),
        "api.token_revoked": _("API token revoked"),
        "api.service_account_created": _("Service account made"),
        "api.service_account_deactivated": _("Service account deactivated"),
        "api.webhook_created": _("Webhook subscription made"),
        "api.webhook_ended": _("Webhook subscription ended"),
    }

    def register(self) -> None:
        from django.db.models.signals import post_save

        from lvzhi.core.models import Event

        post_save.connect(_event_written, sender=Event, dispatch_uid="api-webhooks")


def _event_written(sender: object, instance: object, created: bool, **kwargs: object) -> None:
    """A new event a subscription may want: after the commit, run the webhook task (issue
    25.3) — only while a subscription is active, so an installation without any pays one
    cheap query per committed event."""
    from django.db import transaction

    from . import webhooks

    if created and getattr(instance, "kind", "") in webhooks.EVENTS:
        transaction.on_commit(_enqueue_webhooks)


def _enqueue_webhooks() -> None:
    from .models import WebhookSubscription
    from .tasks import webhooks_run

    if WebhookSubscription.objects.filter(deactivated_at__isnull=True).exists():
        webhooks_run.enqueue()
