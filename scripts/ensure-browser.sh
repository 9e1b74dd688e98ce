#!/usr/bin/env bash
# Makes sure the system Chromium the browser tests drive is present. Playwright's own browser download does not
# work everywhere nettwin is developed, so the tests use Debian's chromium package; on a fresh machine where we
# are root, install it, otherwise say exactly what is missing.
set -euo pipefail
browser="${NETTWIN_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "nettwin: $browser not found; installing Debian's chromium package for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "nettwin: the browser tests need Chromium at $browser (apt-get install chromium, or set NETTWIN_CHROMIUM)" >&2
exit 1
