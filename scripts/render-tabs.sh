#!/usr/bin/env bash
# Renders tabs of a workbook to PNG as LibreOffice shows them (each tab one page), to look at what staff and leaders see.
# Usage: scripts/render-tabs.sh WORKBOOK.xlsx OUT_DIR [DPI]   (needs libreoffice-calc-nogui, fonts-noto-cjk, poppler-utils)
set -euo pipefail
workbook="$1"
out="$2"
dpi="${3:-60}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$workbook" "$work/workbook.xlsx"
soffice --headless --convert-to 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}' --outdir "$work" "$work/workbook.xlsx" >/dev/null 2>&1
# Tab names in workbook order, one page each.
names=$(unzip -p "$workbook" xl/workbook.xml | grep -o '<sheet [^>]*name="[^"]*"' | sed 's/.*name="\([^"]*\)"/\1/')
page=1
for name in $names; do
  pdftoppm -png -r "$dpi" -f "$page" -l "$page" -singlefile "$work/workbook.pdf" "$out/$name"
  page=$((page + 1))
done
ls "$out"
