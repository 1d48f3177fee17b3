"""The form renderer (``FORM_RENDERER``): Django's, with the plain inputs written in Python.

Every field of every form is drawn by its widget's template: a text box is three templates
(``text.html`` includes ``input.html``, which includes ``attrs.html``), each through Django's
template engine. The staff lists' filters and bulk forms draw 8-10 of them a request, and a
profile of the suggestion queue put the widgets' templates at a fifth of the page's CPU
(issue 26.2). The ``<input>`` family, ``<textarea>`` and ``<select>`` are written here the way those
templates write them, to the character (``tests/core/test_formrenderer.py`` compares both);
every other widget (radio lists, check box lists, file inputs) still goes through its
template.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.safestring import SafeString

from .tables import escape

WIDGETS = "django/forms/widgets/"
# The widgets whose template is ``input.html`` and nothing else.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)
TEXTAREA_TEMPLATE = f"{WIDGETS}textarea.html"
SELECT_TEMPLATE = f"{WIDGETS}select.html"
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"


def attrs_html(attrs: dict[str, Any]) -> str:
    """``attrs.html``: `` name="value"`` each, a bare name where the value is True, nothing
    where it is False."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(value)}"'
    return (
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{shown}'
        f"{attrs_html(widget['attrs'])}>"
    )


def textarea_html(widget: dict[str, Any]) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{escape(widget["name"])}"{attrs_html(widget["attrs"])}>\n'
        f"{escape(value) if value else ''}</textarea>"
    )


def select_html(widget: dict[str, Any]) -> str | None:
    """``select.html`` and its ``select_option.html``; None where an option has another
    template (left to the templates)."""
    parts = [f'<select name="{escape(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{escape(option["value"])}"{attrs_html(option["attrs"])}>'
                f"{escape(option['label'])}</option>\n"  # the included file's last line end
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class Renderer(DjangoTemplates):
    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> SafeString:
        widget = context.get("widget")
        if isinstance(widget, dict):
            if template_name in INPUT_TEMPLATES:
                return SafeString(input_html(widget))
            if template_name == TEXTAREA_TEMPLATE:
                return SafeString(textarea_html(widget))
            if template_name == SELECT_TEMPLATE:
                written = select_html(widget)
                if written is not None:
                    return SafeString(written)
        return SafeString(super().render(template_name, context, request))
