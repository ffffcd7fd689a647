#!/bin/sh
# Runs the keyring cases of test_secret_store.cpp: once with no session bus, then inside a private
# D-Bus session with a freshly unlocked gnome-keyring whose files live in a temporary HOME.
# Exit 77 (CTest: skipped) only when dbus-run-session is not installed.
set -eu
bin="$1"
if ! command -v dbus-run-session >/dev/null 2>&1; then
  echo "dbus-run-session not found: skipping the secret store test"
  exit 77
fi
command -v gnome-keyring-daemon >/dev/null 2>&1 || { echo "gnome-keyring-daemon not found" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/run"
chmod 700 "$tmp/run"
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
  XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run" TRUSTDESK_KEYRING_HOME="$tmp"


env -u DBUS_SESSION_BUS_ADDRESS "$bin" --no-skip \
  -tc="secret store keyring: without a session bus*" > "$tmp/out1" 2>&1 || { cat "$tmp/out1"; exit 1; }
cat "$tmp/out1"
grep -Eq "test cases: +1 \| +1 passed \| +0 failed" "$tmp/out1"

# A throwaway keyring password for this session, handed to the daemon on stdin.
dbus-run-session -- sh -c '
  printf "%s" "trustdesk-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  "$1" --no-skip -tc="secret store keyring: round trip*"
' sh "$bin" > "$tmp/out2" 2>&1 || { cat "$tmp/out2"; exit 1; }
cat "$tmp/out2"
grep -Eq "test cases: +1 \| +1 passed \| +0 failed" "$tmp/out2"
