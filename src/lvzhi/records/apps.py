from django.utils.translation import gettext_lazy as _

from lvzhi.core import appconfig


class RecordsConfig(appconfig.LvzhiConfig):
    name = "lvzhi.records"
    verbose_name = _("Duty records and evaluation")
    registers = ("desk.register", "files.register", "pdfs.register_all")
    # After every app that records duties, so the handbooks have something to show.
    seed_order = 80
    audit_actions = {
        "records.entry_added": _("Duty entry added"),
        "records.entry_confirmed": _("Duty entry confirmed"),
        "records.entry_returned": _("Duty entry returned"),
        "records.entry_deleted": _("Duty entry deleted"),
        "records.discipline_noted": _("Discipline note recorded"),
        "records.handbook_submitted": _("Duty handbook submitted"),
        "records.handbook_withdrawn": _("Duty handbook submission withdrawn"),
        "records.scheme_saved": _("Scoring scheme saved"),
        "records.certificate_requested": _("Duty certificate requested"),
        "records.certificate_issued": _("Duty certificate issued"),
        "records.certificate_declined": _("Duty certificate not issued"),
    }
    workflows = (("workflow.ENTRY", "Duty entry confirmation (R45)", 70),)

    def register(self) -> None:
        from django.db.models.signals import post_migrate

        from . import stored

        # Issue 26.3: the triggers that mark changed duty records, on every migrate (a table
        # a later migration adds is watched from then on).
        post_migrate.connect(stored.install_triggers, sender=self, dispatch_uid="records-duty")
