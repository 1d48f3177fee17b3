"""The form renderer writes the plain widgets in Python (issue 26.2): the same HTML as Django's
templates, to the character, for every kind of value and attribute."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from lvzhi.core.formrenderer import Renderer

VALUES = [
    None,
    "",
    "plain",
    'quote " and <script>&',
    0,
    12,
    1.5,
    dt.date(2026, 12, 7),
    "维吾尔 ئۇيغۇر",
]
ATTRS = [
    {},
    {"required": True, "disabled": False, "maxlength": 64, "class": 'a"b'},
    {"placeholder": "<b>", "data-x": mark_safe("<i>safe</i>"), "autofocus": True},
]
WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.SearchInput,
    forms.CheckboxInput,
    forms.Textarea,
]
CHOICES = [
    ("", "—"),
    ("a", "A & <b>"),
    (1, "一"),
    ("Group", [("g1", "G 1"), ("g2", 'G "2"')]),
]


def both(widget: forms.Widget, value: object) -> tuple[str, str]:
    return (
        widget.render("field", value, renderer=DjangoTemplates()),
        widget.render("field", value, renderer=Renderer()),
    )


@pytest.mark.parametrize("widget_class", WIDGETS, ids=lambda w: w.__name__)
@pytest.mark.parametrize("attrs", ATTRS, ids=["none", "flags", "escaped"])
def test_the_plain_widgets_are_written_as_djangos_templates_write_them(widget_class, attrs):
    for value in VALUES:
        django_html, ours = both(widget_class(attrs=dict(attrs)), value)
        assert ours == django_html, (widget_class.__name__, value)


@pytest.mark.parametrize("multiple", [False, True])
@pytest.mark.parametrize("value", [None, "", "a", 1, "g2", ["a", "g1"]])
def test_a_select_with_groups_is_written_as_djangos_templates_write_it(multiple, value):
    widget_class = forms.SelectMultiple if multiple else forms.Select
    widget = widget_class(attrs={"id": "id_field", "required": True}, choices=CHOICES)
    django_html, ours = both(widget, value)
    assert ours == django_html


def test_widgets_the_renderer_does_not_write_still_come_from_their_templates():
    widget = forms.RadioSelect(choices=CHOICES)
    django_html, ours = both(widget, "a")
    assert ours == django_html
    assert 'type="radio"' in ours
