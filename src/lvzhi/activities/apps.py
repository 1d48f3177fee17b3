from django.utils.translation import gettext_lazy as _

from lvzhi.core import appconfig


class ActivitiesConfig(appconfig.LvzhiConfig):
    name = "lvzhi.activities"
    verbose_name = _("Activities between sessions")
    # R30: the 列席 planner's reasons that meetings cannot see (layers): activities can.
    registers = ("desk.register", "planner_reasons.register")
    seed_order = 40
