"""Forms parse input only; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DateInput, ModelChoiceField
from lvzhi.core.models import User
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Term

from . import motion_forms
from .cosign_forms import InviteForm as InviteForm
from .models import AssignmentPlan, Category, Method, Rating, ResultClass, Status
from .motion_forms import PlanForm as PlanForm


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class DraftForm(forms.Form):
    term = ModelChoiceField(label=_("Congress"), queryset=Term.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=_blank(Category.choices))
    body = forms.CharField(
        label=_("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("What the problem is, why it matters, and what you suggest doing about it."),
    )

    def __init__(self, *args: Any, deputy_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = registry_selectors.current_terms_of_deputy(  # type: ignore[attr-defined]
            deputy_id
        )


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search title and text"), required=False, max_length=64)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *[c for c in Status.choices if c[0] != Status.DRAFT]],
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_blank(Category.choices)
    )
    key_supervision = forms.BooleanField(label=_("Key supervision only"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    flagged = forms.BooleanField(label=_("Flagged by the screening"), required=False)


INBOX_STATUSES = (Status.ASSIGNED, Status.REPLIED, Status.CLOSED)


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search title and text"), required=False, max_length=64)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[*[(s.value, s.label) for s in INBOX_STATUSES], ("", _("All"))],
    )
    not_received = forms.BooleanField(label=_("Not signed for yet"), required=False)
    mine = forms.BooleanField(label=_("I am the handler"), required=False)


class StaffChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class InboxBulkForm(forms.Form):
    """Bulk actions on the ticked items of a unit's inbox. ``handler`` offers the unit's own
    accounts (the view passes them)."""

    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("", "—"),
            ("receive", _("Sign for (签收)")),
            ("handler", _("Name the handler (经办人)")),
        ],
    )
    handler = StaffChoiceField(
        label=_("Handler"), required=False, queryset=User.objects.none(), empty_label="—"
    )

    def __init__(self, *args: Any, staff: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["handler"]
        assert isinstance(field, ModelChoiceField)
        if staff is not None:
            field.queryset = staff

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "handler" and not data.get("handler"):
            self.add_error("handler", _("Choose the handler."))
        return data


class ClassifyForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=_blank(Category.choices))
    key_supervision = forms.BooleanField(label=_("Key supervision (R17)"), required=False)
    is_public = forms.BooleanField(label=_("Publish with its reply"), required=False)


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("clear", _("It is a suggestion: clear the flag")),
            ("exclude", _("It is not a suggestion (Art 21)")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Explanation for the deputy"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(motion_forms.AssignForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, plans=AssignmentPlan.objects.order_by("-decided_on"), **kwargs)


class ExtensionForm(forms.Form):
    requested_due_on = forms.DateField(label=_("New due date"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not for your unit"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    suggested_unit = forms.CharField(
        label=_("Unit that should handle it"), required=False, max_length=100
    )


class OpinionForm(forms.Form):
    body = forms.CharField(
        label=_("Opinion for the lead unit"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CommunicationForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=_blank(Method.choices))
    on = forms.DateField(label=_("Date"), widget=DateInput())
    summary = forms.CharField(
        label=_("What was discussed"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReplyTemplateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    body = forms.CharField(
        label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )


class ReplyForm(forms.Form):
    result_class = forms.ChoiceField(label=_("Result"), choices=_blank(ResultClass.choices))
    body = forms.CharField(
        label=_("Reply"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )


class EvaluationForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Evaluation"), choices=Rating.choices, widget=forms.RadioSelect
    )
    comment = motion_forms.comment_field()
    rehandle = forms.BooleanField(label=_("Send it back for re-handling"), required=False)
