"""Forms parse input only; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core import clock
from lvzhi.core.forms import DateInput
from lvzhi.core.models import User
from lvzhi.registry.models import Deputy, Organisation

from . import rules
from .models import Method


class ContactForm(forms.Form):
    """The one-minute form on a phone: one tap for the deputy, one for how, the date is
    today unless changed, a note and an opinion if any (R34, R35)."""

    deputy = forms.ModelChoiceField(
        label=_("Deputy"),
        queryset=Deputy.objects.none(),
        widget=forms.RadioSelect(attrs={"class": "big-choice"}),
        empty_label=None,
        error_messages={"required": _("Tap the deputy you were in contact with.")},
    )
    method = forms.ChoiceField(
        label=_("How"),
        choices=Method.choices,
        widget=forms.RadioSelect(attrs={"class": "big-choice"}),
        error_messages={"required": _("Tap how you were in contact.")},
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=rules.MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    opinion = forms.CharField(
        label=_("Opinion or suggestion the deputy raised"),
        required=False,
        max_length=rules.MAX_OPINION_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("It will wait for your answer, or you can forward it (Art 69)."),
    )

    def __init__(self, *args: Any, deputies: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on", clock.today())
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies  # type: ignore[attr-defined]
        only = list(deputies[:2])
        if len(only) == 1 and "deputy" not in self.initial:
            self.initial["deputy"] = only[0].pk


class LinkForm(forms.Form):
    deputy = forms.ModelChoiceField(
        label=_("Deputy"),
        queryset=Deputy.objects.none(),
        error_messages={"invalid_choice": _("Choose a serving deputy of the member's term.")},
    )

    def __init__(self, *args: Any, deputies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the deputy"),
        max_length=rules.MAX_OPINION_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HolderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=64)
    electoral_unit = forms.ModelChoiceField(
        label=_("Original electoral unit"), queryset=Organisation.objects.none()
    )
    user = forms.ModelChoiceField(
        label=_("Account"),
        required=False,
        queryset=User.objects.none(),
        help_text=_("Leave empty if the member has no account: the office then logs contacts."),
    )

    def __init__(self, *args: Any, units: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["electoral_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["user"].queryset = users  # type: ignore[attr-defined]


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
