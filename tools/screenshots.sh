#!/usr/bin/env bash
# Renders TrustDesk's screenshot set under Xvfb into one folder (default: build/screenshots):
#   demo/      the real window on a fresh demo workspace (in-process server, real sync and jobs)
#   profile/   profiles page, quick actions, details modal (every section, Advanced), failed sync,
#              offline, 10,000 rows                      — from the profiles fixture
#   cert/      issued certificates, viewer, renew/export/revoke/recover, Activity, toasts
#   enroll/    enrollment form, "Allow this script?" (new and changed), in progress, done,
#              failed; sign-in, avatar menu, Settings, Key stores & devices, Diagnostics
# Fixture sets are drawn at 1280x800, 1920x1080 and 2560x1600 at 200% content scale.
# Usage: tools/screenshots.sh [--no-build] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
if [[ "${1:-}" == "--no-build" ]]; then
  build=0
  shift
fi
out="${1:-build/screenshots}"
if (( build )); then
  tools/setup-debian.sh
  tools/build.sh
fi
mkdir -p "$out/demo"

xvfb() { xvfb-run -a -s "-screen 0 2560x1600x24" "$@"; }

# The demo window: one fresh data directory for the whole run, so later pages show what the
# first start did (sign-in, first sync, the automatic enrollment after sign-in).
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
for page in profiles issued activity settings; do
  xvfb build/bin/trustdesk --data-dir "$data" --page "$page" \
    --screenshot "$out/demo/${page}_1280x800.png"
done
for page in key_stores diagnostics; do
  xvfb build/bin/trustdesk --data-dir "$data" --advanced --page "$page" \
    --screenshot "$out/demo/${page}_1280x800.png"
done
xvfb build/bin/trustdesk --data-dir "$data" --size 1920x1080 --advanced \
  --screenshot "$out/demo/profiles_advanced_1920x1080.png"

for set in profile cert enroll; do
  for size in "1280x800" "1920x1080" "2560x1600 2"; do
    # shellcheck disable=SC2086  # "WxH SCALE" are two arguments
    xvfb "build/bin/trustdesk_${set}_screenshots" "$out/$set" $size > /dev/null
  done
done
echo "Screenshots in $out: $(find "$out" -name '*.png' | wc -l) PNG files"
