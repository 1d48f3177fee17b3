"""Workflows as data (issue 17): the mechanism in core, and the diagrams in
docs/architecture.md kept current from the declarations."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import models

from lvzhi.core.errors import IllegalTransition
from lvzhi.core.workflow import Guard, Transition, Workflow, diagrams, registered

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


class State(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    GONE = "gone", "Gone"


def _owner(user: object, obj: object) -> bool:
    return user == "owner"


FLOW = Workflow(
    "thing",
    State,
    (
        Transition("finish", [State.OPEN], State.DONE, _owner, "owner", refused="only open"),
        Transition(
            "drop",
            [State.OPEN, State.DONE],
            State.GONE,
            None,
            requires=[Guard(lambda o: o.kind == "a", "not for this kind")],
            guards=[Guard(lambda o: o.ok, "not ok", "ok")],
        ),
        Transition("note", [State.DONE], None, _owner),
    ),
    initial=State.OPEN,
)


def thing(state: str = "open", kind: str = "a", ok: bool = True) -> SimpleNamespace:
    return SimpleNamespace(status=state, kind=kind, ok=ok)


def test_apply_moves_along_a_declared_edge_and_refuses_any_other_with_its_message() -> None:
    t = thing()
    FLOW.apply("finish", t)
    assert t.status == "done"
    with pytest.raises(IllegalTransition, match="only open"):
        FLOW.apply("finish", t)
    assert t.status == "done"


def test_requires_are_checked_before_the_state_and_guards_after_it() -> None:
    with pytest.raises(IllegalTransition, match="not for this kind"):
        FLOW.check("drop", thing("gone", kind="b"))
    with pytest.raises(IllegalTransition, match="not ok"):
        FLOW.check("drop", thing("open", ok=False))
    with pytest.raises(IllegalTransition, match="Gone"):  # the general message names states
        FLOW.check("drop", thing("gone"))


def test_a_step_that_keeps_the_state_leaves_it() -> None:
    t = thing("done")
    FLOW.apply("note", t)
    assert t.status == "done"


def test_allowed_answers_by_state_guard_and_who() -> None:
    assert FLOW.allowed("owner", thing()) == ["finish", "drop"]
    assert FLOW.allowed("someone", thing()) == ["drop"]
    assert FLOW.allowed("someone", thing(ok=False)) == []
    assert FLOW.allowed("owner", thing("done")) == ["drop", "note"]
    assert FLOW.can("note", "owner", thing("done")) and not FLOW.can("note", "x", thing("done"))


def test_a_workflow_naming_an_unknown_state_or_a_step_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown state"):
        Workflow("x", State, (Transition("a", ["nowhere"], State.DONE),))
    with pytest.raises(ValueError, match="twice"):
        Workflow("x", State, (Transition("a", [State.OPEN]), Transition("a", [State.DONE])))


def test_mermaid_draws_every_edge_with_who_and_guards() -> None:
    text = FLOW.mermaid()
    assert text.splitlines()[:3] == [
        "stateDiagram-v2",
        "    [*] --> open",
        "    open --> done : finish (owner)",
    ]
    assert "    done --> gone : drop [ok]" in text
    assert "    done --> done : note" in text


def test_every_process_on_the_mechanism_is_registered() -> None:
    headings = [h for h, _wf in registered()]
    assert headings[0].startswith("Suggestion")
    assert any(h.startswith("Co-signing invitation") for h in headings)
    assert any(h.startswith("Proposal") for h in headings)
    assert any(h.startswith("Interpellation") for h in headings)
    assert any(h.startswith("Extraordinary session") for h in headings)


def test_the_diagrams_in_docs_architecture_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    """Regenerate and compare: run `lvzhi workflow_diagrams --write` after changing a workflow."""
    call_command("workflow_diagrams")
    printed = capsys.readouterr().out.strip()
    assert printed == diagrams().strip()
    assert diagrams() in DOC.read_text(encoding="utf-8")
