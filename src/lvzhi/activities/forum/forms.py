"""forum: forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm

from ..common.forms import text_area


class ThreadForm(CleanForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = text_area(_("Text"), max_length=10000, rows=5)


class ReplyForm(CleanForm):
    body = text_area(_("Your reply"), max_length=10000, rows=3)


class ModerateForm(CleanForm):
    action = forms.ChoiceField(
        label=_("Moderation"),
        choices=[
            ("hide", _("Hide the thread")),
            ("show", _("Show the thread again")),
            ("lock", _("Close it for replies")),
            ("unlock", _("Reopen it for replies")),
        ],
    )
    note = forms.CharField(label=_("Note (required when hiding)"), max_length=200, required=False)
