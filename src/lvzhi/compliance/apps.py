from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "lvzhi.compliance"
    label = "compliance"
    verbose_name = _("Compliance and reports")

    def ready(self) -> None:
        from . import desk, reports

        desk.register()
        reports.register_pdfs()
