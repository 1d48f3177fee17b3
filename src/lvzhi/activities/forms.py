"""Forms: parse and bound what people type; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm
from lvzhi.core.forms import DateInput, ModelMultipleChoiceField
from lvzhi.registry.models import Expertise

from .models import (
    ActivityKind,
    Decision,
    InspectionKind,
    MaterialKind,
    ResearchMethod,
    Route,
    StageKind,
    SupervisionKind,
    TrainingKind,
)


def _choices(form: forms.Form, name: str, choices: list[Any]) -> None:
    field: Any = form.fields[name]
    field.choices = choices


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
        _choices(self, "term", terms)
        _choices(self, "leader", [("", "—"), *members])
        _choices(self, "deputy_leader", [("", "—"), *members])


class PlanForm(CleanForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    content = forms.CharField(
        label=_("Plan of the year"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The activities of each quarter: topic, form, time (Art 39)."),
    )


class ActivityForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    content = forms.CharField(
        label=_("Content"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    report = forms.CharField(
        label=_("Report"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    present = forms.TypedMultipleChoiceField(
        label=_("Members present"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        _choices(self, "present", members)


class ReportForm(CleanForm):
    report = forms.CharField(
        label=_("Report"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo (JPEG or PNG)"))


class InspectionForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    organiser = forms.TypedChoiceField(label=_("Organiser"), coerce=int)
    title = forms.CharField(label=_("Topic"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    session = forms.TypedChoiceField(
        label=_("Session it prepares"), coerce=int, required=False, empty_value=None
    )
    sites = forms.CharField(
        label=_("Sites and times"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line per site: time, place, what is seen (Art 43)."),
    )

    def __init__(
        self,
        *args: Any,
        organisers: list[tuple[int, str]],
        sessions: list[tuple[int, str]],
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        _choices(self, "organiser", organisers)
        _choices(self, "session", [("", "—"), *sessions])


class DeputyChoiceForm(forms.Form):
    deputy = forms.TypedChoiceField(label=_("Deputy"), coerce=int)

    def __init__(self, *args: Any, deputies: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        _choices(self, "deputy", [("", "—"), *deputies])


class OpinionForm(CleanForm):
    deputy = forms.TypedChoiceField(label=_("Deputy"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Opinion"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, deputies: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        _choices(self, "deputy", deputies)


class RouteForm(forms.Form):
    route = forms.ChoiceField(
        label=_("Where it goes"), choices=[c for c in Route.choices if c[0] != Route.PENDING]
    )
    unit = forms.TypedChoiceField(
        label=_("Inspected unit"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        _choices(self, "unit", [("", "—"), *units])


class ProjectForm(CleanForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    committee = forms.TypedChoiceField(label=_("Committee"), coerce=int)
    expertise = ModelMultipleChoiceField(
        label=_("Knowledge needed"),
        queryset=Expertise.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, committees: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        _choices(self, "committee", committees)


class StageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Stage"), choices=StageKind.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())


class InviteManyForm(forms.Form):
    deputies = forms.TypedMultipleChoiceField(
        label=_("Deputies to invite"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, deputies: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        _choices(self, "deputies", deputies)


class DraftForm(CleanForm):
    title = forms.CharField(label=_("Title of the draft"), max_length=200)
    closes_on = forms.DateField(label=_("Comments close on"), widget=DateInput())
    text = forms.CharField(
        label=_("Text"),
        max_length=100000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Each article starts with 第…条 on a new line."),
    )


class CommentForm(CleanForm):
    body = forms.CharField(
        label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecideForm(CleanForm):
    decision = forms.ChoiceField(
        label=_("Adoption"), choices=[c for c in Decision.choices if c[0] != Decision.PENDING]
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SupervisionForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=SupervisionKind.choices)
    committee = forms.TypedChoiceField(label=_("Committee"), coerce=int)
    place = forms.TypedChoiceField(label=_("Place concerned"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    tasks = forms.CharField(
        label=_("Tasks and requirements"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args: Any,
        committees: list[tuple[int, str]],
        places: list[tuple[int, str]],
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        _choices(self, "committee", committees)
        _choices(self, "place", places)


class SupervisionOpinionForm(CleanForm):
    deputy = forms.TypedChoiceField(label=_("Deputy"), coerce=int)
    body = forms.CharField(
        label=_("Opinion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, deputies: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        _choices(self, "deputy", deputies)


class TrainingForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    organiser = forms.TypedChoiceField(label=_("Organiser"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    content = forms.CharField(
        label=_("Content"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, organisers: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        _choices(self, "organiser", organisers)


class MaterialForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(label=_("File (PDF, Word, Excel, image or MP4 video)"))


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)


class ThreadForm(CleanForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReplyForm(CleanForm):
    body = forms.CharField(
        label=_("Your reply"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ModerateForm(CleanForm):
    action = forms.ChoiceField(
        label=_("Moderation"),
        choices=[
            ("hide", _("Hide the thread")),
            ("show", _("Show the thread again")),
            ("lock", _("Close it for replies")),
            ("unlock", _("Reopen it for replies")),
        ],
    )
    note = forms.CharField(label=_("Note (required when hiding)"), max_length=200, required=False)


class ResearchForm(CleanForm):
    organiser = forms.TypedChoiceField(label=_("Organiser"), coerce=int)
    title = forms.CharField(label=_("Topic"), max_length=200)
    plan = forms.CharField(
        label=_("Work plan"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    methods = forms.MultipleChoiceField(
        label=_("Methods"), choices=ResearchMethod.choices, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())

    def __init__(self, *args: Any, organisers: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        _choices(self, "organiser", organisers)


class ForwardForm(forms.Form):
    organ = forms.TypedChoiceField(label=_("Organ"), coerce=int)

    def __init__(self, *args: Any, organs: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        _choices(self, "organ", [("", "—"), *organs])


class FeedbackForm(CleanForm):
    feedback = forms.CharField(
        label=_("How it was handled"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
