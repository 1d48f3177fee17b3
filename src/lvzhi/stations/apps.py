from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "lvzhi.stations"
    label = "stations"
    verbose_name = _("Liaison stations")

    def ready(self) -> None:
        from lvzhi.core import workflow as core_workflow
        from lvzhi.core.audit import register_actions
        from lvzhi.core.demo import Seeder, register_seeder

        from . import demo, desk, files, workflow

        desk.register()
        files.register()
        core_workflow.register("Citizen's opinion at a station (R40-R44)", workflow.OPINION, 50)
        register_seeder(Seeder("stations", demo.seed, order=30, bulk=demo.bulk))
        register_actions(
            {
                "station.created": _("Station set up"),
                "station.updated": _("Station details changed"),
                "station.deputy_added": _("Deputy entered the station"),
                "station.deputy_removed": _("Deputy left the station"),
                "station.reception_scheduled": _("Reception day scheduled"),
                "station.standard_checked": _("Standard item checked"),
                "station.activity_recorded": _("Station activity recorded"),
                "opinion.contact_revealed": _("Citizen's contact data shown in full"),
            }
        )
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
