from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "lvzhi.voting"
    label = "voting"
    verbose_name = _("Voting")

    def ready(self) -> None:
        from lvzhi.core.audit import register_actions
        from lvzhi.core.demo import Seeder, register_seeder

        from . import demo, desk

        desk.register()
        register_seeder(Seeder("voting", demo.seed, order=31))
        register_actions(
            {
                "voting.poll_created": _("Poll prepared"),
                "voting.keys_generated": _("Tellers' key shares generated"),
                "voting.poll_opened": _("Voting opened"),
                "voting.poll_closed": _("Voting closed"),
                "voting.poll_counted": _("Ballots counted"),
                "voting.poll_published": _("Result published"),
                "voting.paper_count": _("Paper count recorded"),
            }
        )
