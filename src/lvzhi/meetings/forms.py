"""Forms of the meeting pages: parse and bound input; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm
from lvzhi.core.forms import DateTimeInput
from lvzhi.registry.models import HANDLING_UNIT_KINDS
from lvzhi.registry.pickers import DeputyPickerField, OrganisationPickerField

from .models import AgendaKind, MeetingKind


class MeetingForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    congress = forms.TypedChoiceField(label=_("People's congress"), coerce=int)
    session = forms.TypedChoiceField(
        label=_("Session"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Only for a congress session."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DateTimeInput())

    def __init__(self, *args: Any, congresses: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["congress"].choices = congresses  # type: ignore[attr-defined]
        self.fields["session"].choices = [("", "—"), *sessions]  # type: ignore[attr-defined]


class AgendaForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)


class SittingForm(CleanForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())


class NoticeForm(CleanForm):
    body = forms.CharField(
        label=_("Time and preliminary agenda"), max_length=5000, widget=forms.Textarea
    )
    late_reason = forms.CharField(
        label=_("Reason, if the notice is late"),
        max_length=500,
        required=False,
        help_text=_(
            "Needed when the notice is late: less than 15 days before a congress session (R02), "
            "or a week before a Standing Committee meeting (R31)."
        ),
    )


class MaterialForm(CleanForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), max_length=50000, widget=forms.Textarea)


class MaterialFileForm(forms.Form):
    file = forms.FileField(
        label=_("File (PDF or Word)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.doc,.docx,application/pdf,application/msword,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )


class LeaveForm(CleanForm):
    sitting = forms.TypedChoiceField(
        label=_("Sitting"), coerce=int, required=False, empty_value=None
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args: Any, sittings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sitting"].choices = [("", _("The whole meeting")), *sittings]  # type: ignore[attr-defined]


class DeskCheckInForm(CleanForm):
    """The desk checks a member in: the person picker over the meeting's members (a
    session's 400 deputies were one select per sitting, issue 22.2)."""

    deputy = DeputyPickerField(label=_("Deputy"))

    def __init__(self, *args: Any, deputies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies  # type: ignore[attr-defined]


class SpeechForm(CleanForm):
    deputy = DeputyPickerField(label=_("Deputy"))
    sitting = forms.TypedChoiceField(
        label=_("Sitting"), coerce=int, required=False, empty_value=None
    )
    agenda_item = forms.TypedChoiceField(
        label=_("Agenda item"), coerce=int, required=False, empty_value=None
    )
    text = forms.CharField(label=_("What the deputy said"), max_length=20000, widget=forms.Textarea)

    def __init__(self, *args: Any, deputies: Any, sittings: Any, agenda: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["deputy"].queryset = deputies  # type: ignore[attr-defined]
        self.fields["sitting"].choices = [("", "—"), *sittings]  # type: ignore[attr-defined]
        self.fields["agenda_item"].choices = [("", "—"), *agenda]  # type: ignore[attr-defined]


class BriefForm(CleanForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=5000, required=False, widget=forms.Textarea
    )
    speeches = forms.TypedMultipleChoiceField(
        label=_("Speeches quoted"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, speeches: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["speeches"].choices = speeches  # type: ignore[attr-defined]


class InquiryForm(CleanForm):
    deputy = DeputyPickerField(label=_("Deputy"))
    organ = OrganisationPickerField(label=_("Organ asked"))
    question = forms.CharField(label=_("Question"), max_length=5000, widget=forms.Textarea)

    def __init__(self, *args: Any, deputies: Any, organs: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["deputy"].queryset = deputies  # type: ignore[attr-defined]
        organ = self.fields["organ"]
        assert isinstance(organ, OrganisationPickerField)
        organ.queryset = organs
        organ.set_params(kinds=",".join(sorted(HANDLING_UNIT_KINDS)))


class AnswerForm(CleanForm):
    answer = forms.CharField(label=_("Answer"), max_length=10000, widget=forms.Textarea)
    answered_by = forms.CharField(label=_("Answered by"), max_length=100)
