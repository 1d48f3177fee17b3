"""Forms parse input only; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core import clock
from lvzhi.core.forms import DateInput, DateTimeInput, ModelChoiceField, ModelMultipleChoiceField
from lvzhi.core.models import User
from lvzhi.core.textareas import text_area
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy, Expertise, OrgKind, Term
from lvzhi.registry.pickers import DeputiesPickerField, DeputyPickerField, OrganisationPickerField

from . import policies, rules, selectors
from .models import EngagementPurpose, HolderKind, Method


class ContactForm(forms.Form):
    """The one-minute form on a phone: one tap for the deputy, one for how, the date is
    today unless changed, a note and an opinion if any (R34, R35)."""

    deputy = ModelChoiceField(
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
    note = text_area(_("Note"), rows=2, required=False, max_length=rules.MAX_NOTE_CHARS)
    opinion = text_area(
        _("Opinion or suggestion the deputy raised"),
        rows=2,
        required=False,
        max_length=rules.MAX_OPINION_CHARS,
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
    deputy = DeputyPickerField(
        label=_("Deputy"),
        error_messages={"invalid_choice": _("Choose a serving deputy of the member's term.")},
    )

    def __init__(self, *args: Any, deputies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    answer = text_area(_("Answer to the deputy"), rows=3, max_length=rules.MAX_OPINION_CHARS)


class HolderForm(forms.Form):
    """Register a holder on an organisation; the fields shown depend on its kind."""

    name = forms.CharField(label=_("Name"), max_length=64)
    kind = forms.ChoiceField(label=_("Kind"), choices=())
    electoral_unit = OrganisationPickerField(label=_("Original electoral unit"))
    fields_of_work = ModelMultipleChoiceField(
        label=_("Fields of the committee"),
        queryset=Expertise.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Deputies with matching expertise are proposed for the group (Art 72)."),
    )
    user = ModelChoiceField(
        label=_("Account"),
        required=False,
        queryset=User.objects.none(),
        help_text=_("Leave empty if the person has no account: the staff then log contacts."),
    )

    def __init__(
        self, *args: Any, kinds: list[tuple[str, Any]], units: Any, users: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0][0]
            self.fields["kind"].widget = forms.HiddenInput()
        kind_values = {k for k, _label in kinds}
        if HolderKind.SC_MEMBER in kind_values:
            unit_field = self.fields["electoral_unit"]
            assert isinstance(unit_field, OrganisationPickerField)
            unit_field.queryset = units
            unit_field.set_params(kinds=OrgKind.ELECTORAL_UNIT)
        else:
            del self.fields["electoral_unit"]
        if HolderKind.COMMITTEE_HEAD not in kind_values:
            del self.fields["fields_of_work"]
        self.fields["user"].queryset = users  # type: ignore[attr-defined]


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=())
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    participants = ModelMultipleChoiceField(
        label=_("Deputies taking part"),
        queryset=Deputy.objects.none(),
        error_messages={"required": _("Tick the deputies who took part.")},
    )
    summary = text_area(_("Summary"), rows=3, required=False, max_length=rules.MAX_OPINION_CHARS)

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, Any]],
        deputies: Any,
        checkboxes: bool,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("held_on", clock.today())
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        if checkboxes:  # a group of a few deputies: one tap each
            self.fields["participants"].queryset = deputies  # type: ignore[attr-defined]
            self.fields["participants"].widget = forms.CheckboxSelectMultiple()
            self.fields["participants"].widget.choices = self.fields["participants"].choices  # type: ignore[attr-defined]
        else:  # all the deputies of a level: the person picker (issue 22.2)
            self.fields["participants"] = DeputiesPickerField(
                label=_("Deputies taking part"),
                queryset=deputies,
                error_messages={"required": _("Tick the deputies who took part.")},
            )


class EngagementForm(forms.Form):
    deputy = DeputyPickerField(label=_("Deputy"))
    purpose = forms.ChoiceField(
        label=_("Appointed or invited to"), choices=EngagementPurpose.choices
    )
    starts_on = forms.DateField(label=_("Appointed or held on"), widget=DateInput())
    consulted_on = forms.DateField(
        label=_("Standing Committee office consulted on"),
        required=False,
        widget=DateInput(),
        help_text=_("The choice of deputies is agreed with the office beforehand (Art 76)."),
    )
    consulted_with = forms.CharField(label=_("Consulted with"), max_length=100)
    note = text_area(_("Note"), rows=2, required=False, max_length=rules.MAX_NOTE_CHARS)

    def __init__(self, *args: Any, deputies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies  # type: ignore[attr-defined]


class MeetingRequestForm(forms.Form):
    term = ModelChoiceField(label=_("Congress"), queryset=Term.objects.none())
    organ = OrganisationPickerField(
        label=_("Organ"),
        error_messages={"invalid_choice": _("Choose an organ of the same or a lower level.")},
    )
    head = forms.CharField(
        label=_("Head to meet"),
        max_length=100,
        help_text=_("For example: the governor, the president of the court."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    reason = text_area(_("What you want to raise"), rows=5, max_length=rules.MAX_OPINION_CHARS)
    co_deputies = DeputiesPickerField(
        label=_("Other deputies asking with you"), required=False, groups=False
    )

    def __init__(self, *args: Any, deputy_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        terms = registry_selectors.current_terms_of_deputy(deputy_id)
        self.fields["term"].queryset = terms  # type: ignore[attr-defined]
        first = terms.first()
        chosen = self.data.get("term") if self.is_bound else None
        text = str(chosen or "")
        term = terms.filter(pk=int(text)).first() if text.isdecimal() else first
        if term is not None:
            organ = self.fields["organ"]
            co_deputies = self.fields["co_deputies"]
            assert isinstance(organ, OrganisationPickerField)
            assert isinstance(co_deputies, DeputiesPickerField)
            organ.queryset = selectors.meetable_organs(term)
            body = registry_selectors.congress_body(term.congress_id)
            organ.set_params(
                kinds=",".join(sorted(policies.MEETABLE_KINDS)),
                within=body.pk if body is not None else "",
            )
            co_deputies.queryset = registry_selectors.deputies_serving_in(term.pk).exclude(
                pk=deputy_id
            )
            co_deputies.set_params(term=term.pk)
            self.initial.setdefault("term", term.pk)


class MeetingNoteForm(forms.Form):
    note = text_area(_("Note"), rows=2, max_length=rules.MAX_NOTE_CHARS)


class MeetingConfirmForm(forms.Form):
    meets_at = forms.DateTimeField(
        label=_("Meeting time"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=200)


class MeetingOutcomeForm(forms.Form):
    outcome = text_area(_("Outcome"), rows=4, max_length=rules.MAX_OPINION_CHARS)
