#!/usr/bin/env bash
# Install Debian's chromium when it is missing (the staff portal's browser tests drive it through
# Playwright, tests/test_portal_browser.py). Needs root and apt-get; elsewhere it says what to install.
set -euo pipefail
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
else
    echo "chromium is missing: install Debian's chromium package to run the portal's browser tests" >&2
fi
