"""legislation: forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm
from lvzhi.core.forms import DateInput, ModelMultipleChoiceField
from lvzhi.registry.models import Expertise

from ..common.forms import set_choices, text_area
from ..models import StageKind


class ProjectForm(CleanForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    committee = forms.TypedChoiceField(label=_("Committee"), coerce=int)
    expertise = ModelMultipleChoiceField(
        label=_("Knowledge needed"),
        queryset=Expertise.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, committees: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "committee", committees)


class StageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Stage"), choices=StageKind.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())


class DraftForm(CleanForm):
    title = forms.CharField(label=_("Title of the draft"), max_length=200)
    closes_on = forms.DateField(label=_("Comments close on"), widget=DateInput())
    text = text_area(
        _("Text"),
        max_length=100000,
        rows=10,
        help_text=_("Each article starts with 第…条 on a new line."),
    )


class CommentForm(CleanForm):
    body = text_area(_("Your comment"), max_length=5000, rows=2)
