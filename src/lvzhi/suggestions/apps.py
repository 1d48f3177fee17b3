from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "lvzhi.suggestions"
    label = "suggestions"
    verbose_name = _("Suggestions")

    def ready(self) -> None:
        from lvzhi.core.demo import Seeder, register_seeder

        from . import demo, desk, reports

        desk.register()
        reports.register_pdfs()
        register_seeder(Seeder("suggestions", demo.seed, order=20, bulk=demo.bulk))
