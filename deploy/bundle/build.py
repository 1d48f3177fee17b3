"""Build the offline bundle: one archive an operator carries into the intranet.

    .venv/bin/python deploy/bundle/build.py [--out dist] [--wheel-cache DIR]

(`make bundle`.) The archive ``dist/lvzhi-bundle-<version>.tar.gz`` holds:

- ``wheels/``: a wheel of every package in ``requirements/runtime.lock`` for Linux x86_64,
  CPython 3.11, manylinux_2_28 or older (glibc 2.28: Kylin V10, openEuler 22.03, Debian 12),
  each downloaded from the index with ``--require-hashes`` against the lock. A package the index
  has only as source (jieba) is downloaded as its hashed sdist and built here into a pure-Python
  wheel; a source-only package with compiled code stops the build.
- the project's own wheel, built from a copy of ``src/`` whose catalogs were just compiled;
- ``static/``: the collected static files (for an nginx that serves them without Python);
- ``deploy/``: nginx, systemd, PostgreSQL files, the system-package list, the Containerfile and
  the compose file;
- ``requirements.txt``: one line per wheel of the bundle with its SHA-256 (``--require-hashes``);
- ``manifest.json`` (version, commit, platform, packages and where each came from) and
  ``SHA256SUMS`` over every file; ``install.sh`` checks them before it installs anything.

Needs the network (the package index) only to fill the wheel cache; ``--wheel-cache`` keeps the
downloaded wheels between builds, so a second build is offline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_LOCK = ROOT / "requirements" / "runtime.lock"
PLATFORM = "manylinux_2_28_x86_64"
# pip download takes the tags literally: name every manylinux tag glibc 2.28 can run.
PLATFORMS = [f"manylinux_2_{minor}_x86_64" for minor in range(28, 4, -1)] + [
    "manylinux2014_x86_64",
    "manylinux2010_x86_64",
    "manylinux1_x86_64",
]
PYTHON_VERSION = "3.11"
DEPLOY_FILES = ["nginx", "postgresql", "systemd", "container", "system-packages.txt"]


def pip_env() -> dict[str, str]:
    """The lock is made against the public index: ignore this machine's pip configuration (extra
    file:// indexes, find-links) so the bundle holds exactly what a fresh machine would get. An
    intranet mirror of the index may still be named with PIP_INDEX_URL."""
    dropped = {"PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_CONSTRAINT"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["PIP_CONFIG_FILE"] = os.devnull
    return env


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_lock(path: Path) -> dict[str, tuple[str, str]]:
    """{normalised name: (the ``name==version`` line, the whole block with its hashes)}."""
    blocks: dict[str, tuple[str, str]] = {}
    current: list[str] = []
    for line in [*path.read_text().splitlines(), ""]:
        if re.match(r"^[A-Za-z0-9]", line) or not line.strip():
            if current:
                head = current[0].split()[0]
                name = head.split("==")[0]
                body = "\n".join(x for x in current if not x.strip().startswith("#"))
                blocks[normalise(name)] = (head, body.rstrip(" \\") + "\n")
            current = [line] if line.strip() else []
        elif current and not line.strip().startswith("#"):
            current.append(line)
    return blocks


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def wheel_name_version(filename: str) -> tuple[str, str]:
    from packaging.utils import parse_wheel_filename

    name, version, _build, _tags = parse_wheel_filename(filename)
    return normalise(name), str(version)


def locked_version(head: str) -> str:
    """The version of a ``name==version`` line, normalised as in wheel file names."""
    from packaging.version import Version

    return str(Version(head.split("==")[1]))


def lock_hashes(block: str) -> set[str]:
    return set(re.findall(r"--hash=sha256:([0-9a-f]{64})", block))


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, check=False, text=True, capture_output=True, **kwargs)  # type: ignore[call-overload,no-any-return]  # noqa: S603


def download_wheels(blocks: dict[str, tuple[str, str]], cache: Path, work: Path) -> dict[str, str]:
    """Every locked package as a wheel for the target into ``cache``; returns {name: origin}."""
    python = sys.executable
    platform_args = [
        "--only-binary=:all:",
        *[arg for tag in PLATFORMS for arg in ("--platform", tag)],
        "--python-version", PYTHON_VERSION,
        "--implementation", "cp",
        "--abi", "cp311",
    ]  # fmt: skip
    common = [python, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes"]
    origin: dict[str, str] = {}

    def attempt(names: list[str]) -> subprocess.CompletedProcess[str]:
        req = work / "download.txt"
        req.write_text("".join(blocks[n][1] for n in names))
        return run([*common, *platform_args, "-d", str(cache), "-r", str(req)], env=pip_env())

    names = sorted(blocks)
    sdist_only: list[str] = []
    while True:
        wanted = [n for n in names if n not in sdist_only]
        result = attempt(wanted)
        if result.returncode == 0:
            break
        # pip names the first requirement it found no wheel for; set it aside and go on.
        found = re.search(r"satisfies the requirement ([A-Za-z0-9_.-]+)==", result.stderr)
        culprit = normalise(found.group(1)) if found else ""
        if culprit not in wanted:
            sys.exit(f"pip download failed:\n{result.stderr}")
        sdist_only.append(culprit)
    for name in names:
        if name not in sdist_only:
            origin[name] = "wheel from the index, hash in requirements/runtime.lock"
    for name in sdist_only:
        req = work / f"sdist-{name}.txt"
        req.write_text(blocks[name][1])
        built = work / f"built-{name}"
        result = run(
            [python, "-m", "pip", "wheel", "--quiet", "--no-deps", "--require-hashes",
             "--no-build-isolation", "--no-binary", name, "-w", str(built), "-r", str(req)],
            env=pip_env(),
        )  # fmt: skip
        if result.returncode != 0:
            sys.exit(f"{name}: no wheel for {PLATFORM}/cp311 and its sdist did not build:\n"
                     f"{result.stderr}")  # fmt: skip
        for wheel in built.glob("*.whl"):
            if not wheel.name.endswith("-none-any.whl"):
                sys.exit(f"{name}: built {wheel.name}, which is not pure Python; the bundle "
                         "must not carry a wheel compiled on this machine")  # fmt: skip
            shutil.copy2(wheel, cache / wheel.name)
        origin[name] = "built here from its sdist, whose hash is in requirements/runtime.lock"
    return origin


def build_project_wheel(out: Path, work: Path) -> Path:
    """The project's wheel from a copy of the sources whose catalogs were just compiled."""
    copy = work / "src-copy"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "src", copy / "src", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, copy / name)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    compile_cmd = [sys.executable, "-m", "django", "compilemessages"]
    result = run(compile_cmd, cwd=copy / "src" / "lvzhi", env=env)
    if result.returncode != 0:
        sys.exit(f"compilemessages failed (is gettext installed?):\n{result.stderr}")
    result = run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "-w", str(out), str(copy)],
        env=pip_env(),
    )  # fmt: skip
    if result.returncode != 0:
        sys.exit(f"building the project's wheel failed:\n{result.stderr}")
    wheel = next(out.glob("lvzhi-*.whl"))
    catalogs = sorted(str(p.relative_to(copy / "src")) for p in (copy / "src").rglob("*.po"))
    with zipfile.ZipFile(wheel) as archive:
        inside = set(archive.namelist())
    missing = [c for c in catalogs if c[:-3] + ".mo" not in inside]
    if missing:
        sys.exit(f"the project's wheel lacks compiled catalogs for {missing}")
    return wheel


def collect_static(target: Path, work: Path) -> None:
    var = work / "var"
    env = dict(os.environ, LVZHI_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="lvzhi.settings")
    result = run([sys.executable, "-m", "django", "collectstatic", "--noinput"], env=env)
    if result.returncode != 0:
        sys.exit(f"collectstatic failed:\n{result.stderr}")
    shutil.copytree(var / "static", target)


def git_commit() -> str:
    result = run(["git", "rev-parse", "HEAD"], cwd=ROOT)
    dirty = run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT).stdout.strip()
    return (result.stdout.strip() or "unknown") + ("+changes" if dirty else "")


def build(out_dir: Path, cache: Path) -> Path:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    name = f"lvzhi-bundle-{version}"
    blocks = parse_lock(RUNTIME_LOCK)
    cache.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lvzhi-bundle-") as tmp:
        work = Path(tmp)
        stage = work / name
        wheels = stage / "wheels"
        wheels.mkdir(parents=True)
        origin = download_wheels(blocks, cache, work)
        packages = []
        lines = []
        for wheel in sorted(cache.glob("*.whl")):
            wname, wversion = wheel_name_version(wheel.name)
            if wname not in blocks or locked_version(blocks[wname][0]) != wversion:
                continue  # an older release left in the cache by an earlier lock
            digest = sha256(wheel)
            if origin[wname].startswith("wheel") and digest not in lock_hashes(blocks[wname][1]):
                sys.exit(f"{wheel.name}: its SHA-256 is not in requirements/runtime.lock")
            shutil.copy2(wheel, wheels / wheel.name)
            lines.append(f"{wname}=={wversion} --hash=sha256:{digest}")
            packages.append({"name": wname, "version": wversion, "file": wheel.name,
                             "sha256": digest, "origin": origin[wname]})  # fmt: skip
        found = {p["name"] for p in packages}
        if found != set(blocks):
            sys.exit(f"wheels missing for {sorted(set(blocks) - found)}")
        own = build_project_wheel(wheels, work)
        digest = sha256(own)
        lines.append(f"lvzhi=={version} --hash=sha256:{digest}")
        packages.append({"name": "lvzhi", "version": version, "file": own.name,
                         "sha256": digest, "origin": "this project, built here"})  # fmt: skip
        (stage / "requirements.txt").write_text(
            "# Every wheel of this bundle with its SHA-256; install.sh installs them with\n"
            "# pip --no-index --require-hashes. Made from requirements/runtime.lock.\n"
            + "\n".join(lines) + "\n"
        )  # fmt: skip
        collect_static(stage / "static", work)
        (stage / "deploy").mkdir()
        for item in DEPLOY_FILES:
            source = ROOT / "deploy" / item
            if source.is_dir():
                shutil.copytree(source, stage / "deploy" / item)
            else:
                shutil.copy2(source, stage / "deploy" / item)
        shutil.copy2(ROOT / "deploy" / "container" / "Containerfile", stage / "Containerfile")
        shutil.copy2(Path(__file__).with_name("install.sh"), stage / "install.sh")
        (stage / "install.sh").chmod(0o755)
        manifest = {
            "name": "lvzhi",
            "version": version,
            "commit": git_commit(),
            "built_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "python": f"cp{PYTHON_VERSION.replace('.', '')}",
            "platform": PLATFORM,
            "packages": packages,
        }
        (stage / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        sums = [
            f"{sha256(path)}  {path.relative_to(stage)}"
            for path in sorted(stage.rglob("*"))
            if path.is_file()
        ]
        (stage / "SHA256SUMS").write_text("\n".join(sums) + "\n")
        archive = out_dir / f"{name}.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(stage, arcname=name)
    (out_dir / f"{name}.tar.gz.sha256").write_text(f"{sha256(archive)}  {archive.name}\n")
    return archive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument(
        "--wheel-cache",
        type=Path,
        default=Path(os.environ.get("LVZHI_WHEEL_CACHE", ROOT / "dist" / "wheel-cache")),
        help="wheels downloaded once and kept between builds (default dist/wheel-cache)",
    )
    args = parser.parse_args()
    archive = build(args.out.resolve(), args.wheel_cache.resolve())
    print(archive)


if __name__ == "__main__":
    main()
