"""The one text-cleaning path for forms and services (issue 17 item 5).

Text typed or pasted by a user reaches the database, the .xlsx/.docx exports and the search
index. PostgreSQL refuses NUL in any string; XML (so .xlsx and .docx) refuses the other C0
control characters but tab, line feed and carriage return; a pasted text may carry decomposed
characters (e + U+0301) that look like, but do not compare equal to, their composed form.
Every form (through `core.forms.CleanTextForm`) and every service that takes text calls:

- `clean_text(value)`: for a body of text — NFC, the control characters dropped, line ends
  made `\\n`, trailing spaces of each line and blank lines at both ends removed;
- `one_line(value)`: for a name, a title, a number, a reason on one line — the same, with
  every run of white space (line breaks included) made one space.

Both keep every script, emoji, zero-width joiner and direction mark (Uyghur and Kazakh text
needs them). `max_length` is for places that must bound a value they do not refuse (a search
box); a form field's `max_length` refuses instead, which is the rule for what a user submits.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# What neither PostgreSQL nor XML 1.0 can hold: C0 controls except tab, LF, CR; DEL; the two
# non-characters U+FFFE/U+FFFF.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_LINE_ENDS = re.compile("\r\n?|[\u2028\u2029\x85]")


def clean_text(value: object, max_length: int | None = None) -> str:
    """A multi-line text as the database and the exports can hold it."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", CONTROL.sub("", str(value)))
    text = _LINE_ENDS.sub("\n", text)
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    return text[:max_length] if max_length is not None else text


def bounded_text(
    value: str, field: str, label: Any, max_length: int, *, required: bool = True
) -> str:
    """A service's text input, cleaned: a refusal naming ``field`` when it is required and
    empty, or longer than ``max_length``; ``label`` says which text in the message."""
    from django.utils.translation import gettext as _

    from .errors import ValidationFailed

    text = clean_text(value)
    if required and not text:
        raise ValidationFailed(_("%(label)s is required.") % {"label": label}, field=field)
    if len(text) > max_length:
        raise ValidationFailed(
            _("%(label)s is too long (at most %(n)d characters).")
            % {"label": label, "n": max_length},
            field=field,
        )
    return text


def one_line(value: object, max_length: int | None = None) -> str:
    """A one-line text: cleaned, and every run of white space one space."""
    if value is None:
        return ""
    text = " ".join(unicodedata.normalize("NFC", CONTROL.sub("", str(value))).split())
    return text[:max_length] if max_length is not None else text
