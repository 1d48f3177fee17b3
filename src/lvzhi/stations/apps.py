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
        from django.db.models.signals import post_delete, post_save

        from lvzhi.core.keyrotation import EncryptedColumns
        from lvzhi.core.keyrotation import register as register_encrypted
        from lvzhi.registry.models import Organisation

        from .files import forget_station_options
        from .models import Opinion, Station

        # The opinion list's station filter is kept until a station or an organisation
        # changes (files.station_options).
        for model in (Station, Organisation):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_station_options,
                    sender=model,
                    dispatch_uid=f"stations-options-{signal is post_save}-{model.__name__}",
                )

        register_encrypted(
            EncryptedColumns(
                Opinion,
                ("citizen_name_encrypted", "phone_encrypted"),
                {"phone_hash": "phone_encrypted"},
            )
        )
