"""Template builtins every page may use without ``{% load %}``.

``{% csrf_token %}`` that also stamps the form with a one-time submission key.

Registered as a template builtin after Django's own, so every POST form of every app carries the
key without touching its template; ``core.middleware.IdempotentSubmissionMiddleware`` uses it
so that a retried or double-clicked submission creates nothing twice (issue 11).

The parts of a page that the template engine made slow, written in Python (issue 26.2):
``{% options %}`` (a long select's options), ``{% table %}`` (a list's rows, ``core.tables``),
``{% menu_groups %}`` and ``{% menu_items %}`` (the header's menus, ``core.navigation``)."""

from __future__ import annotations

import uuid
from typing import Any

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html
from django.utils.safestring import SafeString

from lvzhi.core.rules import SUBMISSION_KEY_FIELD

register = template.Library()


class CsrfAndSubmissionKeyNode(template.Node):
    def render(self, context: Any) -> SafeString:
        csrf = CsrfTokenNode().render(context)
        return format_html(
            '{}<input type="hidden" name="{}" value="{}">',
            csrf,
            SUBMISSION_KEY_FIELD,
            uuid.uuid4().hex,
        )


@register.tag
def csrf_token(parser: Any, token: Any) -> template.Node:
    return CsrfAndSubmissionKeyNode()


@register.simple_tag
def options(choices: Any, chosen: Any = None) -> SafeString:
    """The ``<option>`` elements of a long select written in Python (issue 26.2: a template
    loop over the 1,700 congresses a large prefecture's office may pick from cost 60 ms a
    page): each choice an object (its ``pk`` and its text) or a (value, label) pair; the one
    whose value is ``chosen`` is selected."""
    from django.utils.safestring import mark_safe

    from lvzhi.core.forms import option_html

    wanted = "" if chosen is None else str(chosen)
    parts = []
    for choice in choices:
        value, label = choice if isinstance(choice, tuple) else (choice.pk, choice)
        parts.append(option_html(value, label, str(value) == wanted))
    return mark_safe("".join(parts))  # noqa: S308 (option_html escapes value and label)


@register.simple_tag
def table(spec: Any, rows: Any, selectable: bool = False) -> SafeString:
    """``{% table table page %}``: a list's rows written by its ``core.tables.Table``
    (issue 26.2); ``selectable=bulk`` adds the check box column where the table has one."""
    return spec.html(rows, selectable=bool(selectable))


@register.simple_tag
def menu_groups(groups: Any) -> SafeString:
    """The header's menus (``core.navigation.groups_html``)."""
    from lvzhi.core.navigation import groups_html

    return groups_html(groups)


@register.simple_tag
def menu_items(items: Any) -> SafeString:
    """A menu's links (``core.navigation.items_html``)."""
    from lvzhi.core.navigation import items_html

    return items_html(items)
