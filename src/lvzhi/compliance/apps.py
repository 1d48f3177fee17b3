from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "lvzhi.compliance"
    label = "compliance"
    verbose_name = _("Compliance and reports")

    def ready(self) -> None:
        from lvzhi.core import versions

        from . import desk, files, reports, rules

        desk.register()
        files.register()
        # Issue 26.3: the cached table is retired by the writes of the apps it reads.
        versions.watch(rules.CACHE_VERSION, rules.CACHE_WATCHED)
        reports.register_pdfs()
