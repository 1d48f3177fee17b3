"""Issue 18.10: one deployment document that is right. Every unit and timer docs/deployment.md
names exists in deploy/systemd, every timer runs a command that exists, every periodic command
the document lists has a timer, and every `lvzhi <command>` it names exists."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
SYSTEMD = ROOT / "deploy" / "systemd"
# Commands of the Makefile, not of `lvzhi`.
NOT_COMMANDS = {"demo"}


def _unit_file(name: str) -> Path:
    """``lvzhi-web@8001`` → ``lvzhi-web@.service``; ``lvzhi-job-backup.timer`` as it is."""
    if name.endswith(".timer"):
        return SYSTEMD / name
    name = name.removesuffix(".service")
    base = name.split("@", 1)[0] + "@" if "@" in name else name
    return SYSTEMD / f"{base}.service"


def test_every_unit_and_timer_the_document_names_exists() -> None:
    # A unit is named with its instance (lvzhi-web@8001) or its suffix (….timer, ….service).
    names = set(re.findall(r"\blvzhi-[a-z_-]+(?:@[\w<>-]*(?:\.service)?|\.timer|\.service)", DOC))
    assert names, "the document names its units"
    missing = sorted(n for n in names if "<" not in n and not _unit_file(n).exists())
    assert missing == []


def test_every_timer_runs_a_command_that_exists_and_is_documented() -> None:
    commands = get_commands()
    timers = sorted(SYSTEMD.glob("lvzhi-job-*.timer"))
    assert timers
    for timer in timers:
        command = timer.stem.removeprefix("lvzhi-job-")
        assert f"Unit=lvzhi-job@{command}.service" in timer.read_text(), timer.name
        assert command in commands, timer.name
        assert timer.name in DOC, f"{timer.name} is not in docs/deployment.md"


def test_every_command_the_document_names_exists() -> None:
    commands = get_commands()
    named = set(re.findall(r"`lvzhi ([a-z_]+)", DOC)) - NOT_COMMANDS
    assert named
    assert sorted(n for n in named if n not in commands) == []


def test_the_periodic_jobs_issue_18_asked_for_have_timers() -> None:
    for command in (
        "meeting_reminders",
        "notifications_send",
        "suggestion_reminders",
        "opinion_reminders",
        "voting_schedule",
        "clearsessions",
        "prune_db_task_results",
        "audit_purge",
        "backup",
    ):
        assert (SYSTEMD / f"lvzhi-job-{command}.timer").exists(), command


def test_the_app_servers_bind_to_the_configured_private_address() -> None:
    for unit in ("lvzhi-web@.service", "lvzhi-asgi@.service"):
        text = (SYSTEMD / unit).read_text()
        assert "${LVZHI_BIND_ADDRESS}" in text, unit
    assert "LVZHI_BIND_ADDRESS" in DOC
    assert "docs/deployment.md" in (ROOT / "docs" / "deploy.md").read_text()
