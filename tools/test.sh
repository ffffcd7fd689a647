#!/usr/bin/env bash
# One command to set up, build and run the whole test suite (unit, integration, UI, Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup-debian.sh
tools/build.sh
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure -j "$jobs" "$@"
