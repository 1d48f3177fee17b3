"""Workflows as data: each process with states declares its transitions once, in its app's
``workflow.py``; services ``apply`` (or ``check``) them, views and the API ask ``allowed`` which
actions a user has, and ``mermaid`` draws the state diagram in docs/architecture.md.

A ``Transition`` is an edge (or a step that keeps the state, ``target=None``): its name, the
states it leaves from, the state it reaches, who may take it (a predicate of user and object,
usually a policy function) and guards (predicates of the object with the message shown when
they fail). ``requires`` are checked before the state (e.g. the kind of motion the step belongs
to), ``guards`` after it. The domain error raised is the existing ``IllegalTransition`` with a
message a person can read. Core knows no domain app: the states are any ``TextChoices``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .errors import DomainError, IllegalTransition

Who = Callable[[Any, Any], bool]
Test = Callable[[Any], bool]


@dataclass(frozen=True)
class Guard:
    """A condition on the object beyond its state; ``message`` when it fails."""

    test: Test
    message: str | Promise
    label: str = ""  # shown on the diagram, e.g. "withdrawal asked"


@dataclass(frozen=True)
class Transition:
    name: str
    source: Sequence[str]
    target: str | None = None  # None: a step that keeps the state
    who: Who | None = None
    who_label: str = ""  # for the diagram: "proposer", "secretariat", …
    requires: Sequence[Guard] = ()
    guards: Sequence[Guard] = ()
    refused: str | Promise = ""  # the message when the state is not a source

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", tuple(str(s) for s in self.source))
        if self.target is not None:
            object.__setattr__(self, "target", str(self.target))

    def failure(self, obj: Any, state: str) -> str | None:
        """Why the transition cannot be taken on ``obj`` now: None when it can; otherwise
        the message ("" when none is declared: the workflow then names the states)."""
        for g in self.requires:
            if not g.test(obj):
                return str(g.message or self.refused)
        if state not in self.source:
            return str(self.refused)
        for g in self.guards:
            if not g.test(obj):
                return str(g.message or self.refused)
        return None

    def open_on(self, obj: Any, state: str) -> bool:
        return (
            state in self.source
            and all(g.test(obj) for g in self.requires)
            and all(g.test(obj) for g in self.guards)
        )


@dataclass(frozen=True)
class Workflow:
    """The transitions of one process. ``states`` is the model's status ``TextChoices``."""

    title: str
    states: Any
    transitions: Sequence[Transition]
    state_attr: str = "status"
    initial: str | None = None
    # The message when a state is not a source of the step, with %(from)s and %(to)s.
    refused: str | Promise = ""
    # The domain error raised (IllegalTransition unless the process answers another 409).
    error: type[DomainError] = IllegalTransition
    _by_name: dict[str, Transition] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for t in self.transitions:
            if t.name in self._by_name:
                raise ValueError(f"{self.title}: transition {t.name!r} declared twice")
            for s in (*t.source, *([t.target] if t.target else [])):
                if s not in self.states.values:
                    raise ValueError(f"{self.title}: {t.name!r} names unknown state {s!r}")
            self._by_name[t.name] = t

    def __getitem__(self, name: str) -> Transition:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def state(self, obj: Any) -> str:
        return str(getattr(obj, self.state_attr))

    def check(self, name: str, obj: Any) -> Transition:
        """Raise ``IllegalTransition`` (with the transition's own message, or a general one
        naming both states) unless ``name`` can be taken on ``obj`` in its present state."""
        t = self._by_name[name]
        state = self.state(obj)
        problem = t.failure(obj, state)
        if problem is not None:
            raise self.error(problem or self._general_refusal(t, state))
        return t

    def _general_refusal(self, t: Transition, state: str) -> str:
        if t.target is None:
            return _("This step cannot be taken while it is “%(from)s”.") % {
                "from": self.states(state).label
            }
        template = str(self.refused) if self.refused else _("“%(from)s” cannot become “%(to)s”.")
        return template % {
            "from": self.states(state).label,
            "to": self.states(t.target).label,
        }

    def apply(self, name: str, obj: Any) -> Transition:
        """``check``, then move ``obj`` to the target state (not saved: the service saves it
        with its other fields)."""
        t = self.check(name, obj)
        if t.target is not None:
            setattr(obj, self.state_attr, t.target)
        return t

    def can(self, name: str, user: Any, obj: Any) -> bool:
        t = self._by_name[name]
        return t.open_on(obj, self.state(obj)) and (t.who is None or bool(t.who(user, obj)))

    def allowed(self, user: Any, obj: Any) -> list[str]:
        """The names of the transitions ``user`` may take on ``obj`` now, in declared order."""
        state = self.state(obj)
        return [
            t.name
            for t in self.transitions
            if t.open_on(obj, state) and (t.who is None or bool(t.who(user, obj)))
        ]

    def open_steps(self, obj: Any) -> list[str]:
        """The steps the object's state and guards allow, whoever acts (for a list whose
        rows share one actor check, e.g. the reviewer of a whole archive)."""
        state = self.state(obj)
        return [t.name for t in self.transitions if t.open_on(obj, state)]

    def targets(self, state: str) -> frozenset[str]:
        return frozenset(t.target for t in self.transitions if t.target and state in t.source)

    def mermaid(self) -> str:
        """The state diagram (Mermaid ``stateDiagram-v2``), generated from the declarations."""
        lines = ["stateDiagram-v2"]
        if self.initial is not None:
            lines.append(f"    [*] --> {self.initial}")
        for t in self.transitions:
            label = t.name + (f" ({t.who_label})" if t.who_label else "")
            conditions = [g.label for g in (*t.requires, *t.guards) if g.label]
            if conditions:
                label += " [" + ", ".join(conditions) + "]"
            for s in t.source:
                lines.append(f"    {s} --> {t.target or s} : {label}")
        return "\n".join(lines)


# Every process's workflow, registered by its app (AppConfig.ready) under a heading and an
# order, so that core draws them all without importing any domain app.
_REGISTERED: dict[str, tuple[int, Workflow]] = {}


def register(heading: str, wf: Workflow, order: int = 100) -> None:
    _REGISTERED[heading] = (order, wf)


def registered() -> list[tuple[str, Workflow]]:
    return [
        (h, wf) for h, (_o, wf) in sorted(_REGISTERED.items(), key=lambda kv: (kv[1][0], kv[0]))
    ]


BEGIN = "<!-- workflow diagrams: generated by `lvzhi workflow_diagrams --write`; do not edit -->"
END = "<!-- end of workflow diagrams -->"


def diagrams(workflows: Iterable[tuple[str, Workflow]] | None = None) -> str:
    """The Markdown section of docs/architecture.md with every process's diagram."""
    out = [BEGIN, ""]
    for heading, wf in registered() if workflows is None else workflows:
        out += [f"#### {heading}", "", "```mermaid", wf.mermaid(), "```", ""]
    return "\n".join([*out, END])


def replace_diagrams(document: str, section: str) -> str:
    """``document`` with its generated section replaced by ``section`` (appended if absent)."""
    if BEGIN in document and END in document:
        head, rest = document.split(BEGIN, 1)
        return head + section + rest.split(END, 1)[1]
    return document.rstrip("\n") + "\n\n" + section + "\n"
