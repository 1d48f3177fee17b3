from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "lvzhi.voting"
    label = "voting"
    verbose_name = _("Voting")

    def ready(self) -> None:
        from lvzhi.core.demo import Seeder, register_seeder

        from . import demo, desk

        desk.register()
        register_seeder(Seeder("voting", demo.seed, order=31))
