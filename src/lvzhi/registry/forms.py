"""Forms parse input only; the rules live in services (clean_deputy_data)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DateInput, DateTimeInput, LongSelect, picked
from lvzhi.core.models import Division

from .codes import Education, Ethnicity, Gender, Language, OccupationCategory, PoliticalStatus
from .models import (
    AccountState,
    ImportMode,
    Level,
    MembershipStatus,
    Organisation,
    OrgKind,
    Role,
    Term,
)
from .pickers import (
    DirectoryDelegationPickerField,
    DirectoryDivisionPickerField,
    DivisionPickerField,
    OrganisationPickerField,
    PickerWidget,
    TermPickerField,
)
from .services import DeputyData


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


_NAMES_IN = {
    "ug": (
        _("Name in Uyghur"),
        _("Shown on the public portal in Uyghur; left empty, the Chinese name is shown."),
    ),
    "kk": (
        _("Name in Kazakh (Arabic script)"),
        _("Shown on the public portal in Kazakh; left empty, the Chinese name is shown."),
    ),
}


def names_in(c: dict[str, Any]) -> dict[str, Any]:
    """The names in Uyghur and Kazakh of a form's cleaned data, their white space folded."""
    return {"name_ug": " ".join(c["name_ug"].split()), "name_kk": " ".join(c["name_kk"].split())}


def _name_in(lang: str, max_length: int) -> forms.CharField:
    """The optional name in Uyghur or Kazakh, written right to left, beside the Chinese one."""
    label, help_text = _NAMES_IN[lang]
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs={"lang": lang, "dir": "rtl"}),
        max_length=max_length,
        help_text=help_text,
    )


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or pinyin initials"), required=False, max_length=64)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=_blank(Level.choices))
    # Pickers, not selects (issue 22.2): a large prefecture has 1,700 counties and as many
    # delegations. The query keeps its shape: ``?division=654002`` (the start of the codes
    # kept), ``?delegation=<id>``.
    division = DirectoryDivisionPickerField(label=_("Division"), required=False)
    delegation = DirectoryDelegationPickerField(label=_("Delegation"), required=False)
    group = forms.CharField(label=_("Deputy group"), required=False, max_length=64)
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"), required=False, choices=_blank(Ethnicity.choices)
    )
    occupation_category = forms.ChoiceField(
        label=_("Occupational category"), required=False, choices=_blank(OccupationCategory.choices)
    )
    grassroots = forms.ChoiceField(
        label=_("Grassroots"),
        required=False,
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *MembershipStatus.choices]
    )
    account = forms.ChoiceField(
        label=_("Account"), required=False, choices=[("", _("All")), *AccountState.choices]
    )

    def __init__(
        self,
        *args: Any,
        divisions: QuerySet[Division],
        delegations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = divisions  # type: ignore[attr-defined]
        self.fields["delegation"].queryset = delegations  # type: ignore[attr-defined]
        # Every other select writes its options in Python too (issue 26.2): Django renders each
        # option through two templates, and the ethnicities alone are 57 options a page.
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field.widget, (LongSelect, PickerWidget)
            ):
                # A ChoiceField keeps its choices normalised to a list of pairs.
                field.widget = LongSelect(choices=cast("list[tuple[Any, Any]]", field.choices))

    def clean_division(self) -> str:
        """The filter's value: the start of the division codes kept."""
        division = self.cleaned_data.get("division")
        return str(division.filter_code) if division is not None else ""

    def clean_delegation(self) -> int | None:
        delegation = self.cleaned_data.get("delegation")
        return delegation.pk if delegation is not None else None


class DeputyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=64)
    name_ug = _name_in("ug", 64)
    name_kk = _name_in("kk", 64)
    gender = forms.ChoiceField(label=_("Gender"), choices=_blank(Gender.choices))
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), choices=_blank(Ethnicity.choices))
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput())
    id_number = forms.CharField(
        label=_("ID number"),
        required=False,
        max_length=24,
        help_text=_("18 characters; leave empty to keep the number on file."),
    )
    political_status = forms.ChoiceField(
        label=_("Political status"), choices=_blank(PoliticalStatus.choices)
    )
    education = forms.ChoiceField(
        label=_("Education"), required=False, choices=_blank(Education.choices)
    )
    position = forms.CharField(label=_("Work unit and position"), required=False, max_length=200)
    occupation_category = forms.ChoiceField(
        label=_("Occupational category"), choices=_blank(OccupationCategory.choices)
    )
    is_grassroots = forms.BooleanField(label=_("Grassroots deputy"), required=False)
    is_frontline = forms.BooleanField(label=_("Front-line worker or farmer"), required=False)
    holds_leading_post = forms.BooleanField(
        label=_("Holds a leading Party or government post"), required=False
    )
    expertise = forms.CharField(
        label=_("Expertise"),
        required=False,
        max_length=300,
        help_text=_("Separate several with 、 or commas."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    public_contact = forms.CharField(
        label=_("Public contact channel"), required=False, max_length=100
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        required=False,
        max_length=20,
        help_text=_("Leave empty to keep the number on file."),
    )

    def to_data(self) -> DeputyData:
        from .spreadsheet import LIST_SEPARATORS

        c = self.cleaned_data
        return DeputyData(
            languages=list(c["languages"]),
            expertise=[p for p in LIST_SEPARATORS.split(c["expertise"]) if p],
            **names_in(c),
            **picked(
                c,
                "name",
                "gender",
                "ethnicity",
                "political_status",
                "birth_date",
                "occupation_category",
                "education",
                "position",
                "is_grassroots",
                "is_frontline",
                "holds_leading_post",
                "public_contact",
                "phone",
                "id_number",
            ),
        )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    name_ug = _name_in("ug", 100)
    name_kk = _name_in("kk", 100)
    short_name = forms.CharField(label=_("Short name"), max_length=50, required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class OrganisationCreateForm(OrganisationForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=_blank(OrgKind.choices))
    division = DivisionPickerField(
        label=_("Administrative division"),
        required=False,
        queryset=Division.objects.order_by("code"),
    )

    field_order = ["kind", "name", "name_ug", "name_kk", "short_name", "division"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["is_active"]


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo (JPEG or PNG, at most 2 MB)"))


class MembershipForm(forms.Form):
    term = TermPickerField(label=_("Term"))
    electoral_unit = OrganisationPickerField(label=_("Electoral unit"))
    delegation = OrganisationPickerField(label=_("Delegation"), required=False)
    elected_on = forms.DateField(label=_("Elected on"), widget=DateInput())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        congress_ids = {u.congress_id for u in units}
        term = self.fields["term"]
        unit = self.fields["electoral_unit"]
        delegation = self.fields["delegation"]
        assert isinstance(term, TermPickerField)
        assert isinstance(unit, OrganisationPickerField)
        assert isinstance(delegation, OrganisationPickerField)
        term.queryset = Term.objects.filter(
            congress_id__in=congress_ids, is_current=True
        ).select_related("congress__division")
        term.set_params(current=1)
        unit.queryset = units
        unit.set_params(kinds=OrgKind.ELECTORAL_UNIT)
        delegation.queryset = Organisation.objects.filter(
            kind=OrgKind.DELEGATION, congress_id__in=congress_ids
        )
        delegation.set_params(kinds=OrgKind.DELEGATION)


class StatusChangeForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("New status"), choices=_blank(MembershipStatus.choices))
    on = forms.DateField(label=_("Date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)
    document_no = forms.CharField(label=_("Document number"), required=False, max_length=64)


class ImportForm(forms.Form):
    term = TermPickerField(label=_("Term"))
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"))
    mode = forms.ChoiceField(
        label=_("When some rows are wrong"),
        choices=ImportMode.choices,
        initial=ImportMode.ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, terms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms  # type: ignore[attr-defined]


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Object or actor"), required=False, max_length=64)
    action = forms.CharField(label=_("Action"), required=False, max_length=64)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("User name or name"), required=False, max_length=64)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=_blank(Role.choices))


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=_blank([c for c in Role.choices if c[0] != Role.DEPUTY])
    )
    organisation = OrganisationPickerField(
        label=_("Organisation (scope)"),
        queryset=Organisation.objects.filter(is_active=True).order_by("path"),
    )


class AccountCreateForm(RoleGrantForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    display_name = forms.CharField(label=_("Name and unit"), max_length=64)
    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(render_value=True),
        help_text=_("The holder must change it at the first sign-in."),
    )

    field_order = ["username", "display_name", "password", "role", "organisation"]


class SessionForm(forms.Form):
    """A session of a congress term and its proposal deadline (R09)."""

    term = TermPickerField(label=_("Congress term"))
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())
    proposal_deadline = forms.DateTimeField(
        label=_("Proposal deadline"),
        required=False,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Proposals are handed in through the delegations before this time (Art 16)."),
    )

    def __init__(self, *args: Any, terms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["term"]
        assert isinstance(field, TermPickerField)
        field.queryset = terms


class StaffInviteForm(forms.Form):
    display_name = forms.CharField(label=_("Name and unit"), max_length=64)
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, admin: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [
            (value, label)
            for value, label in Role.choices
            if value != Role.DEPUTY and (admin or value != Role.ADMIN)
        ]
