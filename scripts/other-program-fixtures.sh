#!/usr/bin/env bash
# Remakes test/fixtures/other-programs/: the provisioned sample workbook as other programs save it (openpyxl, SheetJS, LibreOffice).
# Needs /usr/bin/python3 with openpyxl (apt-get install python3-openpyxl), soffice (libreoffice-calc-nogui) and the npm
# registry (SheetJS `xlsx` 0.18.5 goes into a scratch folder, never into the project).
set -euo pipefail
cd "$(dirname "$0")/.."
out=test/fixtures/other-programs
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$out"

# The workbook as the function provisions it, with the sample year (fixed seed and day, so the rows are the same every time).
WORKBOOK_PATH="$scratch/provisioned.xlsx" npm run --silent cli -- provision --sample >/dev/null
cp "$scratch/provisioned.xlsx" "$out/provisioned.xlsx"

# openpyxl keeps the header notes in xl/comments/commentN.xml (a layout exceljs cannot read), or drops them when told;
# the third copy is a workbook from a release before the Problems tab, re-saved by openpyxl with its notes.
/usr/bin/python3 - "$scratch/provisioned.xlsx" "$out" <<'PY'
import sys
import openpyxl

source, out = sys.argv[1], sys.argv[2]
workbook = openpyxl.load_workbook(source)
workbook.save(f"{out}/openpyxl-with-notes.xlsx")
del workbook["Problems"]
workbook.save(f"{out}/openpyxl-older-release.xlsx")
workbook = openpyxl.load_workbook(source)
for sheet in workbook.worksheets:
    for row in sheet.iter_rows():
        for cell in row:
            cell.comment = None
workbook.save(f"{out}/openpyxl-without-notes.xlsx")
PY

# SheetJS Community Edition, as a web page or Node script that edits the workbook would save it.
npm install --silent --no-audit --no-fund --no-save --prefix "$scratch/sheetjs" xlsx@0.18.5 >/dev/null
node -e '
const XLSX = require(process.argv[1]);
const workbook = XLSX.readFile(process.argv[2], { cellStyles: true });
XLSX.writeFile(workbook, process.argv[3], { bookType: "xlsx", compression: true });
' "$scratch/sheetjs/node_modules/xlsx" "$scratch/provisioned.xlsx" "$out/sheetjs.xlsx"

# LibreOffice Calc, with a profile of its own so a running LibreOffice (or another conversion) does not get in the way.
mkdir -p "$scratch/libreoffice"
soffice -env:UserInstallation="file://$scratch/lo-profile" --headless --convert-to xlsx --outdir "$scratch/libreoffice" \
  "$scratch/provisioned.xlsx" >/dev/null 2>&1
cp "$scratch/libreoffice/provisioned.xlsx" "$out/libreoffice.xlsx"

ls -l "$out"
