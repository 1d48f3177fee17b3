from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "lvzhi.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from lvzhi.core.demo import Seeder, register_seeder

        from . import demo, desk, files, reports

        desk.register()
        files.register()
        reports.register_pdfs()
        register_seeder(Seeder("proposals", demo.seed, order=30))
        from lvzhi.core import workflow as core_workflow

        from . import workflow

        for order, (kind, wf) in enumerate(workflow.WORKFLOWS.items()):
            core_workflow.register(workflow.HEADINGS[kind], wf, order=20 + order)
