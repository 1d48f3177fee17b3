from django.utils.translation import gettext_lazy as _

from lvzhi.core import appconfig


class SuggestionsConfig(appconfig.LvzhiConfig):
    name = "lvzhi.suggestions"
    verbose_name = _("Suggestions")
    registers = ("desk.register", "files.register", "reports.register_pdfs")
    seed_order = 20
    workflows = (
        ("workflow.WORKFLOW", "Suggestion (建议, R11-R18)", 10),
        (
            "cosigning.INVITATION",
            "Co-signing invitation (suggestions, proposals, other motions)",
            11,
        ),
    )
