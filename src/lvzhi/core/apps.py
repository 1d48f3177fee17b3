from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lvzhi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.conf import settings
        from django.conf.locale import LANG_INFO

        # Kazakh in China is written in the Arabic script, right to left (see settings).
        LANG_INFO.update(getattr(settings, "LVZHI_LANG_INFO", {}))

        # Language follows the person: their preferred language becomes the session's.
        from django.contrib.auth.signals import user_logged_in

        from .i18n import remember_on_sign_in

        user_logged_in.connect(remember_on_sign_in, dispatch_uid="lvzhi.core.i18n.sign_in")

        # A new entry of either log is a new version of the data: the version this process
        # remembers (prebuilt.current_version, for the public answers and stored files) goes.
        from django.db.models.signals import post_save

        from . import (  # noqa: F401  (fail-closed checks, the ``any_of`` lookup, event kinds)
            checks,
            db,
            events,
            workdays,
        )
        from .models import AuditEvent, Event
        from .prebuilt import forget_versions

        post_save.connect(forget_versions, sender=Event, dispatch_uid="core-version-e")
        post_save.connect(forget_versions, sender=AuditEvent, dispatch_uid="core-version-a")
        from .audit import register_actions
        from .navigation import DeskPanel, NavEntry, register_desk_panel, register_nav
        from .notifications import latest, unread_count
        from .outbound import DELIVERIES, can_oversee

        register_nav(
            NavEntry(
                "calendar",
                _("Working-day calendar"),
                "core:workdays",
                lambda user: workdays.can_keep(user),
                order=96,
            )
        )
        from .filejobs import FileKind
        from .filejobs import register as register_file

        register_file(
            FileKind(DELIVERIES.kind, DELIVERIES.title, DELIVERIES.check, DELIVERIES.make)
        )
        register_nav(
            NavEntry(
                "deliveries",
                _("Notification deliveries"),
                "core:deliveries",
                can_oversee,
                order=97,
            )
        )
        register_desk_panel(
            DeskPanel(
                "notifications",
                _("Notifications"),
                "core/desk_notifications.html",
                lambda request: {
                    "unread": unread_count(request.user),
                    "latest": latest(request.user, 5),
                },
                lambda user: user.is_authenticated,
                order=1,
            )
        )

        register_actions(
            {
                "account.signed_in": _("Signed in"),
                "account.signed_out": _("Signed out"),
                "account.guessing_detected": _(
                    "Too many failed sign-ins in a day: password alone paused"
                ),
                "account.locked": _("Account locked after failed sign-ins"),
                "account.password_changed": _("Password changed"),
                "calendar.changed": _("Working-day calendar changed"),
                "audit.purged": _("Audit events past the retention period deleted"),
                "crypto.rotation_started": _("Field-key rotation started"),
                "crypto.rotation_finished": _("Field-key rotation finished"),
                "notification.channels_chosen": _("Notification channels chosen"),
                "account.language_chosen": _("Preferred language chosen"),
                "notification.delivery_retried": _("Notification delivery sent again"),
            }
        )

        from .keyrotation import EncryptedColumns
        from .keyrotation import register as register_encrypted
        from .models import WebhookEndpoint

        register_encrypted(EncryptedColumns(WebhookEndpoint, ("secret_encrypted",)))

        # Every app's events.py registers its kinds of the one event log.
        events.autodiscover()
        from . import notices

        notices.autodiscover()
