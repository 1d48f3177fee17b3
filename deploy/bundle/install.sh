#!/usr/bin/env bash
# Install lvzhi from this offline bundle, with no network at all.
#
#   ./install.sh [--prefix /opt/lvzhi] [--static-dir /var/lib/lvzhi/static] [--no-switch]
#
# 1. checks every file of the bundle against SHA256SUMS (stops at the first difference);
# 2. creates a virtualenv in PREFIX/releases/<version>-<time>/venv with Python 3.11 and installs
#    the bundle's wheels into it: pip --no-index --require-hashes (requirements.txt holds the
#    SHA-256 of every wheel), pip's configuration and any proxy ignored;
# 3. copies the collected static files next to it (and into --static-dir when given);
# 4. points PREFIX/.venv and PREFIX/current at the new release (unless --no-switch), so the
#    systemd units (/opt/lvzhi/.venv/bin/…) run it after a restart. Earlier releases stay in
#    PREFIX/releases for a rollback.
# PYTHON=/path/to/python3.11 chooses the interpreter.
set -euo pipefail

prefix=/opt/lvzhi
static_dir=""
switch=1
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --static-dir) static_dir="$2"; shift 2 ;;
    --no-switch) switch=0; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

prefix="$(realpath -m "$prefix")"
[ -z "$static_dir" ] || static_dir="$(realpath -m "$static_dir")"
bundle="$(cd "$(dirname "$0")" && pwd)"
cd "$bundle"

echo "Checking the bundle's checksums …"
if ! sha256sum --check --quiet --strict SHA256SUMS; then
  echo "install.sh: the bundle does not match SHA256SUMS: damaged or altered; nothing installed" >&2
  exit 1
fi

python="${PYTHON:-$(command -v python3.11 || true)}"
if [ -z "$python" ] || ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "install.sh: needs Python 3.11 (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi

version="$("$python" -c 'import json; print(json.load(open("manifest.json"))["version"])')"
release="$prefix/releases/$version-$(date -u +%Y%m%d%H%M%S)"
mkdir -p "$prefix/releases"
if [ -e "$prefix/.venv" ] && [ ! -L "$prefix/.venv" ]; then
  echo "install.sh: $prefix/.venv is a directory, not a link to a release; move it away first" >&2
  exit 1
fi

echo "Installing lvzhi $version into $release …"
"$python" -m venv "$release/venv"
# No index, no configuration file, no proxy: only the wheels beside this script.
env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL -u PIP_CONSTRAINT \
  PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
  "$release/venv/bin/python" -m pip install --quiet --no-index --no-cache-dir \
  --find-links "$bundle/wheels" --require-hashes -r "$bundle/requirements.txt"

cp -a "$bundle/static" "$release/static"
cp "$bundle/manifest.json" "$release/manifest.json"
if [ -n "$static_dir" ]; then
  mkdir -p "$static_dir"
  cp -a "$bundle/static/." "$static_dir/"
fi

if [ "$switch" = 1 ]; then
  ln -sfn "$release/venv" "$prefix/.venv.new" && mv -T "$prefix/.venv.new" "$prefix/.venv"
  ln -sfn "$release" "$prefix/current.new" && mv -T "$prefix/current.new" "$prefix/current"
  echo "$prefix/.venv now points at $release/venv."
fi
echo "Installed lvzhi $version. Next: lvzhi migrate (after lvzhi backup), then restart the units."
