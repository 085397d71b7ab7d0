#!/usr/bin/env bash
# Installs the Debian packages the app needs (LibreOffice for PDF, Tesseract for scans, poppler) and, with
# `test`, what the suite drives for real (Chromium). Only missing ones, so a second run costs nothing.
# With `deploy`, what `make deploy-check` runs: PostgreSQL's server, nginx, openssl and curl.
# Needs root on Debian. Usage: system-packages.sh run|test|deploy
set -euo pipefail
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
packages=(libreoffice-writer-nogui fonts-liberation2 fonts-dejavu tesseract-ocr tesseract-ocr-vie poppler-utils)
[ "${1:-test}" = "test" ] && packages+=(chromium chromium-driver gettext)
[ "${1:-test}" = "deploy" ] && packages+=(postgresql openssl curl)
for p in "${packages[@]}"; do
  have "$p" || need+=("$p")
done
# Any of Debian's nginx flavours will do (they conflict with each other): the light one only if none is there.
if [ "${1:-test}" = "deploy" ] && ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  need+=(nginx-light)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Thiếu gói hệ thống (missing system packages): ${need[*]} — cài bằng apt-get với quyền root." >&2
  exit 0
fi
echo "Cài gói hệ thống: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
