from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "lvzhi.suggestions"
    label = "suggestions"
    verbose_name = _("Suggestions")

    def ready(self) -> None:
        from lvzhi.core.demo import Seeder, register_seeder

        from . import demo, desk, files, reports

        desk.register()
        files.register()
        reports.register_pdfs()
        register_seeder(Seeder("suggestions", demo.seed, order=20, bulk=demo.bulk))
        from lvzhi.core import workflow as core_workflow

        from . import cosigning, workflow

        core_workflow.register("Suggestion (建议, R11-R18)", workflow.WORKFLOW, order=10)
        core_workflow.register(
            "Co-signing invitation (suggestions, proposals, other motions)",
            cosigning.INVITATION,
            order=11,
        )
