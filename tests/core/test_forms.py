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
