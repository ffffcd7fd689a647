#!/usr/bin/env bash
# Installs the Debian 12 packages TrustDesk needs. Idempotent: installs only what is missing.
#   tools/setup-debian.sh            build + run + test dependencies
#   tools/setup-debian.sh --core     core, CLI and server only (no graphics packages)
set -euo pipefail

core_pkgs=(build-essential cmake ninja-build pkg-config git ca-certificates
  libssl-dev openssl nlohmann-json3-dev libcpp-httplib-dev doctest-dev libsqlite3-dev sqlite3
  libsecret-1-dev gnome-keyring dbus libnss3-tools default-jre-headless procps)
gui_pkgs=(libimgui-dev libglfw3-dev python3-glad libstb-dev libgl-dev libgl1-mesa-dri
  fonts-inter fonts-dejavu-core xvfb xauth)

pkgs=("${core_pkgs[@]}")
[ "${1:-}" = "--core" ] || pkgs+=("${gui_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#pkgs[@]} packages already installed"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
