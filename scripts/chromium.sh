#!/usr/bin/env bash
# Find Debian's chromium for the browser pass, diagrams and Lighthouse; install it when
# missing and this is a Debian machine we are root on; otherwise say in one line what to
# install and fail. `--path` prints the executable's path (for CHROME_PATH).
set -euo pipefail
find_chromium() { command -v chromium || command -v chromium-browser || true; }
path=$(find_chromium)
if [[ -z "$path" ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "chromium not found: installing Debian's chromium with apt-get" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      chromium fonts-dejavu-core >/dev/null
    path=$(find_chromium)
  else
    echo "error: the browser tests need Chromium; install it (Debian: sudo apt-get install chromium) and run again" >&2
    exit 1
  fi
fi
if [[ "${1:-}" == "--path" ]]; then echo "$path"; fi
