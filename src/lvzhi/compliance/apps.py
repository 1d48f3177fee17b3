from django.utils.translation import gettext_lazy as _

from lvzhi.core import appconfig


class ComplianceConfig(appconfig.LvzhiConfig):
    name = "lvzhi.compliance"
    verbose_name = _("Compliance and reports")
    registers = ("desk.register", "files.register", "reports.register_pdfs")

    def register(self) -> None:
        from lvzhi.core import versions

        from . import rules

        # Issue 26.3: the cached table is retired by the writes of the apps it reads.
        versions.watch(rules.CACHE_VERSION, rules.CACHE_WATCHED)
