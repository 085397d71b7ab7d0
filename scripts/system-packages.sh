#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real (Chromium, LibreOffice, Tesseract, poppler),
# only those that are missing, so a second `make test` costs nothing. Needs root on Debian.
set -euo pipefail
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for p in chromium chromium-driver libreoffice-writer-nogui fonts-liberation2 fonts-dejavu \
         tesseract-ocr tesseract-ocr-vie poppler-utils gettext; do
  have "$p" || need+=("$p")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Thiếu gói hệ thống (missing system packages): ${need[*]} — cài bằng apt-get với quyền root." >&2
  exit 0
fi
echo "Cài gói hệ thống: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
