#!/usr/bin/env bash
# Install the Debian packages the test suite and the PDF report need, when they are missing:
# chromium (browser tests drive Debian's chromium through Playwright), poppler-utils (pdftotext/pdftoppm
# to check PDFs), the Pango libraries WeasyPrint renders with, and DejaVu (fonts-dejavu-core), the report's
# font (report.css): it covers Greek, Cyrillic and every EU Latin letter (Maltese ħ ġ ż, Romanian ș ț), so
# a report in or about any of the 24 official EU languages prints without fallback fonts or missing glyphs.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -q "DejaVuSans.ttf" || need+=(fonts-dejavu-core)
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${need[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
