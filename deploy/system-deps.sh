#!/usr/bin/env bash
# Install (Debian, as root) or name the system packages of one scope of deploy/system-packages.txt.
#   deploy/system-deps.sh test            # what `make test` needs; installs the missing ones
#   deploy/system-deps.sh --tolerant bench # the same, but a failure only warns
#   deploy/system-deps.sh --list run      # print the Debian packages of a scope
#   deploy/system-deps.sh --dnf run       # print the dnf command for openEuler / Kylin
set -uo pipefail
mode=install
tolerant=0
while [ $# -gt 1 ]; do
  case "$1" in
    --list) mode=list ;; --dnf) mode=dnf ;; --tolerant) tolerant=1 ;;
    *) echo "system-deps.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
scope="${1:?usage: deploy/system-deps.sh [--list|--dnf|--tolerant] run|build|test|bench}"
list="$(dirname "$0")/system-packages.txt"

trim() { local s="$1"; s="${s#"${s%%[![:space:]]*}"}"; printf '%s' "${s%"${s##*[![:space:]]}"}"; }
present() {  # any of the comma-separated commands or paths
  local item; IFS=',' read -ra items <<<"$1"
  for item in "${items[@]}"; do
    item="$(trim "$item")"
    case "$item" in
      -) return 0 ;;
      /*) [ -e "$item" ] && return 0 ;;
      *) command -v "$item" >/dev/null 2>&1 && return 0 ;;
    esac
  done
  return 1
}

debian=() dnf=() missing=() checks=()
while IFS='|' read -r key check scopes deb _tested rpm; do
  key="$(trim "$key")"
  case "$key" in ''|'#'*) continue ;; esac
  [[ ",$(trim "$scopes" | tr -d ' ')," == *",$scope,"* ]] || continue
  debian+=($(trim "$deb"))
  dnf+=($(trim "${rpm%%(*}"))
  if ! present "$check"; then missing+=($(trim "$deb")); checks+=("$check"); fi
done <"$list"

case "$mode" in
  list) echo "${debian[*]}"; exit 0 ;;
  dnf) echo "dnf install -y ${dnf[*]}"; exit 0 ;;
esac
[ ${#missing[@]} -eq 0 ] && exit 0
fail() { echo "$1" >&2; [ "$tolerant" = 1 ] && exit 0; exit 1; }
if [ "$(id -u)" != 0 ]; then
  fail "Please install the Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})"
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive RUNLEVEL=1
apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
  { apt-get update -qq; apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; }
for check in "${checks[@]}"; do
  present "$check" || fail "Could not install what provides $(trim "$check")"
done
