"""The rule index of docs/architecture.md is generated from the code's rule-id citations and
a test keeps it current (issue 17 item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lvzhi.core import ruleindex


def test_committed_index_is_current() -> None:
    """Fails when a module or test cites a rule id the committed map does not show (or the
    other way round): run `python -m lvzhi.core.ruleindex` and commit docs/architecture.md."""
    assert ruleindex.is_current(), (
        "docs/architecture.md: the rule index is out of date; run python -m lvzhi.core.ruleindex"
    )


def test_every_rule_of_the_spec_has_a_row() -> None:
    ids = [rule.id for rule in ruleindex.rules()]
    assert ids == [f"R{n:02d}" for n in range(1, 57)]
    text = ruleindex.document_path(ruleindex.repository_root()).read_text(encoding="utf-8")
    for rule_id in ids:
        assert f"\n| {rule_id} | " in text


def test_citations_and_ranges_are_read() -> None:
    assert ruleindex.cited_ids("R14 reply due") == {"R14"}
    assert ruleindex.cited_ids("(R19-R21)") == {"R19", "R20", "R21"}
    assert ruleindex.cited_ids("R33–R34 and R04-05") == {"R33", "R34", "R04", "R05"}
    assert ruleindex.cited_ids("BR14, R140, R1") == set()


def _checkout(root: Path, citation: str) -> None:
    (root / "src" / "lvzhi" / "demoapp").mkdir(parents=True)
    (root / "src" / "lvzhi" / "demoapp" / "rules.py").write_text(f'"""{citation}"""\n')
    (root / "tests" / "demoapp").mkdir(parents=True)
    (root / "tests" / "demoapp" / "test_rules.py").write_text(
        'def test_consult() -> None:\n    """R50"""\n'
    )
    (root / "docs").mkdir()
    (root / "docs" / "architecture.md").write_text(
        f"# Map\n\n{ruleindex.BEGIN}\n{ruleindex.END}\n\n## After\n", encoding="utf-8"
    )


def test_a_new_citation_makes_the_index_stale_until_regenerated(tmp_path: Path) -> None:
    _checkout(tmp_path, "R50: proposers may consult the departments first.")
    assert not ruleindex.is_current(tmp_path)
    assert ruleindex.write(tmp_path) is True
    assert ruleindex.is_current(tmp_path)
    text = (tmp_path / "docs" / "architecture.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| R50 |"))
    assert "**demoapp**: rules" in row
    assert "`demoapp/test_rules.py`" in row
    assert text.endswith("\n## After\n")
    assert ruleindex.write(tmp_path) is False

    # the code changes its citation: the committed index no longer matches
    (tmp_path / "src" / "lvzhi" / "demoapp" / "rules.py").write_text('"""R49"""\n')
    assert not ruleindex.is_current(tmp_path)


def test_command_check_fails_on_a_stale_index(tmp_path: Path) -> None:
    _checkout(tmp_path, "R53")
    with pytest.raises(CommandError, match="out of date"):
        call_command("ruleindex", "--check", "--root", str(tmp_path))
    call_command("ruleindex", "--root", str(tmp_path))
    call_command("ruleindex", "--check", "--root", str(tmp_path))


def test_module_check_exit_status(tmp_path: Path) -> None:
    _checkout(tmp_path, "R54")
    assert ruleindex.main(["--check", "--root", str(tmp_path)]) == 1
    assert ruleindex.main(["--root", str(tmp_path)]) == 0
    assert ruleindex.main(["--check", "--root", str(tmp_path)]) == 0
