#!/usr/bin/env bash
# Installs headless Chromium from Debian's packages for the browser tests.
# As root it installs what is missing; otherwise it says how, and the browser tests skip
# (under CI=true they fail instead: a missing browser is never a silent skip there).
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium from Debian's packages for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    && exit 0
  echo "Could not install chromium with apt-get." >&2
else
  echo "Chromium is not installed; browser tests will be skipped." >&2
  echo "Enable them with: sudo apt-get update && sudo apt-get install -y chromium" >&2
fi
if [ "${CI:-}" = "true" ]; then
  echo "CI=true: the browser tests need Chromium." >&2
  exit 1
fi
exit 0
