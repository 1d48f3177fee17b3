"""Forms parse input only; the rules live in services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm, DateInput, ModelChoiceField
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Session
from lvzhi.registry.pickers import OrganisationPickerField, OrganisationsPickerField
from lvzhi.suggestions import motion_forms
from lvzhi.suggestions.cosign_forms import InviteForm as InviteForm
from lvzhi.suggestions.motion_forms import PlanForm as PlanForm

from .models import AssignmentPlan, Category, Kind, Organ, Reaction, Status


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


def _part(label: Any, help_text: Any) -> forms.CharField:
    """A long part of a motion's text (R08): optional on the form, the service asks for the
    parts its kind needs."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=help_text,
    )


class DraftForm(forms.Form):
    """R07, R08: the parts may be saved incomplete; handing in checks them."""

    session = ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        help_text=_("For an extraordinary session: the last session held."),
    )
    kind = forms.ChoiceField(label=_("What you put forward"), choices=Kind.choices)
    addressee = forms.ChoiceField(
        label=_("Organ questioned (interpellation only)"),
        required=False,
        choices=_blank(Organ.choices),
    )
    recall_target = forms.CharField(
        label=_("Person to be recalled and post (recall motion only)"),
        required=False,
        max_length=200,
    )
    subject = forms.CharField(
        label=_("Subject (案由)"),
        max_length=200,
        help_text=_("Clear and precise: what the congress is asked to decide."),
    )
    category = forms.ChoiceField(
        label=_("Category (Art 14, proposals)"), required=False, choices=_blank(Category.choices)
    )
    grounds = _part(
        _("Grounds (案据)"),
        _("Sufficient and reasonable: the facts, the law and why action is needed."),
    )
    plan = _part(
        _("Plan (方案, proposals)"),
        _("Specific and feasible: what should be done, by whom, by when."),
    )
    exclusions_confirmed = forms.BooleanField(
        label=_("I confirm the proposal concerns none of the matters excluded by Art 15."),
        required=False,
    )

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        field.queryset = sessions  # type: ignore[attr-defined]
        field.label_from_instance = lambda s: f"{s.term.congress.name} {s.term} {s}"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Kind.PROPOSAL and not data.get("category"):
            self.add_error("category", _("Choose a category (Art 14)."))
        data["category"] = data.get("category") or Category.OTHER
        return data


class DocumentForm(forms.Form):
    """A step of the review recorded with its date and document number."""

    text = forms.CharField(
        label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())
    document_no = forms.CharField(label=_("Document number"), max_length=64)


DECISIONS: dict[str, tuple[Any, Any]] = {
    Kind.PROPOSAL: (
        _("Placed on the agenda of this session"),
        _("Not placed: handled as a suggestion"),
    ),
    Kind.INTERPELLATION: (
        _("Handed to the organ for an answer"),
        _("Not put to the meeting"),
    ),
    Kind.EXTRAORDINARY: (
        _("The Standing Committee convenes an extraordinary session"),
        _("The Standing Committee does not convene one"),
    ),
}
OTHER_DECISIONS = (_("Put to the meeting"), _("Not put to the meeting"))


class DecisionForm(forms.Form):
    placed = forms.TypedChoiceField(
        label=_("Presidium decision"),
        coerce=lambda v: v == "1",
        choices=[],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())
    document_no = forms.CharField(label=_("Document number"), max_length=64)

    def __init__(self, *args: Any, kind: str = Kind.PROPOSAL, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        yes, no = DECISIONS.get(kind, OTHER_DECISIONS)
        self.fields["placed"].choices = [("1", yes), ("0", no)]  # type: ignore[attr-defined]


class ReactionForm(forms.Form):
    reaction = forms.ChoiceField(
        label=_("Does the answer satisfy you?"), choices=Reaction.choices, widget=forms.RadioSelect
    )
    note = motion_forms.comment_field()


class ConsentForm(forms.Form):
    on = forms.DateField(label=_("Date of the presidium's consent"), widget=DateInput())
    document_no = forms.CharField(label=_("Document number"), max_length=64)


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(motion_forms.AssignForm):
    lead = OrganisationPickerField(label=_("Lead body"))
    co_units = OrganisationsPickerField(label=_("Co-handling bodies"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """The bodies offered are the organs of the level of the proposal's congress."""
        super().__init__(*args, plans=AssignmentPlan.objects.all(), **kwargs)


class ResultForm(forms.Form):
    text = forms.CharField(
        label=_("Handling result"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())


class LegislationForm(forms.Form):
    project = forms.CharField(label=_("Legislative project"), max_length=200)


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search subject, proposer or number"), required=False, max_length=64
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            *[
                c
                for c in Status.choices
                if c[0] not in (Status.DRAFT, Status.ABANDONED, Status.MOVED)
            ],
        ],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_blank(Kind.choices))
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_blank(Category.choices)
    )


class ConsultationForm(CleanTextForm):
    """R50 (Art 17): which department, and what the deputy asks it."""

    department = OrganisationPickerField(label=_("Department"))
    question = forms.CharField(
        label=_("Your question"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "The department sees the draft's subject and text as they are now and this "
            "question; it does not see the draft itself or later changes."
        ),
    )

    def __init__(self, *args: Any, division_ids: Iterable[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        division_ids = list(division_ids)
        field = self.fields["department"]
        assert isinstance(field, OrganisationPickerField)
        field.queryset = registry_selectors.handling_units(division_ids)
        field.set_params(
            kinds=motion_forms.HANDLING_KINDS, divisions=",".join(str(d) for d in division_ids)
        )


class ConsultationAnswerForm(CleanTextForm):
    answer = forms.CharField(
        label=_("Answer of the department"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
