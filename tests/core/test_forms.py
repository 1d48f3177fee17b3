"""Shared form widgets."""

from __future__ import annotations

from django import forms

from lvzhi.core.forms import LongSelect, LongSelectMultiple


def test_long_selects_render_like_django_selects_with_escaping_and_selection() -> None:
    choices = [("1", "甲"), ("2", "乙<b>")]
    html = LongSelect(choices=choices).render("lead", "2", {"id": "id_lead"})
    assert html == (
        '<select name="lead" id="id_lead"><option value="1">甲</option>'
        '<option value="2" selected>乙&lt;b&gt;</option></select>'
    )
    multi = LongSelectMultiple(attrs={"size": 6}, choices=choices).render("co", ["1"], {})
    assert " multiple" in multi and '<option value="1" selected>' in multi
    assert forms.Select(choices=choices).render("lead", "2").count("<option") == html.count(
        "<option"
    )


def test_a_number_too_large_for_a_key_is_an_invalid_choice_not_a_database_error() -> None:
    import pytest as _pytest

    from lvzhi.core.forms import ModelChoiceField, ModelMultipleChoiceField
    from lvzhi.core.models import User

    one = ModelChoiceField(queryset=User.objects.all())
    many = ModelMultipleChoiceField(queryset=User.objects.all())
    for field, value in ((one, "99999999999999999999"), (many, ["1", "-99999999999999999999"])):
        with _pytest.raises(forms.ValidationError):
            field.clean(value)


def test_options_tag_writes_a_long_selects_options_as_the_template_loop_did() -> None:
    """Issue 26.2: ``{% options %}`` writes the options of a long select in Python; objects
    give their number and text, pairs their value and label, the chosen one is selected and
    everything is escaped."""
    from django.template import Context, Template

    class Row:
        def __init__(self, pk: int, name: str) -> None:
            self.pk, self.name = pk, name

        def __str__(self) -> str:
            return self.name

    loop = Template(
        '{% for c in rows %}<option value="{{ c.pk }}"{% if c.pk == chosen %} selected{% endif %}>'
        "{{ c }}</option>{% endfor %}"
    )
    tag = Template("{% options rows chosen %}")
    rows = [Row(1, "伊宁市"), Row(2, "<b>&霍城县"), Row(30, "")]
    for chosen in (1, 2, 30, 99, None):
        context = {"rows": rows, "chosen": chosen}
        assert tag.render(Context(context)) == loop.render(Context(context))
    pairs = Template("{% options rows 'b' %}").render(Context({"rows": [("a", "甲"), ("b", "乙")]}))
    assert pairs == '<option value="a">甲</option><option value="b" selected>乙</option>'
