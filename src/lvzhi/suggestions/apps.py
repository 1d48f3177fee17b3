from django.utils.translation import gettext_lazy as _

from lvzhi.core import appconfig


class SuggestionsConfig(appconfig.LvzhiConfig):
    name = "lvzhi.suggestions"
    verbose_name = _("Suggestions")
    registers = ("desk.register", "files.register", "reports.register_pdfs")
    seed_order = 20

    def register(self) -> None:
        from lvzhi.core import workflow as core_workflow

        from . import cosigning, workflow

        core_workflow.register("Suggestion (建议, R11-R18)", workflow.WORKFLOW, order=10)
        core_workflow.register(
            "Co-signing invitation (suggestions, proposals, other motions)",
            cosigning.INVITATION,
            order=11,
        )
