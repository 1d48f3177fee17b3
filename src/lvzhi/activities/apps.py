from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "lvzhi.activities"
    label = "activities"
    verbose_name = _("Activities between sessions")

    def ready(self) -> None:
        from lvzhi.core.demo import Seeder, register_seeder

        from . import demo, desk, planner_reasons

        desk.register()
        # R30: the 列席 planner's reasons that meetings cannot see (layers): activities can.
        planner_reasons.register()
        register_seeder(Seeder("activities", demo.seed, order=40))
