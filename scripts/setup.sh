#!/usr/bin/env bash
# Installs the Debian 12 packages convanim builds and runs with, when any is missing.
# Idempotent: does nothing (and needs no root) when everything is already there.
# --browser: also Chromium (and Python 3, which drives it), for the test that opens the gallery page
# in a real browser; where they cannot be installed that test is skipped, so this part never fails.
set -euo pipefail

# The names below are Debian 12's; elsewhere they are tried as they are, which may fail.
if ! grep -qsx 'ID=debian' /etc/os-release || ! grep -qsx 'VERSION_ID="12"' /etc/os-release; then
  echo "convanim setup: not Debian 12: installing Debian 12's package names, which may differ here" >&2
fi
# The fuzzers' runtime goes with the release's clang (14 on Debian 12).
clang_version=$(apt-cache depends clang 2>/dev/null | grep -om1 'Depends: clang-[0-9]*' | grep -o '[0-9]*$' || true)

packages=(
  build-essential cmake ninja-build pkg-config
  nlohmann-json3-dev catch2 libcli11-dev libfmt-dev
  libcairo2-dev libpango1.0-dev fonts-dejavu-core
  libavcodec-dev libavformat-dev libswscale-dev libavutil-dev
  libimagequant-dev poppler-utils librsvg2-bin
  libbenchmark-dev time
  clang "libclang-rt-${clang_version:-14}-dev"
  python3-dev python3-pip python3-setuptools python3-wheel python3-venv pybind11-dev python3-pybind11
  python3-numpy python3-pytest python3-pil python3-nbclient python3-nbformat python3-ipykernel
)
# The oracle of the Python tests' values; where it cannot be installed they are skipped, saying so.
torch_packages=(python3-torch)
browser_packages=(chromium python3)

# Installs whichever of the named packages are missing; status 1 when it cannot.
install_missing() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  # Through env: sudo resets the environment, and would drop DEBIAN_FRONTEND set before it.
  local command=(env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}")
  local update=(env DEBIAN_FRONTEND=noninteractive apt-get update)
  echo "convanim setup: missing packages; running: ${command[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      command=(sudo "${command[@]}"); update=(sudo "${update[@]}")
    else
      echo "convanim setup: cannot install as $(id -un); run as root: apt-get update && ${command[*]}" >&2
      return 1
    fi
  fi
  if ! { "${update[@]}" -qq && "${command[@]}"; }; then
    echo "convanim setup: apt-get failed; install these by hand: ${missing[*]}" >&2
    return 1
  fi
}

install_missing "${packages[@]}"
install_missing "${torch_packages[@]}" ||
  echo "convanim setup: no PyTorch: the Python tests against it will be skipped" >&2
if [ "${1:-}" = "--browser" ]; then
  install_missing "${browser_packages[@]}" ||
    echo "convanim setup: no Chromium: the browser check of the gallery page will be skipped" >&2
fi
exit 0
