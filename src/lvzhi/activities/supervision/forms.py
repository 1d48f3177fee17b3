"""supervision: forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm
from lvzhi.core.forms import DateInput

from ..common.forms import set_choices
from ..models import SupervisionKind


class SupervisionForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=SupervisionKind.choices)
    committee = forms.TypedChoiceField(label=_("Committee"), coerce=int)
    place = forms.TypedChoiceField(label=_("Place concerned"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    tasks = forms.CharField(
        label=_("Tasks and requirements"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args: Any,
        committees: list[tuple[int, str]],
        places: list[tuple[int, str]],
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "committee", committees)
        set_choices(self, "place", places)


class SupervisionOpinionForm(CleanForm):
    deputy = forms.TypedChoiceField(label=_("Deputy"), coerce=int)
    body = forms.CharField(
        label=_("Opinion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, deputies: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "deputy", deputies)
