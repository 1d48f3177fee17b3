"""Forms only parse; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm
from lvzhi.core.forms import (
    DateInput,
    Listed,
    LongSelect,
    ModelChoiceField,
    ModelMultipleChoiceField,
)
from lvzhi.registry.models import Deputy, OrgKind
from lvzhi.registry.pickers import DeputyPickerField, OrganisationPickerField

from . import rules
from .models import ActivityKind, Category, Evaluation, MatterLevel, Outcome, StandardItem, Status

# The citizen's form is translated into Uyghur and Kazakh (issue 9, item 7). Django's own Kazakh
# catalog is in the Cyrillic script, so the form's error messages are this project's msgids.
OPINION_ERRORS = {
    "required": _("This field is required."),
    "invalid_choice": _("Choose one of the options in the list."),
}


class OpinionForm(CleanForm):
    name = forms.CharField(label=_("Your name"), max_length=rules.NAME_MAX)
    phone = forms.CharField(
        label=_("Mobile or telephone"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Only the station staff and the deputies handling your opinion see it."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    title = forms.CharField(label=_("Subject"), max_length=rules.TITLE_MAX)
    body = forms.CharField(
        label=_("Your opinion"),
        max_length=rules.BODY_MAX,
        min_length=rules.BODY_MIN,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    deputy = ModelChoiceField(
        label=_("To a deputy (optional)"),
        queryset=Deputy.objects.none(),
        required=False,
        empty_label=_("To the station"),
    )
    # The question is set by the view (lvzhi.core.challenge): no outside service involved.
    challenge = forms.CharField(
        label=_("Check question"),
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    # A field people never see: a robot that fills every field fills this one too.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, station_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = Deputy.objects.filter(  # type: ignore[attr-defined]
            station_entries__station_id=station_id
        ).order_by("name_pinyin")
        for field in self.fields.values():
            field.error_messages.update(OPINION_ERRORS)


class QueueFilterForm(CleanForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=64,
        help_text=_("Subject, tracking code or the citizen's full phone number"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
    # Options written in Python (LongSelect): staff over a large prefecture's liaison posts
    # have thousands of stations.
    station = forms.TypedChoiceField(
        label=_("Station"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
        widget=LongSelect(),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args: Any, stations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["station"].choices = Listed([("", _("All")), *stations])  # type: ignore[attr-defined]


class AssignForm(CleanForm):
    matter_level = forms.ChoiceField(
        label=_("Level of the matter"),
        choices=[
            (MatterLevel.LOCAL, MatterLevel.LOCAL.label),
            (MatterLevel.HIGHER, MatterLevel.HIGHER.label),
        ],
    )
    deputies = ModelMultipleChoiceField(
        label=_("Deputies of the station"),
        queryset=Deputy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, station_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = Deputy.objects.filter(  # type: ignore[attr-defined]
            station_entries__station_id=station_id
        ).order_by("name_pinyin")


class RedirectForm(CleanForm):
    note = forms.CharField(
        label=_("Explanation for the citizen"),
        max_length=rules.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where to turn: the petition office, or the court under the legal procedure."),
    )


class HandleForm(CleanForm):
    outcome = forms.ChoiceField(
        label=_("How it was dealt with"),
        choices=[
            (o.value, o.label) for o in Outcome if o not in (Outcome.SUGGESTION, Outcome.REDIRECTED)
        ],
    )
    transferred_to = forms.CharField(
        label=_("Unit (when transferred or forwarded)"), required=False, max_length=100
    )
    note = forms.CharField(
        label=_("Answer or explanation (shown to the citizen)"),
        required=False,
        max_length=rules.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AnswerForm(CleanForm):
    feedback = forms.CharField(
        label=_("What the citizen was told, and how"),
        max_length=rules.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StationForm(CleanForm):
    address = forms.CharField(label=_("Address"), max_length=200)
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=200)
    public_phone = forms.CharField(label=_("Public telephone"), max_length=32, required=False)


class EntryForm(CleanForm):
    """A deputy enters the station: the serving deputies of its county, through the person
    picker (issue 22.2)."""

    deputy = DeputyPickerField(label=_("Deputy"))

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = candidates  # type: ignore[attr-defined]


class ReceptionForm(CleanForm):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    topic = forms.CharField(label=_("Topic"), required=False, max_length=100)
    deputies = ModelMultipleChoiceField(
        label=_("Deputies present"),
        queryset=Deputy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, station_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = Deputy.objects.filter(  # type: ignore[attr-defined]
            station_entries__station_id=station_id
        ).order_by("name_pinyin")


class StandardCheckForm(CleanForm):
    item = forms.ChoiceField(label=_("Item of the standard"), choices=StandardItem.choices)
    met = forms.BooleanField(label=_("Met"), required=False)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=rules.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    upload = forms.FileField(
        label=_("Photo or file (PDF, Word, Excel, JPEG or PNG; at most 10 MB)"), required=False
    )


class ActivityForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=100)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=rules.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    participants = forms.IntegerField(
        label=_("Citizens taking part"), min_value=0, max_value=100000, initial=0
    )
    deputies = ModelMultipleChoiceField(
        label=_("Deputies taking part"),
        queryset=Deputy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    evaluation = forms.ChoiceField(
        label=_("Voters' evaluation (for a report to the voters)"),
        required=False,
        choices=[("", "—"), *Evaluation.choices],
    )

    def __init__(self, *args: Any, station_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = Deputy.objects.filter(  # type: ignore[attr-defined]
            station_entries__station_id=station_id
        ).order_by("name_pinyin")


class StationSetupForm(StationForm):
    organisation = OrganisationPickerField(label=_("Station organisation"))
    field_order = ["organisation", "address", "opening_hours", "public_phone"]

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, OrganisationPickerField)
        field.queryset = candidates
        field.set_params(kinds=OrgKind.STATION)
