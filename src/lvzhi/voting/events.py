"""The kinds of event of a poll: prepared, opened, closed, counted on paper. Never a vote: no
event names a voter of a secret ballot (docs/voting.md), and a named vote is its own record."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events

# Data keys a timeline shows after the label, in this order.
DETAIL = ("title", "present", "members")


_poll = events.Family("voting", "poll", detail=DETAIL)


poll_created = _poll.define("poll_created", _("Poll prepared"), "title", "poll_kind")


poll_opened = _poll.define("poll_opened", _("Poll opened"), "members", "present", "on_leave")


poll_closed = _poll.define("poll_closed", _("Poll closed"), "adopted", "present")


poll_counted = _poll.define("poll_counted", _("Paper count recorded"), "adopted")


# Only how many shares and how many open the count: never a share itself.
keys_generated = _poll.define(
    "keys_generated", _("Tellers' key shares generated"), "shares", "needed"
)


ballots_counted = _poll.define(
    "ballots_counted", _("Ballots counted with the tellers' shares"), "adopted"
)


poll_published = _poll.define("poll_published", _("Result published"))
