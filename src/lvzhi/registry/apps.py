from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "lvzhi.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import desk
        from .models import Organisation
        from .policies import ROOT_PATHS_CACHE_KEY

        def forget_roots(sender: Any, instance: Organisation, **kwargs: Any) -> None:
            if instance.parent_id is None:
                from django.core.cache import cache

                cache.delete(ROOT_PATHS_CACHE_KEY)

        post_save.connect(
            forget_roots, sender=Organisation, weak=False, dispatch_uid="registry-roots-save"
        )
        post_delete.connect(
            forget_roots, sender=Organisation, weak=False, dispatch_uid="registry-roots-del"
        )

        desk.register()
        from . import files

        files.register()
        from lvzhi.core.demo import Seeder, register_seeder

        from .demo import scripts

        # After the stations' seeder (order 30), which adds the station profiles.
        register_seeder(Seeder("names_in_scripts", scripts.seed, order=95))
        from lvzhi.core import outbound, twofactor
        from lvzhi.core.audit import register_actions
        from lvzhi.core.keyrotation import EncryptedColumns
        from lvzhi.core.keyrotation import register as register_encrypted

        from .models import Deputy
        from .phones import DeputyPhones

        register_encrypted(
            EncryptedColumns(
                Deputy,
                ("id_number_encrypted", "phone_encrypted"),
                {"id_number_hash": "id_number_encrypted", "phone_hash": "phone_encrypted"},
            )
        )
        from .policies import oversees_deliveries, requires_second_factor

        twofactor.register_requirement(requires_second_factor)
        from lvzhi.core import onetime
        from lvzhi.core.services import register_unlockers

        from .accounts_hooks import describe_account, unlockers

        onetime.register_describer(describe_account)
        register_unlockers(unlockers)
        outbound.register_phone_directory(DeputyPhones())
        outbound.register_overseer(oversees_deliveries)
        from lvzhi.core import workdays

        from .policies import keeps_calendar

        workdays.register_keeper(keeps_calendar)  # issue 28.2c: the office keeps the calendar

        register_actions(
            {
                "account.created": _("Account opened"),
                "account.disabled": _("Account disabled"),
                "account.enabled": _("Account enabled"),
                "account.unlocked": _("Account unlocked"),
                "account.invited": _("Activation code issued"),
                "account.activated": _("Account activated"),
                "account.reset": _("Account reset with a new activation code"),
                "account.reset_code_sent": _("Password reset code sent"),
                "account.password_reset": _("Password reset by SMS code"),
                "account.recovery_codes_issued": _("Recovery codes issued"),
                "account.recovery_code_used": _("Recovery code used"),
                "account.enrolment_code_issued": _("Enrolment code issued"),
                "account.enrolment_proven": _("Enrolment proven"),
                "role.granted": _("Role granted"),
                "session.created": _("Session scheduled"),
                "session.changed": _("Session changed"),
                "role.revoked": _("Role revoked"),
                "deputy.created": _("Deputy registered"),
                "deputy.updated": _("Deputy data changed"),
                "deputy.imported_created": _("Deputy registered by import"),
                "deputy.imported_updated": _("Deputy data changed by import"),
                "deputy.account_linked": _("Account linked to a deputy"),
                "deputy_import.started": _("Import started"),
                "membership.created": _("Seat added"),
                "membership.status_changed": _("Seat status changed"),
                "organisation.created": _("Organisation added"),
                "deputy.photo_changed": _("Photo changed"),
                "organisation.updated": _("Organisation changed"),
                "personal_data.revealed": _("Full ID or phone number viewed"),
            }
        )
