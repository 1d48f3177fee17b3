"""The co-signing form, one for suggestions and proposals (with the other motions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.pickers import DeputiesPickerField


class InviteForm(forms.Form):
    """Invites co-signers: any number at once, or a whole delegation or deputy group (issue
    22.2), among the deputies serving in the term and not invited yet."""

    deputy = DeputiesPickerField(label=_("Deputies invited to co-sign"))

    def __init__(self, *args: Any, term_id: int, exclude: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["deputy"]
        assert isinstance(field, DeputiesPickerField)
        field.queryset = registry_selectors.deputies_serving_in(term_id).exclude(pk__in=exclude)
        field.set_params(term=term_id)
