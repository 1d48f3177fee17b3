"""The hashed locks (issue 29): every dependency of pyproject.toml is pinned with hashes in
requirements/*.lock, has an upper bound, and `make install` installs from the locks with
--require-hashes and again whenever a lock changes."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
REQ = ROOT / "requirements"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
LOCKS = ["runtime.lock", "dev.lock", "build.lock", "tools.lock"]


def pins(lock: str) -> dict[str, tuple[Version, list[str]]]:
    """{name: (version, its sha256 hashes)} of a lock file."""
    text = (REQ / lock).read_text()
    found: dict[str, tuple[Version, list[str]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", block)
        if head:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", block)
            found[canonicalize_name(head.group(1))] = (Version(head.group(2)), hashes)
    return found


def unsatisfied(requirements: list[str], lock: str) -> list[str]:
    locked = pins(lock)
    missing = []
    for line in requirements:
        req = Requirement(line)
        pin = locked.get(canonicalize_name(req.name))
        if pin is None or not req.specifier.contains(pin[0], prereleases=True):
            missing.append(line)
    return missing


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_is_pinned_with_hashes(lock: str) -> None:
    locked = pins(lock)
    assert locked, f"{lock} is empty"
    text = (REQ / lock).read_text()
    requirement_lines = [
        x for x in text.splitlines() if x and not x.startswith((" ", "#")) and "==" not in x
    ]
    assert not requirement_lines, f"unpinned lines in {lock}: {requirement_lines}"
    assert all(hashes for _version, hashes in locked.values()), lock


def test_the_locks_hold_what_pyproject_asks_for() -> None:
    """A dependency added to pyproject.toml without `make lock` fails here."""
    project = PYPROJECT["project"]
    assert unsatisfied(project["dependencies"], "runtime.lock") == [], "run `make lock`"
    dev = project["dependencies"] + project["optional-dependencies"]["dev"]
    assert unsatisfied(dev, "dev.lock") == [], "run `make lock`"
    assert unsatisfied(PYPROJECT["build-system"]["requires"], "build.lock") == []
    assert unsatisfied(PYPROJECT["build-system"]["requires"], "dev.lock") == []


def test_development_installs_the_very_runtime_versions() -> None:
    runtime, dev = pins("runtime.lock"), pins("dev.lock")
    differ = {
        n: (v, dev.get(n, (None,))[0])
        for n, (v, _h) in runtime.items()
        if dev.get(n, (None,))[0] != v
    }
    assert differ == {}


def test_every_dependency_has_an_upper_bound() -> None:
    project = PYPROJECT["project"]
    lines = (
        project["dependencies"]
        + project["optional-dependencies"]["dev"]
        + PYPROJECT["build-system"]["requires"]
    )
    open_ended = [
        line
        for line in lines
        if not any(s.operator in {"<", "<=", "==", "~="} for s in Requirement(line).specifier)
    ]
    assert open_ended == []


def test_the_lock_tool_itself_is_pinned() -> None:
    (name, (version, hashes)), *rest = pins("tools.lock").items()
    assert name == "uv" and rest == [] and len(hashes) > 1
    assert f"uv=={version}" in (REQ / "tools.in").read_text()


def make_dry_run(*args: str, venv: Path) -> str:
    result = subprocess.run(
        ["make", "-n", f"VENV={venv}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_install_uses_the_locks_with_hashes_and_reinstalls_when_a_lock_changes(
    tmp_path: Path,
) -> None:
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / ".installed-stamp").touch()  # newer than every lock: nothing to do
    assert "pip install" not in make_dry_run("install", venv=venv)
    for lock in ("runtime.lock", "dev.lock", "build.lock"):
        plan = make_dry_run("-W", f"requirements/{lock}", "install", venv=venv)
        lines = [x for x in plan.splitlines() if "pip install" in x]
        assert any("--require-hashes -r requirements/build.lock" in x for x in lines), plan
        assert any(
            "--require-hashes --no-build-isolation -r requirements/dev.lock" in x for x in lines
        )
        unhashed = [x for x in lines if "--require-hashes" not in x]
        assert unhashed == [f"{venv}/bin/pip install --quiet --no-deps --no-build-isolation -e ."]


def test_ci_installs_through_make() -> None:
    """.ci/run runs `make check` and `make test`, whose `install` is the hashed one above."""
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make check$", ci, re.M) and re.search(r"^make test$", ci, re.M)
    assert "pip install" not in ci
