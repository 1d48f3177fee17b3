"""The many-line text field of the forms: a ``CharField`` shown as a ``Textarea`` of some rows."""

from __future__ import annotations

from typing import Any

from django import forms


def text_area(
    label: Any, *, rows: int, required: bool = True, max_length: int | None = None, **kwargs: Any
) -> forms.CharField:
    """A text field of ``rows`` lines; the other keywords go to ``forms.CharField``."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )
