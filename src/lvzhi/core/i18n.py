"""Language follows the person (issue 24, item 5).

An account may carry a preferred language (``User.language``: "" means Chinese, the default).
It is used for what reaches the person outside the page they have open: in-app notifications,
their SMS and e-mail copies (rendered once, when the notification is written), and the
documents made for them (activation letter, duty handbook, duty certificate). On sign-in it
becomes the language of the session (``LanguageMiddleware``); the language links still switch
one browser at once.

A service that notifies deputies passes a :class:`Localized` message instead of a string:
``Localized(gettext_noop("Invitation to co-sign: %(title)s"), title=s.title)``. ``notify``
renders it separately in each recipient's language, with the inserted values isolated for
right-to-left text (``core.bidi``: FSI … PDI), so a Chinese title inside a Uyghur SMS reads
right.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from . import bidi

# The value of User.language meaning "no preference": the platform's default (Chinese).
DEFAULT = ""


def choices() -> list[tuple[str, str]]:
    """The languages a person may prefer, each named in itself."""
    return [(code, name) for code, name in settings.LANGUAGES if code != "en"]


def language_of(user: Any) -> str:
    """The language to speak to ``user`` in: their preference, else the default."""
    code = getattr(user, "language", "") or ""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@contextmanager
def speaking_to(user: Any) -> Iterator[str]:
    """Translate in ``user``'s language inside the block (documents, messages)."""
    language = language_of(user)
    with translation.override(language):
        yield language


@dataclass(frozen=True)
class Localized:
    """A message rendered later, in the language active then (each recipient's). ``message``
    is the English msgid (marked with ``gettext_noop`` so that ``make messages`` finds it) or
    a lazy translation; ``params`` fill its %(name)s placeholders and may themselves be lazy
    (a model choice's label)."""

    message: str | Promise
    params: dict[str, Any] = field(default_factory=dict)

    def __init__(self, message: str | Promise, /, **params: Any) -> None:
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "params", params)

    def render(self) -> str:
        if isinstance(self.message, str):
            text = translation.gettext(self.message)
        else:
            text = str(self.message)
        if not self.params:
            return text
        numeric = set(re.findall(r"%\((\w+)\)[di]", text))
        values = {k: _plain(v) for k, v in self.params.items()}
        isolated = bidi.isolate_params({k: v for k, v in values.items() if k not in numeric})
        return text % {**values, **isolated}

    def __str__(self) -> str:
        return self.render()


def _plain(value: Any) -> Any:
    if isinstance(value, Localized | Promise):
        return str(value)
    return value


def render_for(user: Any, text: Any) -> str:
    """``text`` (a string, a lazy translation or a :class:`Localized`) in ``user``'s
    language."""
    if isinstance(text, str):
        return text
    with speaking_to(user):
        return str(text)


SESSION_KEY = "lvzhi_language"


def remember_on_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """``user_logged_in``: the preferred language (if any) becomes the session's, so the pages
    speak it on any device the person signs in on (LanguageMiddleware reads it when the browser
    has not chosen a language with the language links)."""
    if request is not None and user is not None and user.language:
        request.session[SESSION_KEY] = user.language


def session_language(request: Any) -> str:
    """The session's language, read only when the browser has a session (anonymous pages stay
    untouched, and cacheable)."""
    if settings.SESSION_COOKIE_NAME not in getattr(request, "COOKIES", {}):
        return ""
    session = getattr(request, "session", None)
    code = session.get(SESSION_KEY, "") if session is not None else ""
    return code if code in dict(settings.LANGUAGES) else ""


def set_language(*, actor: Any, language: str) -> None:
    """The account's preferred language (one of :func:`choices`, or "" for the default),
    audited like the other account choices."""
    from . import audit
    from .errors import ValidationFailed

    if language not in ("", *dict(choices())):
        raise ValidationFailed(translation.gettext("Choose one of the languages offered."))
    before = {"language": actor.language}
    actor.language = language
    actor.save(update_fields=["language"])
    audit.record(
        actor=actor,
        action="account.language_chosen",
        obj=actor,
        before=before,
        after={"language": language},
    )
