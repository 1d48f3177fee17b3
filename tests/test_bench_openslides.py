"""The OpenSlides 3.3 peer of the vote bench (bench/openslides33.py, issue 26.1): where it looks
for Python 3.8, what it says when it cannot run, its row and the ratio in bench/voting.py's
table. Installs nothing and starts no server (the install needs the network and minutes)."""

from __future__ import annotations

import ast
import importlib.util
import os
import stat
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


os33 = _load("openslides33")
voting = _load("voting")


def _executable(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _result(**kw: float) -> object:
    values = {
        "requests": 1000,
        "accepted": 1000,
        "errors": 0,
        "wall": 44.4,
        "p50": 350.0,
        "p99": 700.0,
        "cpu": 60.0,
        "load_before": (1.0, 1.0, 1.0),
        "load_after": (2.0, 2.0, 2.0),
        "recorded": 1000,
    }
    values.update(kw)
    return os33.Result(**values)


def test_python38_is_looked_for_in_the_variable_then_the_path_then_pyenv(tmp_path):
    old = _executable(tmp_path / "pyenv/versions/3.8.10/bin/python3.8", "")
    new = _executable(tmp_path / "pyenv/versions/3.8.18/bin/python3.8", "")
    _executable(tmp_path / "pyenv/versions/3.11.9/bin/python3.11", "")
    env = {"OPENSLIDES_PYTHON": "/opt/py38/bin/python", "PYENV_ROOT": str(tmp_path / "pyenv")}

    found = os33.python38_candidates(env, which=lambda name: "/usr/bin/python3.8")

    assert found == ["/opt/py38/bin/python", "/usr/bin/python3.8", str(new), str(old)]
    # Each candidate once, even where the variable names the one on the PATH.
    same = {"OPENSLIDES_PYTHON": "/usr/bin/python3.8", "PYENV_ROOT": str(tmp_path / "none")}
    assert os33.python38_candidates(same, which=lambda name: "/usr/bin/python3.8") == [
        "/usr/bin/python3.8"
    ]


def test_the_first_candidate_that_runs_as_3_8_is_taken(tmp_path):
    env = {"PYENV_ROOT": str(tmp_path), "OPENSLIDES_PYTHON": "/a/shim"}
    works = {"/a/shim": False, "/b/python3.8": True}.__getitem__

    assert os33.find_python38(env, which=lambda name: "/b/python3.8", works=works) == (
        "/b/python3.8"
    )


def test_without_python38_the_skip_says_what_was_tried_and_how_to_name_one(tmp_path):
    env = {"PYENV_ROOT": str(tmp_path)}
    with pytest.raises(os33.Skip) as none:
        os33.find_python38(env, which=lambda name: None, works=lambda exe: True)
    assert "no working Python 3.8 (none found)" in str(none.value)
    assert "OPENSLIDES_PYTHON" in str(none.value)

    # A pyenv shim that does not run while another version is selected.
    with pytest.raises(os33.Skip) as broken:
        os33.find_python38(
            env, which=lambda name: "/root/.pyenv/shims/python3.8", works=lambda exe: False
        )
    assert "tried /root/.pyenv/shims/python3.8: none runs as 3.8" in str(broken.value)
    line = os33.ratio_line(100.0, broken.value)
    assert line.startswith("OpenSlides 3.3: skipped — no working Python 3.8")
    assert "no ratio" in line


def test_only_an_interpreter_that_says_3_8_counts(tmp_path):
    says_38 = _executable(tmp_path / "py38", "#!/bin/sh\necho 3.8\n")
    shim = _executable(
        tmp_path / "shim", "#!/bin/sh\necho 'pyenv: python3.8: not found' >&2\nexit 127\n"
    )

    assert os33.runs_python38(str(says_38))
    assert not os33.runs_python38(str(shim))
    assert not os33.runs_python38(sys.executable)  # this suite's own Python is not 3.8
    assert not os33.runs_python38(str(tmp_path / "missing"))


def test_the_ratio_is_lvzhi_over_openslides_votes_per_second():
    peer = _result(wall=44.4)  # 1,000 votes: 22.5 votes/s, as the issue measured

    assert os33.ratio_line(101.0, peer) == (
        "lvzhi votes/s ÷ OpenSlides 3.3 votes/s: 101 ÷ 22.5 = 4.5× (issue 26.1's target: ≥ 10×)"
    )
    errors = os33.ratio_line(101.0, _result(errors=2, first_error="RuntimeError('x')"))
    assert errors.endswith("; OpenSlides: 2 errors, first: RuntimeError('x')")
    assert "n/a" in os33.ratio_line(101.0, _result(accepted=0))


def test_the_openslides_row_lines_up_with_the_vote_table():
    args = SimpleNamespace(deputies=4, workers=2, http_workers=4, endpoint="cast")
    lat = {"bare": [0.010, 0.012, 0.011, 0.013], "vote": [0.040, 0.050, 0.045, 0.055]}
    table = voting.side_by_side(
        ["bare", "vote"],
        lat,
        {"bare": 0.0, "vote": 10.0},
        {"bare": [0.5], "vote": [10.04]},  # 4 votes in 0.04 s: 100 votes/s
        {"bare": 0.02, "vote": 0.03},
        args,
        (1.0, 2.0, 3.0),
        _result(requests=4, accepted=4, recorded=4, wall=0.2, cpu=0.2),
    ).splitlines()

    header = next(line for line in table if line.startswith("path"))
    peer = next(line for line in table if line.startswith(os33.LABEL))
    assert len(peer) == len(header)
    assert peer.split()[-6:] == ["0.20", "20", "350.0", "700.0", "0.20", "50.00"]
    assert "voters recorded in its database: 4" in table[-2]
    assert table[-1] == (
        "lvzhi votes/s ÷ OpenSlides 3.3 votes/s: 100 ÷ 20.0 = 5.0× (issue 26.1's target: ≥ 10×)"
    )

    skipped = voting.side_by_side(
        ["vote"],
        {"vote": lat["vote"]},
        {"vote": 10.0},
        {"vote": [10.04]},
        {},
        args,
        (1.0, 2.0, 3.0),
        os33.Skip("no working Python 3.8 (none found)"),
    ).splitlines()
    assert skipped[-1].startswith("OpenSlides 3.3: skipped — no working Python 3.8")
    assert not any(line.startswith(os33.LABEL) for line in skipped)


def test_its_database_and_redis_are_its_own_on_the_servers_of_the_bench():
    env = {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/lvzhi_bench",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
    }
    assert os33.database_url(env) == "postgres://postgres@127.0.0.1:5432/openslides_bench"
    assert os33.redis_url(env) == "redis://127.0.0.1:6379/15"
    mine = {**env, "OPENSLIDES_REDIS_URL": "redis://127.0.0.1:6379/12"}
    assert os33.redis_url(mine) == "redis://127.0.0.1:6379/12"
    with pytest.raises(os33.Skip, match="needs PostgreSQL"):
        os33.database_url({"DATABASE_URL": "sqlite:///x.db"})
    with pytest.raises(os33.Skip, match="needs Redis"):
        os33.redis_url({})


def test_the_settings_are_its_production_choices(tmp_path):
    text = os33.settings_text(
        str(tmp_path),
        "postgres://postgres@127.0.0.1:5432/openslides_bench",
        "redis://127.0.0.1:6379/15",
    )
    tree = ast.parse(text)  # valid Python
    assigned = {
        t.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    assert ast.literal_eval(assigned["DATABASES"])["default"]["NAME"] == "openslides_bench"
    assert ast.literal_eval(assigned["REDIS_ADDRESS"]) == "redis://127.0.0.1:6379/15"
    assert ast.literal_eval(assigned["SESSION_REDIS"])["db"] == 15
    assert ast.literal_eval(assigned["SESSION_ENGINE"]) == "redis_sessions.session"
    assert ast.literal_eval(assigned["ENABLE_ELECTRONIC_VOTING"]) is True
    assert ast.literal_eval(assigned["DEBUG"]) is False


def test_a_built_virtualenv_is_reused_and_a_failed_install_is_a_skip(tmp_path):
    venv = tmp_path / "venv"
    _executable(venv / "bin" / "python", "")
    (venv / "openslides33.stamp").write_text(os33.requirements_stamp("/py38") + "\n")
    # Reused as it is: nothing is run (the interpreter named does not even exist).
    assert os33.ensure_venv("/py38", {"OPENSLIDES_VENV": str(venv)}) == venv

    with pytest.raises(os33.Skip, match="not a virtualenv"):
        os33.ensure_venv("/py38", {"OPENSLIDES_VENV": str(tmp_path)})  # stamp differs, no cfg

    target = tmp_path / "fresh"
    with pytest.raises(os33.Skip, match=r"the install into .* failed"):
        os33.ensure_venv("/bin/false", {"OPENSLIDES_VENV": str(target)})
    assert not target.exists()


def test_the_requirements_pin_every_package_with_a_hash():
    lines = os33.REQUIREMENTS.read_text().splitlines()
    pins = [line.split()[0] for line in lines if line and not line.startswith(("#", " "))]
    hashes = [line for line in lines if line.strip().startswith("--hash=sha256:")]
    assert "openslides==3.3" in pins
    assert all("==" in pin for pin in pins)
    assert len(hashes) == len(pins)
    assert os.path.exists(os33.SETUP)
