"""units: the reply a handling unit writes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm

from .. import rules
from ..common.forms import text_area


class UnitReplyForm(CleanTextForm):
    reply = text_area(_("Your unit's reply"), max_length=rules.MAX_TEXT, rows=6)
