#!/usr/bin/env bash
# Install Debian's PostgreSQL server when it is missing (the storage contract suite runs every test
# on a throwaway PostgreSQL cluster too). Needs root and apt-get; elsewhere it says what to install.
set -euo pipefail
if command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
else
    echo "PostgreSQL (initdb) is missing: install Debian's postgresql package to run its tests" >&2
fi
