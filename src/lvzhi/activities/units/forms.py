"""units: the reply a handling unit writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm

from .. import rules


class UnitReplyForm(CleanTextForm):
    reply = forms.CharField(
        label=_("Your unit's reply"),
        max_length=rules.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
