from django.utils.translation import gettext_lazy as _

from lvzhi.core import appconfig


class VotingConfig(appconfig.LvzhiConfig):
    name = "lvzhi.voting"
    verbose_name = _("Voting")
    seed_order = 31
    audit_actions = {
        "voting.poll_created": _("Poll prepared"),
        "voting.keys_generated": _("Tellers' key shares generated"),
        "voting.poll_opened": _("Voting opened"),
        "voting.poll_closed": _("Voting closed"),
        "voting.poll_counted": _("Ballots counted"),
        "voting.poll_published": _("Result published"),
        "voting.paper_count": _("Paper count recorded"),
    }
