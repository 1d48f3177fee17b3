from django.utils.translation import gettext_lazy as _

from lvzhi.core import appconfig


class MeetingsConfig(appconfig.LvzhiConfig):
    name = "lvzhi.meetings"
    verbose_name = _("Meetings")
    seed_order = 30
    workflows = (("workflow.LEAVE", "Leave request for a meeting (R01)", 60),)
