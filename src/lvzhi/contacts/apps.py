from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "lvzhi.contacts"
    label = "contacts"
    verbose_name = _("Organs and deputies")

    def ready(self) -> None:
        from lvzhi.core.audit import register_actions
        from lvzhi.core.demo import Seeder, register_seeder

        from . import demo, desk

        desk.register()
        register_seeder(Seeder("contacts", demo.seed, order=30))
        register_actions(
            {
                "contacts.holder_created": _("Standing Committee member registered"),
                "contacts.linked": _("Deputy linked to a member"),
                "contacts.unlinked": _("Link between member and deputy ended"),
                "contacts.contact_logged": _("Contact with a deputy logged"),
                "contacts.opinion_answered": _("Deputy's opinion answered"),
                "contacts.opinion_forwarded": _("Deputy's opinion forwarded"),
            }
        )
