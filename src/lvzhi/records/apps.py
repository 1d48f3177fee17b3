from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "lvzhi.records"
    label = "records"
    verbose_name = _("Duty records and evaluation")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from lvzhi.core import workflow as core_workflow
        from lvzhi.core.audit import register_actions
        from lvzhi.core.demo import Seeder, register_seeder

        from . import demo, desk, files, pdfs, stored, workflow

        # Issue 26.3: the triggers that mark changed duty records, on every migrate (a table
        # a later migration adds is watched from then on).
        post_migrate.connect(stored.install_triggers, sender=self, dispatch_uid="records-duty")

        desk.register()
        files.register()
        core_workflow.register("Duty entry confirmation (R45)", workflow.ENTRY, order=70)
        pdfs.register_all()
        # After every app that records duties, so the handbooks have something to show.
        register_seeder(Seeder("records", demo.seed, order=80))
        register_actions(
            {
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
        )
