from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from .tables import escape
from .text import CONTROL, clean_text, one_line


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "pattern": "[0-9 ]*",
            }
        ),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Current password"), strip=False, widget=forms.PasswordInput
    )
    new_password = forms.CharField(label=_("New password"), strip=False, widget=forms.PasswordInput)
    new_password2 = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("The two new passwords differ."))
        return data


class DateInput(forms.DateInput):
    """A native date picker; its value must be ISO (YYYY-MM-DD) whatever the language, or the
    browser shows it empty and the date is lost on the next save."""

    input_type = "date"

    def __init__(self, attrs: dict[str, object] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class WorkdayOverrideForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    is_working_day = forms.TypedChoiceField(
        label=_("The day is"),
        coerce=lambda v: v == "1",
        choices=[("0", _("a holiday")), ("1", _("a working day (make-up day)"))],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=100)


class DateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker, ISO in every language (see DateInput)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, object] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class _OptionsInPython(forms.widgets.ChoiceWidget):
    """Renders the ``<option>`` elements in Python, straight from the choices. Django renders
    each option through a template (about 0.05 ms each): a page listing every handling unit
    twice spent 20 ms on it; and building Django's option dictionaries alone cost the staff
    directory of a large prefecture (1,760 divisions, 1,700 delegations) 15-25 ms a request
    (issue 26.2). The same HTML as Django's select, without the dictionaries."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        # Any choices a field holds (Django's stubs type the widget's narrower than the field's).
        super().__init__(attrs, choices)

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        from django.forms.utils import flatatt
        from django.utils.safestring import mark_safe

        chosen = set(self.format_value(value))
        multiple = self.allow_multiple_selected
        parts: list[str] = []
        found = False

        def add(option_value: Any, label: Any) -> None:
            nonlocal found
            text = "" if option_value is None else str(option_value)
            selected = (multiple or not found) and text in chosen
            found = found or selected
            parts.append(option_html(text, label, selected))

        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # an optgroup: its options, flattened
                for sub_value, sub_label in label:
                    add(sub_value, sub_label)
            else:
                add(option_value, label)
        final = self.build_attrs(self.attrs, attrs)
        if multiple:
            final["multiple"] = True
        return mark_safe(  # noqa: S308 (every value and label escaped above)
            f'<select name="{escape(name)}"{flatatt(final)}>{"".join(parts)}</select>'
        )


def _option_start(value: Any) -> str:
    return f'<option value="{escape("" if value is None else value)}"'


def option_html(value: Any, label: Any, selected: bool = False) -> str:
    """One ``<option>`` as Django's select writes it (value and label escaped)."""
    return f"{_option_start(value)}{' selected' if selected else ''}>{escape(label)}</option>"


class Listed(BaseChoiceIterator):
    """Choices already in Django's form (pairs of value and label, no groups), handed to a
    field as they are: Django normalises a plain list again on every assignment, which
    costs milliseconds for a list of a thousand counties (issue 26.2)."""

    def __init__(self, pairs: list[tuple[Any, Any]]) -> None:
        self.pairs = pairs

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


class LongSelect(_OptionsInPython, forms.Select):
    """A select with many options (every handling unit …)."""


class LongSelectMultiple(_OptionsInPython, forms.SelectMultiple):
    """A multiple select with many options."""


# A primary key is a 64-bit integer: a longer number typed into a choice must be an invalid
# choice, not a database error (SQLite raises OverflowError, PostgreSQL "out of range").
PK_MAX = 2**63 - 1


def _pk_in_range(value: object) -> bool:
    digits = str(value).strip().lstrip("-")
    if not digits.isdecimal():
        return True  # not a number at all: Django's own check answers it
    return len(digits) <= 19 and int(digits) <= PK_MAX


class ModelChoiceField(forms.ModelChoiceField):
    """Django's, with out-of-range numbers answered as an invalid choice."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _pk_in_range(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, with out-of-range numbers answered as an invalid choice."""

    def _check_values(self, value: Any) -> Any:
        for v in value:
            if not _pk_in_range(v):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": v},
                )
        return super()._check_values(value)  # type: ignore[misc]


class LanguagePreferenceForm(forms.Form):
    """The language the account is spoken to in: notifications, SMS, e-mail, documents."""

    language = forms.ChoiceField(
        label=_("Language of my notifications, text messages and documents"),
        required=False,
        choices=(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .i18n import choices

        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("Chinese (the default)")),
            *(c for c in choices() if not c[0].startswith("zh")),
        ]


class ChannelChoiceForm(forms.Form):
    """An account's outbound channels: one box per channel configured here, and the webhook
    address when webhooks are offered. The in-app inbox is always on and has no box."""

    def __init__(self, *args: Any, channels: list[Any], webhook: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for channel in channels:
            self.fields[f"channel_{channel.name}"] = forms.BooleanField(
                label=channel.label, required=False
            )
        if webhook:
            self.fields["webhook_url"] = forms.URLField(
                label=_("Webhook address"),
                max_length=300,
                required=False,
                assume_scheme="https",
                help_text=_(
                    "Notifications are posted there as JSON, signed with the secret shown below "
                    "(HMAC-SHA256). Leave empty to remove it."
                ),
            )

    def choices(self) -> dict[str, bool]:
        return {
            name.removeprefix("channel_"): bool(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("channel_")
        }


class CleanTextMixin:
    """The one text-cleaning path of the forms (`core.text`): before any field sees the
    submission, the control characters neither PostgreSQL nor .xlsx can hold are dropped and
    the text is made NFC (so Django's "Null characters are not allowed" never reaches a user
    who pasted a stray NUL); after the fields, a one-line field's white space is one space and a
    text area's line ends are `\\n`. Password fields (``strip=False``) are left as typed."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        data = kwargs.get("data", args[0] if args else None)
        keep = {
            n for n, f in getattr(self, "base_fields", {}).items() if not getattr(f, "strip", 1)
        }
        if data is not None and hasattr(data, "getlist"):
            data = data.copy()
            for key in list(data.keys()):
                if key not in keep:
                    data.setlist(key, [_raw(v) for v in data.getlist(key)])
            if "data" in kwargs:
                kwargs["data"] = data
            else:
                args = (data, *args[1:])
        elif isinstance(data, dict):
            data = {k: v if k in keep else _raw(v) for k, v in data.items()}
            if "data" in kwargs:
                kwargs["data"] = data
            else:
                args = (data, *args[1:])
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}  # type: ignore[misc]
        for name, value in list(data.items()):
            field = self.fields.get(name)
            if not isinstance(value, str) or field is None or not getattr(field, "strip", True):
                continue
            if isinstance(field.widget, forms.Textarea):
                data[name] = clean_text(value)
            else:
                data[name] = one_line(value)
        return data


def _raw(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", CONTROL.sub("", value))


class CleanTextForm(CleanTextMixin, forms.Form):
    """A form whose text goes through `core.text` (see CleanTextMixin)."""


def posted(request: HttpRequest) -> Any:
    """The data a page's form is bound to: what was posted, or nothing on a GET."""
    return request.POST if request.method == "POST" else None


def picked(c: dict[str, Any], *names: str) -> dict[str, Any]:
    """The named fields of a form's cleaned data, for the service arguments of the same name."""
    return {n: c[n] for n in names}


def add_refusal(form: forms.BaseForm, exc: Any) -> None:
    """Show a service's refusal (a `DomainError`) on the form: next to the field it names when
    the form has that field, else above the form. The one copy of what every view did."""
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, getattr(exc, "message", str(exc)))


class ActivationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Activation code"),
        max_length=32,
        help_text=_("The code in your activation letter or text message, e.g. ABCDE-FGHJK."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "autofocus": True,
            }
        ),
    )


class NewPasswordForm(forms.Form):
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("The two new passwords differ."))
        return data


class ActivationForm(NewPasswordForm):
    code = forms.CharField(widget=forms.HiddenInput, max_length=32)
    second_factor = forms.BooleanField(
        label=_("Also set up a second factor on my phone (an authenticator app)"), required=False
    )


class ForgotPasswordForm(forms.Form):
    login = forms.CharField(
        label=_("User name or mobile number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )


class ResetCodeForm(NewPasswordForm):
    code = forms.CharField(
        label=_("Code from the text message"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
