"""The offline bundle (issue 29): `make bundle`'s archive installs into a fresh virtualenv with
no network at all (its own network namespace when the machine allows it, no package index, an
unreachable proxy), the installed platform passes the deployment check and answers its health,
readiness and static URLs from gunicorn; a changed hash or a changed file stops the install.
The Containerfile and the compose file are checked against what the bundle really holds (no
container engine runs on these machines).

The bundle is built once per test session; the wheels it downloads stay in dist/wheel-cache
(LVZHI_WHEEL_CACHE), so later builds need no network."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from packaging.tags import compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing answers
SECRET = "k" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789"
# A field key the fail-closed check accepts (issue 18.1): 32+ characters of several kinds.
FIELD_KEY = "Fk7-q2Lz9_Wm4.Xv8~Nc3+Hb6=Tr1:Jd5a"


def _isolated() -> bool:
    """Can this process put a command into a network namespace of its own (root, unshare)?"""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    return (
        subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False).returncode == 0
    )


ISOLATED = _isolated()


def offline(cmd: list[str]) -> list[str]:
    """``cmd`` in a network namespace with only a loopback interface, when possible."""
    if not ISOLATED:
        return cmd
    script = 'ip link set lo up 2>/dev/null; exec "$@"'
    return ["unshare", "-n", "sh", "-c", script, "sh", *cmd]


def offline_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PIP_", "LVZHI_", "DJANGO_"))
        and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        HTTP_PROXY=UNREACHABLE,
        HTTPS_PROXY=UNREACHABLE,
        http_proxy=UNREACHABLE,
        https_proxy=UNREACHABLE,
        PIP_INDEX_URL=UNREACHABLE + "/simple",
        **extra,
    )
    return env


@pytest.fixture(scope="session")
def bundle_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle-out")
    cache = Path(os.environ.get("LVZHI_WHEEL_CACHE", ROOT / "dist" / "wheel-cache"))
    result = subprocess.run(
        [sys.executable, str(ROOT / "deploy/bundle/build.py"), "--out", str(out),
         "--wheel-cache", str(cache)],
        capture_output=True, text=True, check=False, timeout=1200,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    archive = out / f"lvzhi-bundle-{VERSION}.tar.gz"
    assert result.stdout.strip() == str(archive)
    return archive


@pytest.fixture(scope="session")
def bundle(bundle_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("bundle")
    with tarfile.open(bundle_archive) as tar:
        tar.extractall(target, filter="data")
    (extracted,) = target.iterdir()
    assert extracted.name == f"lvzhi-bundle-{VERSION}"
    return extracted


@pytest.fixture(scope="session")
def installed(bundle_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make install-offline` of the archive, as an operator runs it (and as the
    Containerfile's first stage runs its install.sh), with no network."""
    prefix = tmp_path_factory.mktemp("opt-lvzhi")
    var = prefix / "var"
    result = subprocess.run(
        offline(["make", "--no-print-directory", "-C", str(ROOT), "install-offline",
                 f"BUNDLE={bundle_archive}", f"PREFIX={prefix}", f"STATIC_DIR={var / 'static'}"]),
        env=offline_env(), capture_output=True, text=True, check=False, timeout=1200,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Checking the bundle's checksums" in result.stdout
    return prefix


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def locked() -> dict[str, tuple[str, set[str]]]:
    text = (ROOT / "requirements/runtime.lock").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    found = {}
    for block in blocks:
        head = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", block)
        if head:
            hashes = set(re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
            found[canonicalize_name(head.group(1))] = (head.group(2), hashes)
    return found


def test_the_bundle_holds_a_verified_wheel_of_every_locked_package_for_the_target(
    bundle: Path,
) -> None:
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["version"] == VERSION and manifest["python"] == "cp311"
    target = {
        *cpython_tags((3, 11), abis=["cp311"], platforms=_platforms()),
        *compatible_tags((3, 11), "cp311", platforms=_platforms()),
    }
    lock = locked()
    by_name = {p["name"]: p for p in manifest["packages"]}
    assert set(by_name) == {*lock, "lvzhi"}
    for name, (version, hashes) in lock.items():
        package = by_name[name]
        wheel = bundle / "wheels" / package["file"]
        wname, wversion, _build, tags = parse_wheel_filename(wheel.name)
        assert (wname, str(wversion)) == (name, version)
        assert tags & target, f"{wheel.name} does not run on manylinux_2_28 x86_64 cp311"
        assert sha256(wheel) == package["sha256"]
        if package["origin"].startswith("wheel"):
            assert package["sha256"] in hashes, f"{wheel.name} is not the locked file"
        else:  # built from its locked sdist: pure Python only
            assert wheel.name.endswith("-none-any.whl")
    requirements = (bundle / "requirements.txt").read_text()
    for package in manifest["packages"]:
        assert f"{package['name']}=={package['version']} --hash=sha256:{package['sha256']}" in (
            requirements
        )


def _platforms() -> list[str]:
    sys.path.insert(0, str(ROOT / "deploy/bundle"))
    try:
        import build as bundle_build
    finally:
        sys.path.pop(0)
    return list(bundle_build.PLATFORMS)


def test_the_checksums_cover_every_file_and_the_catalogs_and_static_files_are_in(
    bundle: Path,
) -> None:
    listed = {}
    for line in (bundle / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {str(p.relative_to(bundle)) for p in bundle.rglob("*") if p.is_file()}
    assert set(listed) == files - {"SHA256SUMS"}
    assert all(sha256(bundle / name) == digest for name, digest in listed.items())
    (own,) = (bundle / "wheels").glob("lvzhi-*.whl")
    with zipfile.ZipFile(own) as wheel:
        inside = set(wheel.namelist())
    catalogs = [p.relative_to(ROOT / "src") for p in (ROOT / "src").rglob("django.po")]
    assert catalogs and all(str(c.with_suffix(".mo")) in inside for c in catalogs)
    assert (bundle / "static/lvzhi/app.css").is_file()
    assert (bundle / "static/django_htmx/htmx-2.min.js").is_file()


def test_install_offline_then_the_platform_starts_and_answers(installed: Path) -> None:
    venv = installed / ".venv"
    assert venv.is_symlink() and (venv / "bin/lvzhi").is_file()
    var = installed / "var"
    env = offline_env(
        LVZHI_DEBUG="0",
        LVZHI_SECRET_KEY=SECRET,
        LVZHI_FIELD_KEY=FIELD_KEY,
        LVZHI_ALLOWED_HOSTS="127.0.0.1",
        LVZHI_VAR_DIR=str(var),
    )
    consistent = subprocess.run(
        offline([str(venv / "bin/python"), "-m", "pip", "check"]),
        env=offline_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert consistent.returncode == 0, consistent.stdout  # every dependency of every wheel is in
    lvzhi = str(venv / "bin/lvzhi")
    check = subprocess.run(
        offline([lvzhi, "check", "--deploy", "--fail-level", "WARNING"]),
        env=env, capture_output=True, text=True, check=False, cwd=installed,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    migrate = subprocess.run(
        offline([lvzhi, "migrate", "--noinput"]),
        env=env, capture_output=True, text=True, check=False, cwd=installed, timeout=600,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    probe = subprocess.run(
        offline([str(venv / "bin/python"), str(Path(__file__).with_name("probe_app.py")),
                 str(venv), str(_free_port())]),
        env={**env, "LVZHI_SSL_REDIRECT": "0"}, capture_output=True, text=True, check=False,
        cwd=installed, timeout=300,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stdout + probe.stderr
    answers = json.loads(probe.stdout.strip().splitlines()[-1])
    assert answers["/healthz"][0] == 200
    assert answers["/readyz"][0] == 200 and json.loads(answers["/readyz"][1])["migrations"] == "ok"
    assert answers["/static/lvzhi/app.css"][0] == 200
    if ISOLATED:
        assert answers["outside"] == "unreachable"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_tampered_hash_stops_pip(bundle: Path, installed: Path, tmp_path: Path) -> None:
    """A hash changed in a copy of the lock (and of the bundle's requirements): pip refuses."""
    python = str(installed / ".venv/bin/python")
    block = next(
        b
        for b in re.split(r"\n(?=[A-Za-z0-9])", (ROOT / "requirements/runtime.lock").read_text())
        if b.startswith("six==")
    )
    (wheel,) = (bundle / "wheels").glob("six-*.whl")
    good = sha256(wheel)
    assert good in block

    def pip(requirements: str, name: str) -> subprocess.CompletedProcess[str]:
        path = tmp_path / name
        path.write_text(requirements)
        cmd = [python, "-m", "pip", "install", "--no-index", "--find-links",
               str(bundle / "wheels"), "--require-hashes", "--target", str(tmp_path / name[:-4]),
               "-r", str(path)]  # fmt: skip
        return subprocess.run(offline(cmd), env=offline_env(PIP_CONFIG_FILE=os.devnull),
                              capture_output=True, text=True, check=False)  # fmt: skip

    assert pip(block, "lock.txt").returncode == 0
    refused = pip(block.replace(good, hashlib.sha256(b"tampered").hexdigest()), "tampered.txt")
    assert refused.returncode != 0
    assert "DO NOT MATCH THE HASHES" in refused.stderr
    assert not (tmp_path / "tampered" / "six.py").exists()
    # The bundle's own list, as install.sh uses it.
    requirements = (bundle / "requirements.txt").read_text()
    refused = pip(requirements.replace(good, "0" * 64), "bundle-tampered.txt")
    assert refused.returncode != 0 and "DO NOT MATCH THE HASHES" in refused.stderr


def test_a_changed_file_stops_install_sh_before_anything_is_installed(
    bundle: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "bundle"
    shutil.copytree(bundle, copy, copy_function=os.link)  # hard links: no 80 MB copy
    (wheel,) = (copy / "wheels").glob("six-*.whl")
    data = wheel.read_bytes()
    wheel.unlink()  # a new file, so the original stays intact
    wheel.write_bytes(data + b"\0")
    prefix = tmp_path / "opt"
    result = subprocess.run(
        offline([str(copy / "install.sh"), "--prefix", str(prefix)]),
        env=offline_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "does not match SHA256SUMS" in result.stderr
    assert not prefix.exists()


def test_the_containerfile_builds_from_the_bundle_as_a_non_root_user(
    bundle: Path, installed: Path
) -> None:
    """No container engine here: the Containerfile's install stage is install.sh with the
    --prefix the `installed` fixture used; every path it copies exists in the bundle or in that
    installation, and the final stage installs nothing and runs as `lvzhi`."""
    text = (bundle / "Containerfile").read_text()
    assert text == (ROOT / "deploy/container/Containerfile").read_text()
    stages = re.split(r"^FROM ", text, flags=re.M)[1:]
    assert len(stages) == 2
    install_stage, final_stage = stages
    assert re.search(r"^RUN /bundle/install\.sh --prefix /opt/lvzhi$", install_stage, re.M)
    for source in re.findall(r"^COPY (?!--from)(?:--\S+ )*(\S+) \S+$", text, re.M):
        assert (bundle / source).exists(), source
    for source in re.findall(r"^COPY --from=install (?:--\S+ )*(\S+) \S+$", text, re.M):
        assert (installed / Path(source).relative_to("/opt/lvzhi")).exists(), source
    assert re.search(r"^USER lvzhi$", final_stage, re.M)
    assert not re.search(r"apt-get|dnf|gcc|build-essential|pip install", final_stage)
    command = json.loads(
        re.search(r"^CMD (\[.*?\])$", final_stage, re.M | re.S).group(1).replace("\\\n", "")
    )
    assert (installed / ".venv/bin" / command[0]).is_file()


def test_the_compose_file_describes_the_demo_and_the_documented_layout(
    bundle: Path, installed: Path
) -> None:
    folder = bundle / "deploy/container"
    compose = yaml.safe_load((folder / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "setup", "web", "asgi", "worker", "nginx", "demo"}
    assert services["demo"]["profiles"] == ["demo"]
    assert all(s["profiles"] == ["platform"] for n, s in services.items() if n != "demo")
    build = services["web"]["build"]
    assert (folder / build["context"] / build["dockerfile"]).resolve() == (
        bundle / "Containerfile"
    ).resolve()
    assert build["network"] == "none"
    bin_dir = installed / ".venv/bin"
    for name in ("asgi", "worker"):
        assert (bin_dir / services[name]["command"][0]).is_file()
    assert services["asgi"]["command"][0] == "daphne"
    assert services["worker"]["command"][:2] == ["lvzhi", "db_worker"]
    env = services["web"]["environment"]
    assert env["LVZHI_DEBUG"] == "0" and env["REDIS_URL"].startswith("redis://redis:")
    assert "@postgres:5432/" in env["DATABASE_URL"]
    for volume in services["nginx"]["volumes"]:
        source = volume.split(":")[0]
        if source.startswith("./") and source != "./tls":
            assert (folder / source).is_file(), source
    nginx = (folder / "nginx.conf").read_text()
    assert "server web:8000" in nginx and "server asgi:8001" in nginx
