#!/usr/bin/env bash
# Installs the Debian redis-server package when it is missing: the Redis adapter's contract suites and the
# multi-replica end-to-end tests start a real redis-server on a free loopback port. Idempotent; needs root (CI is).
# Usage: bash test-support/install-redis-server.sh
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# The package starts a system-wide service on port 6379; the tests never use it (they start their own servers).
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now redis-server >/dev/null 2>&1 || true; fi
command -v redis-server >/dev/null
