#!/bin/sh
# Makes Debian's chromium available for the status-page browser test (apps/cli/test/e2e-status-page.test.ts).
# Idempotent: does nothing when a chromium binary is already on PATH or named by CHROMIUM_PATH. Installs with
# apt-get only when running as root (CI containers); otherwise it says why and exits 0, and the test is skipped
# with that reason. Prints the binary's path on its last line when one is available.
set -u
find_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ]; then echo "${CHROMIUM_PATH}"; return 0; fi
  for name in chromium chromium-browser google-chrome-stable google-chrome; do
    found=$(command -v "$name" 2>/dev/null) && { echo "$found"; return 0; }
  done
  return 1
}
if path=$(find_chromium); then echo "$path"; exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "install-chromium: chromium is not installed and this is not root, so apt-get cannot install it" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: chromium is not installed and apt-get is not available on this machine" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends chromium >&2 || { apt-get update >&2 && apt-get install -y --no-install-recommends chromium >&2; } || {
  echo "install-chromium: apt-get install chromium failed (see above)" >&2
  exit 0
}
if path=$(find_chromium); then echo "$path"; exit 0; fi
echo "install-chromium: apt-get finished but no chromium binary was found" >&2
exit 0
