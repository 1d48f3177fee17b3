from django.utils.translation import gettext_lazy as _

from lvzhi.core import appconfig


class MeetingsConfig(appconfig.LvzhiConfig):
    name = "lvzhi.meetings"
    verbose_name = _("Meetings")
    seed_order = 30

    def register(self) -> None:
        from lvzhi.core import workflow as core_workflow

        from . import workflow

        core_workflow.register("Leave request for a meeting (R01)", workflow.LEAVE, order=60)
