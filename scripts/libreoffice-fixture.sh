#!/usr/bin/env bash
# Remakes test/fixtures/libreoffice/saved-by-libreoffice.xlsx: a freshly provisioned workbook, opened and saved by LibreOffice.
# Needs LibreOffice (apt-get install -y libreoffice-calc-nogui). Run it again when the workbook layout changes.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
WORKBOOK_PATH="$work/fresh.xlsx" npx tsx scripts/cli.ts provision
soffice --headless --calc --convert-to xlsx --outdir "$work/out" "$work/fresh.xlsx" >/dev/null
cp "$work/out/fresh.xlsx" test/fixtures/libreoffice/saved-by-libreoffice.xlsx
ls -l test/fixtures/libreoffice/saved-by-libreoffice.xlsx
