"""Shared form widgets."""

from __future__ import annotations

import pytest
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


def test_written_options_render_like_plain_choices_and_survive_the_cache() -> None:
    """Issue 26.2: ``Written`` choices (written once, kept in the cache) give a LongSelect the
    same HTML as the same pairs in a plain list, whatever is chosen; pickled, they come back
    with the same pairs (numbers as numbers), so a form still checks a chosen value."""
    import pickle

    from django.utils.translation import gettext_lazy

    from lvzhi.core.forms import Written

    head = ("", gettext_lazy("All"))
    numbers = Written([(3, "甲"), (1, "乙<b>"), (2, "")])
    words = Written([("a&b", "丙"), ("c", "丁")])
    for kept in (numbers, words):
        again = pickle.loads(pickle.dumps(kept))  # noqa: S301 (our own object)
        assert list(again) == list(kept) and len(again) == len(kept)
        for choices in (kept, again):
            plain = [head, *choices.pairs]
            for chosen in ("", None, "1", "3", "a&b", "c", "9"):
                expected = LongSelect(choices=plain).render("s", chosen, {"id": "i"})
                widget = LongSelect(choices=choices.with_head(head))
                assert widget.render("s", chosen, {"id": "i"}) == expected
            for chosen_many in (["1", "2"], ["a&b", "c"], []):
                expected = LongSelectMultiple(choices=plain).render("m", chosen_many, {})
                widget = LongSelectMultiple(choices=choices.with_head(head))
                assert widget.render("m", chosen_many, {}) == expected
    field = forms.TypedChoiceField(coerce=int, choices=[], widget=LongSelect())
    field.choices = pickle.loads(pickle.dumps(numbers)).with_head(head)  # noqa: S301
    assert field.clean("2") == 2
    with pytest.raises(forms.ValidationError):
        field.clean("4")
    assert list(Written([])) == [] and pickle.loads(pickle.dumps(Written([]))).pairs == []  # noqa: S301
