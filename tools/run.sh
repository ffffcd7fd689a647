#!/usr/bin/env bash
# One command to set up, build and start TrustDesk (the demo workspace on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup-debian.sh
tools/build.sh
exec build/bin/trustdesk "$@"
