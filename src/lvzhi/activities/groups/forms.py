"""groups: forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm
from lvzhi.core.forms import DateInput
from lvzhi.registry.pickers import DeputyPickerField

from ..common.forms import set_choices, text_area
from ..models import ActivityKind


class GroupFormForm(CleanForm):
    term = forms.TypedChoiceField(label=_("Term"), coerce=int)
    formed_on = forms.DateField(label=_("Formed on"), widget=DateInput())
    leader = forms.TypedChoiceField(label=_("Group leader"), coerce=int)
    deputy_leader = forms.TypedChoiceField(
        label=_("Deputy leader of the group"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self, *args: Any, members: list[tuple[int, str]], terms: list[tuple[int, str]], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "term", terms)
        set_choices(self, "leader", [("", "—"), *members])
        set_choices(self, "deputy_leader", [("", "—"), *members])


class PlanForm(CleanForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    content = text_area(
        _("Plan of the year"),
        max_length=20000,
        rows=5,
        help_text=_("The activities of each quarter: topic, form, time (Art 39)."),
    )


class ActivityForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    content = text_area(_("Content"), max_length=20000, rows=4)
    report = text_area(_("Report"), max_length=20000, rows=4, required=False)
    present = forms.TypedMultipleChoiceField(
        label=_("Members present"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "present", members)


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo (JPEG or PNG)"))


class GroupMemberForm(forms.Form):
    """R19: a serving deputy of any level whose congress covers the group's place, chosen with
    the person picker (issue 22.2)."""

    deputy = DeputyPickerField(label=_("Deputy"))

    def __init__(self, *args: Any, candidates: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["deputy"]
        assert isinstance(field, DeputyPickerField)
        field.queryset = candidates
