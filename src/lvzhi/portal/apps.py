from django.utils.translation import gettext_lazy as _

from lvzhi.core import appconfig


class PortalConfig(appconfig.LvzhiConfig):
    name = "lvzhi.portal"
    verbose_name = _("Public portal")
    registers = ("desk.register", "files.register")
    seed_order = 90
    audit_actions = {
        "portal.news_created": _("Portal news item written"),
        "portal.news_changed": _("Portal news item changed"),
        "portal.news_deleted": _("Portal news item deleted"),
    }
