"""Forms only parse; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm
from lvzhi.core.forms import DateInput, ModelChoiceField, ModelMultipleChoiceField
from lvzhi.core.textareas import text_area
from lvzhi.registry.models import Deputy, OrgKind
from lvzhi.registry.pickers import DeputyPickerField, OrganisationPickerField

from . import rules
from .models import (
    ActivityKind,
    Category,
    Evaluation,
    MatterLevel,
    Outcome,
    StandardItem,
    Station,
    Status,
)
from .pickers import StationPickerField

# The citizen's form is translated into Uyghur and Kazakh (issue 9, item 7). Django's own Kazakh
# catalog is in the Cyrillic script, so the form's error messages are this project's msgids.
OPINION_ERRORS = {
    "required": _("This field is required."),
    "invalid_choice": _("Choose one of the options in the list."),
}


def station_deputies(station_id: int) -> Any:
    """The deputies who entered the station, the choices of its forms' deputy fields."""
    return Deputy.objects.filter(station_entries__station_id=station_id).order_by("name_pinyin")


def _station_deputies_field(label: Any) -> ModelMultipleChoiceField:
    return ModelMultipleChoiceField(
        label=label, queryset=Deputy.objects.none(), widget=forms.CheckboxSelectMultiple
    )


class StationDeputiesForm(CleanForm):
    """A form whose ``deputies`` field offers the deputies of one station."""

    def __init__(self, *args: Any, station_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = station_deputies(station_id)  # type: ignore[attr-defined]


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
    body = text_area(
        _("Your opinion"), rows=6, max_length=rules.BODY_MAX, min_length=rules.BODY_MIN
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
        self.fields["deputy"].queryset = station_deputies(station_id)  # type: ignore[attr-defined]
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
    # A picker (stations.pickers), not a select: staff over a large prefecture's liaison
    # posts have thousands of stations, over the whole tree 20,000 (1.2 MB of options).
    station = StationPickerField(label=_("Station"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args: Any, stations: QuerySet[Station], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations  # type: ignore[attr-defined]


class AssignForm(StationDeputiesForm):
    matter_level = forms.ChoiceField(
        label=_("Level of the matter"),
        choices=[
            (MatterLevel.LOCAL, MatterLevel.LOCAL.label),
            (MatterLevel.HIGHER, MatterLevel.HIGHER.label),
        ],
    )
    deputies = _station_deputies_field(_("Deputies of the station"))


class RedirectForm(CleanForm):
    note = text_area(
        _("Explanation for the citizen"),
        rows=3,
        max_length=rules.NOTE_MAX,
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
    note = text_area(
        _("Answer or explanation (shown to the citizen)"),
        rows=4,
        required=False,
        max_length=rules.NOTE_MAX,
    )


class AnswerForm(CleanForm):
    feedback = text_area(_("What the citizen was told, and how"), rows=3, max_length=rules.NOTE_MAX)


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


class ReceptionForm(StationDeputiesForm):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    topic = forms.CharField(label=_("Topic"), required=False, max_length=100)
    deputies = _station_deputies_field(_("Deputies present"))


class StandardCheckForm(CleanForm):
    item = forms.ChoiceField(label=_("Item of the standard"), choices=StandardItem.choices)
    met = forms.BooleanField(label=_("Met"), required=False)
    evidence = text_area(_("Evidence"), rows=2, required=False, max_length=rules.NOTE_MAX)
    upload = forms.FileField(
        label=_("Photo or file (PDF, Word, Excel, JPEG or PNG; at most 10 MB)"), required=False
    )


class ActivityForm(StationDeputiesForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=100)
    summary = text_area(_("Summary"), rows=3, required=False, max_length=rules.NOTE_MAX)
    participants = forms.IntegerField(
        label=_("Citizens taking part"), min_value=0, max_value=100000, initial=0
    )
    deputies = _station_deputies_field(_("Deputies taking part"))
    evaluation = forms.ChoiceField(
        label=_("Voters' evaluation (for a report to the voters)"),
        required=False,
        choices=[("", "—"), *Evaluation.choices],
    )


class StationSetupForm(StationForm):
    organisation = OrganisationPickerField(label=_("Station organisation"))
    field_order = ["organisation", "address", "opening_hours", "public_phone"]

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, OrganisationPickerField)
        field.queryset = candidates
        field.set_params(kinds=OrgKind.STATION)
