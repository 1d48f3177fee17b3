"""supervision: forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm
from lvzhi.core.forms import DateInput

from ..common.forms import DeputyOpinionForm, set_choices, text_area
from ..models import SupervisionKind


class SupervisionForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=SupervisionKind.choices)
    committee = forms.TypedChoiceField(label=_("Committee"), coerce=int)
    place = forms.TypedChoiceField(label=_("Place concerned"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    tasks = text_area(_("Tasks and requirements"), max_length=20000, rows=4)

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


class SupervisionOpinionForm(DeputyOpinionForm):
    body = text_area(_("Opinion"), max_length=5000, rows=3)
