from django.utils.translation import gettext_lazy as _

from lvzhi.core import appconfig


class StationsConfig(appconfig.LvzhiConfig):
    name = "lvzhi.stations"
    verbose_name = _("Liaison stations")
    registers = ("desk.register", "files.register")
    seed_order = 30
    audit_actions = {
        "station.created": _("Station set up"),
        "station.updated": _("Station details changed"),
        "station.deputy_added": _("Deputy entered the station"),
        "station.deputy_removed": _("Deputy left the station"),
        "station.reception_scheduled": _("Reception day scheduled"),
        "station.standard_checked": _("Standard item checked"),
        "station.activity_recorded": _("Station activity recorded"),
        "opinion.contact_revealed": _("Citizen's contact data shown in full"),
    }
    workflows = (("workflow.OPINION", "Citizen's opinion at a station (R40-R44)", 50),)

    def register(self) -> None:
        from lvzhi.core.keyrotation import EncryptedColumns
        from lvzhi.core.keyrotation import register as register_encrypted

        from .models import Opinion

        register_encrypted(
            EncryptedColumns(
                Opinion,
                ("citizen_name_encrypted", "phone_encrypted"),
                {"phone_hash": "phone_encrypted"},
            )
        )
