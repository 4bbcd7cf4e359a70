#!/usr/bin/env bash
# Installs the Debian 12 packages convanim builds and runs with, when any is missing.
# Idempotent: does nothing (and needs no root) when everything is already there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  nlohmann-json3-dev catch2 libcli11-dev libfmt-dev
  libcairo2-dev libpango1.0-dev fonts-dejavu-core
  libavcodec-dev libavformat-dev libavfilter-dev libswscale-dev libavutil-dev
  libbenchmark-dev time
  clang libclang-rt-14-dev
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command=(apt-get install -y --no-install-recommends "${missing[@]}")
echo "convanim setup: missing packages; running: ${command[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    command=(sudo "${command[@]}"); update=(sudo apt-get update)
  else
    echo "convanim setup: cannot install as $(id -un); run as root: apt-get update && ${command[*]}" >&2
    exit 1
  fi
else
  update=(apt-get update)
fi
export DEBIAN_FRONTEND=noninteractive
if ! { "${update[@]}" -qq && "${command[@]}"; }; then
  echo "convanim setup: apt-get failed; install these by hand: ${missing[*]}" >&2
  exit 1
fi
