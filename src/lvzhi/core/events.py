"""The one append-only event log: every state change of a domain record is one ``Event``.

Each app declares its kinds once, in its own ``events.py``: one constructor function per kind,
decorated with ``@kind("<app>.<step>", label)``, which registers the kind, its label (English
msgid, translated in the app's catalog) and the constructor here. Services call the
constructors (or the app's small ``_event`` helper, which looks the constructor up by its
step); ``record`` refuses a kind nobody registered. Timelines read ``timeline(subject)`` and
render ``Event.label`` from this registry. The ``events`` modules are imported by
``CoreConfig.ready`` (``autodiscover``), so the registry is complete before the first request.

The log keeps no foreign key: a subject is named by ``app_label.model`` and id, with a short
label copied at the time, so deleting a record (or an account) deletes none of its history.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict, TypeVar, Unpack

from django.db import models

from . import clock, versions
from .audit import snapshot_value
from .models import Event

__all__ = [
    "Event",
    "Family",
    "Kind",
    "UnknownEventKind",
    "autodiscover",
    "build",
    "constructors",
    "detail",
    "kind",
    "kinds",
    "label",
    "of",
    "record",
    "register",
    "search",
    "subject_label",
    "subject_type",
    "timeline",
]

F = TypeVar("F", bound=Callable[..., Event])


class UnknownEventKind(LookupError):
    """A kind that no app registered: the log refuses it."""


@dataclass(frozen=True)
class Kind:
    """A registered kind: its code, its label, the constructor that writes it, the data keys a
    timeline shows after the label (in this order), and whether a citizen's tracking page may
    show it."""

    code: str
    label: Any
    constructor: Callable[..., Event]
    detail: tuple[str, ...] = ()
    public: bool = False
    # Data key → the choices its stored value is a code of ("rating": Rating): a timeline
    # shows the label, never the code (issue 22).
    choices: Mapping[str, Any] = field(default_factory=dict)

    @property
    def app(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def step(self) -> str:
        return self.code.split(".", 1)[1]


_KINDS: dict[str, Kind] = {}


def register(
    code: str,
    label: Any,
    *,
    constructor: Callable[..., Event],
    detail: Iterable[str] = (),
    public: bool = False,
    choices: Mapping[str, Any] | None = None,
) -> Kind:
    """Register ``code`` ("<app>.<step>") once. A second registration of the same code with a
    different constructor is a programming error."""
    if "." not in code:
        raise ValueError(f"event kind {code!r} must be '<app>.<step>'")
    existing = _KINDS.get(code)
    if existing is not None and existing.constructor is not constructor:
        raise ValueError(f"event kind {code!r} is registered twice")
    k = Kind(code, label, constructor, tuple(detail), public, dict(choices or {}))
    _KINDS[code] = k
    return k


def kind(
    code: str,
    label: Any,
    *,
    detail: Iterable[str] = (),
    public: bool = False,
    choices: Mapping[str, Any] | None = None,
) -> Callable[[F], F]:
    """Decorator for a constructor: ``@kind("suggestions.submitted", _("Submitted"))``."""

    def wrap(fn: F) -> F:
        register(code, label, constructor=fn, detail=detail, public=public, choices=choices)
        fn.event_kind = code  # type: ignore[attr-defined]
        return fn

    return wrap


class Family:
    """One app's event kinds made from a table instead of a hand-written function each: the
    app names the keyword its subject is passed under and, when a row needs more than the
    subject (``Family.record``), the function that writes one (``writer(step, subject,
    actor, **data)``); ``define`` registers a kind and returns its constructor, keyword-only
    like a written one (``subject=…, actor=…, <keys>=…``) and refusing any other set of keys.
    A kind with logic of its own keeps a written constructor and ``@kind``.

        _meeting = events.Family("meetings", "meeting", detail=DETAIL)
        meeting_created = _meeting.define("created", _("Meeting created"), "title")
    """

    def __init__(
        self,
        app: str,
        subject: str,
        writer: Callable[..., Event] | None = None,
        *,
        detail: Iterable[str] = (),
    ) -> None:
        self.app, self.subject, self.detail = app, subject, tuple(detail)
        self.writer = writer or self.record

    def record(self, step: str, subject: models.Model, actor: Any, **data: Any) -> Event:
        """The event ``<app>.<step>`` of ``subject``, with ``data``."""
        return record(kind=f"{self.app}.{step}", subject=subject, actor=actor, data=data)

    def define(
        self,
        step: str,
        label: Any,
        *keys: str,
        public: bool = False,
        doc: str = "",
        choices: Mapping[str, Any] | None = None,
    ) -> Callable[..., Event]:
        code, wanted = f"{self.app}.{step}", frozenset(keys)
        subject_key, writer = self.subject, self.writer

        def constructor(*, actor: Any, **data: Any) -> Event:
            if subject_key not in data:
                raise TypeError(f"{code}: missing {subject_key}=")
            subject = data.pop(subject_key)
            if data.keys() != wanted:
                raise TypeError(f"{code} takes {sorted(wanted)}, not {sorted(data)}")
            return writer(step, subject, actor, **data)

        constructor.__name__ = constructor.__qualname__ = step
        constructor.__doc__ = doc or None
        # What ``inspect.signature`` shows (and the registry test checks): keyword-only, as a
        # written constructor's would be.
        constructor.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [
                inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY)
                for name in (subject_key, "actor", *keys)
            ],
            return_annotation=Event,
        )
        constructor.event_kind = code  # type: ignore[attr-defined]
        register(
            code,
            label,
            constructor=constructor,
            detail=self.detail,
            public=public,
            choices=choices,
        )
        return constructor


def kinds(app: str | None = None) -> list[Kind]:
    """The registered kinds, of one app or of all."""
    return [k for k in _KINDS.values() if app is None or k.app == app]


def constructors(app: str) -> dict[str, Callable[..., Event]]:
    """Step → constructor of one app's kinds: what the app's ``_event`` helper dispatches on."""
    return {k.step: k.constructor for k in kinds(app)}


def label(code: str) -> str:
    k = _KINDS.get(code)
    return str(k.label) if k is not None else code


def detail(event: Event) -> str:
    """The registered data keys of the event's kind, joined for a timeline line."""
    k = _KINDS.get(event.kind)
    if k is None:
        return ""
    parts = []
    data = event.data or {}
    for key in k.detail:
        value = data.get(key)
        if value in (None, "", []):
            continue
        if key in k.choices:
            value = dict(k.choices[key].choices).get(value, value)
        parts.append("、".join(map(str, value)) if isinstance(value, list) else str(value))
    return " · ".join(parts)


def subject_type(subject: type[models.Model] | models.Model) -> str:
    """How the log names a subject's type: ``app_label.model`` ("registry.membership")."""
    return subject._meta.label_lower


def subject_label(subject: models.Model) -> str:
    """The short label the log copies of a subject at the time: its ``str``, cut to the
    column."""
    return str(subject)[:200]


class Naming(TypedDict, total=False):
    """How ``build`` and ``record`` name the subject when it is not given as an instance, and
    the term and organisation the event belongs to."""

    subject_type: str
    subject_id: int | None
    subject_label: str
    term_id: int | None
    organisation_id: int | None


def build(
    *,
    kind: str,
    occurred_at: Any = None,
    subject: models.Model | None = None,
    actor: Any = None,
    data: Mapping[str, Any] | None = None,
    **naming: Unpack[Naming],
) -> Event:
    """The unsaved event ``record`` appends, named the same way. Bulk writers (imports,
    seeders) build many and store them at once (``bulk_create`` or COPY), then call
    ``versions.touched(kind)`` themselves; no notice is dispatched for them."""
    if kind not in _KINDS:
        raise UnknownEventKind(kind)
    subject_type = naming.get("subject_type", "")
    subject_id = naming.get("subject_id")
    subject_label = naming.get("subject_label", "")
    term_id = naming.get("term_id")
    if subject is not None:
        subject_type = subject_type or _subject_type(subject)
        subject_id = subject.pk if subject_id is None else subject_id
        subject_label = subject_label or _subject_label(subject)
        if term_id is None:
            term_id = getattr(subject, "term_id", None)
    if not subject_type or subject_id is None:
        raise ValueError("an event needs a subject")
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return Event(
        occurred_at=occurred_at or clock.now(),
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_label=subject_label[:200],
        actor_id=actor.pk if is_user else None,
        actor_label=str(actor)[:150] if is_user else "",
        term_id=term_id,
        organisation_id=naming.get("organisation_id"),
        data={k: snapshot_value(v) for k, v in (data or {}).items()},
    )


# ``build`` and ``record`` take keywords of the same names.
_subject_type, _subject_label = subject_type, subject_label


def record(
    *,
    kind: str,
    subject: models.Model | None = None,
    actor: Any = None,
    data: Mapping[str, Any] | None = None,
    **naming: Unpack[Naming],
) -> Event:
    """Append one event. Only constructors call this. ``subject`` may be given as a model
    instance or as (``subject_type``, ``subject_id``, ``subject_label``); ``term_id`` defaults
    to the subject's own ``term_id`` when it has one."""
    event = build(kind=kind, subject=subject, actor=actor, data=data, **naming)
    event.save()
    versions.touched(kind)  # retire the cached reads this kind changes (core.versions)
    # Who hears of it: the one table of core.notices (issue 22, point 4).
    from . import notices

    notices.dispatch(event, subject)
    return event


def of(subject: models.Model) -> models.QuerySet[Event]:
    """The events of one subject, oldest first (the ``event_subject_timeline`` index)."""
    return Event.objects.filter(subject_type=_subject_type(subject), subject_id=subject.pk)


def timeline(subject: models.Model, *, public_only: bool = False) -> list[Event]:
    qs = of(subject)
    if public_only:
        qs = qs.filter(kind__in=[k.code for k in _KINDS.values() if k.public])
    return list(qs)


def search(
    *,
    q: str = "",
    kind_prefix: str = "",
    date_from: Any = None,
    date_to: Any = None,
) -> models.QuerySet[Event]:
    """The log for the audit pages, newest first: a word of the record or the actor's name, the
    beginning of a kind ("suggestions." or "suggestions.assigned"), a date range."""
    qs = Event.objects.order_by("-occurred_at", "-id")
    if q:
        qs = qs.filter(models.Q(subject_label__contains=q) | models.Q(actor_label__contains=q))
    if kind_prefix:
        qs = qs.filter(kind__startswith=kind_prefix)
    if date_from:
        qs = qs.filter(occurred_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(occurred_at__date__lte=date_to)
    return qs


def autodiscover() -> None:
    """Import every installed app's ``events`` module, which registers its kinds."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("events")
