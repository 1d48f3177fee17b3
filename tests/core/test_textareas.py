"""The many-line text field the forms share (issue 17)."""

from __future__ import annotations

from django import forms

from lvzhi.core.textareas import text_area


class _Form(forms.Form):
    note = text_area("Note", rows=3, required=False, max_length=5)
    body = text_area("Body", rows=7, min_length=2, help_text="Say it")


def test_the_field_is_a_textarea_of_the_rows_asked() -> None:
    form = _Form()
    note, body = form.fields["note"], form.fields["body"]
    assert isinstance(note, forms.CharField) and isinstance(note.widget, forms.Textarea)
    assert note.widget.attrs["rows"] == 3 and body.widget.attrs["rows"] == 7
    assert note.label == "Note" and not note.required and note.max_length == 5
    assert body.required and body.max_length is None and body.min_length == 2
    assert body.help_text == "Say it"


def test_the_limits_are_checked() -> None:
    assert _Form({"note": "", "body": "ok"}).is_valid()
    assert not _Form({"note": "", "body": ""}).is_valid()
    assert not _Form({"note": "too long", "body": "ok"}).is_valid()
    assert not _Form({"note": "", "body": "x"}).is_valid()
