"""Forms of the voting pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DateTimeInput

from .models import Choice, PollKind, Subject


class PollForm(forms.Form):
    sitting = forms.TypedChoiceField(label=_("Sitting"), coerce=int)
    agenda_item = forms.TypedChoiceField(
        label=_("Agenda item"), coerce=int, required=False, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PollKind.choices)
    subject = forms.ChoiceField(label=_("Voted on"), choices=Subject.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    seats = forms.IntegerField(
        label=_("Seats to fill"), min_value=0, max_value=200, required=False, initial=0
    )
    open_at = forms.DateTimeField(
        label=_("Open automatically at"),
        required=False,
        widget=DateTimeInput(),
    )
    close_at = forms.DateTimeField(
        label=_("Close automatically at"),
        required=False,
        widget=DateTimeInput(),
    )
    candidates = forms.CharField(
        label=_("Candidates, one per line"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, sittings: Any, agenda: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sitting"].choices = sittings  # type: ignore[attr-defined]
        self.fields["agenda_item"].choices = [("", "—"), *agenda]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key in ("title", "candidates"):
            if isinstance(data.get(key), str):
                data[key] = data[key].replace("\x00", "")
        return data


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=Choice.choices, widget=forms.RadioSelect
    )
