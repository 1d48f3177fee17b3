"""common: forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm
from lvzhi.core.forms import DateInput
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.pickers import DeputiesPickerField

from ..models import Decision


def set_choices(form: forms.Form, name: str, choices: list[Any]) -> None:
    field: Any = form.fields[name]
    field.choices = choices


def text_area(label: Any, max_length: int, rows: int, **kw: Any) -> forms.CharField:
    """A field of free text, at most ``max_length`` characters, typed in a box of ``rows``
    lines; ``kw`` are the field's other options (``required``, ``help_text``)."""
    return forms.CharField(
        label=label, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}), **kw
    )


class OrganisedForm(CleanForm):
    """The plan of an activity a body organises over some days (an inspection, a training, a
    research): the organiser among the user's bodies (``organisers``), the first and last
    day. Each form puts its own fields among these with ``field_order``."""

    organiser = forms.TypedChoiceField(label=_("Organiser"), coerce=int)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())

    def __init__(self, *args: Any, organisers: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "organiser", organisers)


class ReportForm(CleanForm):
    report = text_area(_("Report"), max_length=20000, rows=5)


def _term_picker(form: forms.Form, name: str, term_id: int, exclude: Iterable[int]) -> None:
    """The person picker (issue 22.2) over the deputies serving in the term, without those
    already invited; several at once, or a whole group."""
    field = form.fields[name]
    assert isinstance(field, DeputiesPickerField)
    field.queryset = registry_selectors.deputies_serving_in(term_id).exclude(pk__in=list(exclude))
    field.set_params(term=term_id)


class DeputyChoiceForm(forms.Form):
    """Deputies to invite to an inspection, a research or a supervision activity."""

    deputy = DeputiesPickerField(label=_("Deputies to invite"))

    def __init__(self, *args: Any, term_id: int, exclude: Iterable[int] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        _term_picker(self, "deputy", term_id, exclude)


class DeputyOpinionForm(CleanForm):
    """The opinion of a deputy taking part in an inspection or a supervision activity, recorded
    by the deputy or by the staff for one of ``deputies``. Each form adds its own fields."""

    deputy = forms.TypedChoiceField(label=_("Deputy"), coerce=int)

    def __init__(self, *args: Any, deputies: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "deputy", deputies)


class DecideForm(CleanForm):
    decision = forms.ChoiceField(
        label=_("Adoption"), choices=[c for c in Decision.choices if c[0] != Decision.PENDING]
    )
    reason = text_area(_("Reason"), max_length=2000, rows=2)


class InviteManyForm(forms.Form):
    """Deputies to invite to a legislative stage, or who attended a training."""

    deputies = DeputiesPickerField(label=_("Deputies to invite"))

    def __init__(self, *args: Any, term_id: int, exclude: Iterable[int] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        _term_picker(self, "deputies", term_id, exclude)
