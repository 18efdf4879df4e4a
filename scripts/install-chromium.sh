#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests and screenshots, once, with a Chinese font: the zh-CN pages are
# tested and photographed too, and without a CJK font every character is drawn as a box. Playwright drives this
# binary (no browser download: this machine reaches only the package registries).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -n "$(fc-list :lang=zh family 2>/dev/null || true)" ] || missing+=(fonts-noto-cjk)
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
sudo_if_needed() { if [ "$(id -u)" = "0" ]; then "$@"; else sudo "$@"; fi; }
sudo_if_needed apt-get update -qq
DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
