#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests and screenshots, once. Playwright drives this binary
# (no browser download: this machine reaches only the package registries).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
sudo_if_needed() { if [ "$(id -u)" = "0" ]; then "$@"; else sudo "$@"; fi; }
sudo_if_needed apt-get update -qq
DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
