from django.utils.translation import gettext_lazy as _

from lvzhi.core import appconfig


class ProposalsConfig(appconfig.LvzhiConfig):
    name = "lvzhi.proposals"
    verbose_name = _("Proposals")
    registers = ("desk.register", "files.register", "reports.register_pdfs")
    seed_order = 30

    def register(self) -> None:
        from lvzhi.core import workflow as core_workflow

        from . import workflow

        for order, (kind, wf) in enumerate(workflow.WORKFLOWS.items()):
            core_workflow.register(workflow.HEADINGS[kind], wf, order=20 + order)
