// Lays a tab definition out as an exceljs worksheet: header row, widths, dropdowns, frozen header, protection.
import ExcelJS from 'exceljs';
import { ALL_TABS, SETTINGS, SETTINGS_TAB, headerText, values, type ColumnDef, type TabDef } from '../../../../sheets-templates/index.js';
import { columnToLetter } from '../../core/a1.js';

/** Rows that carry dropdown validation; kept bounded because exceljs expands ranges cell by cell on read. */
export const VALIDATED_ROWS = 2000;

const SOURCE_FILL = 'FFDDEBF7';
const DERIVED_FILL = 'FFE2EFDA';

function validationFor(column: ColumnDef): ExcelJS.DataValidation | undefined {
  const type = column.type;
  const error = `${column.label.zh} ${column.label.en}`;
  switch (type.kind) {
    case 'choice': {
      const list = values(type.choices).join(',');
      // Excel's inline list is limited to 255 characters.
      if (list.length > 255) return undefined;
      return {
        type: 'list',
        allowBlank: !column.required,
        formulae: [`"${list}"`],
        showErrorMessage: true,
        errorTitle: error,
        error: list,
      };
    }
    case 'integer':
    case 'number':
      return {
        type: type.kind === 'integer' ? 'whole' : 'decimal',
        operator: 'between',
        allowBlank: !column.required,
        formulae: [type.min, type.max],
        showErrorMessage: true,
        errorTitle: error,
        error: `${type.min} – ${type.max}`,
      };
    default:
      return undefined;
  }
}

/** exceljs keeps sheet validations in `dataValidations`, which its type declarations leave out. */
export interface SheetValidations {
  model: Record<string, ExcelJS.DataValidation | undefined>;
  add(address: string, validation: ExcelJS.DataValidation): void;
}

export function sheetValidations(sheet: ExcelJS.Worksheet): SheetValidations {
  return (sheet as unknown as { dataValidations: SheetValidations }).dataValidations;
}

/** Put a tab's layout on a worksheet that has no header yet. */
export async function layOutTab(sheet: ExcelJS.Worksheet, tab: TabDef): Promise<void> {
  sheet.columns = tab.columns.map((column) => ({ key: column.key, width: column.width ?? 14 }));
  const header = sheet.getRow(1);
  tab.columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = headerText(column);
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: tab.role === 'source' ? SOURCE_FILL : DERIVED_FILL } };
    cell.alignment = { vertical: 'middle', wrapText: true };
    if (column.note) cell.note = `${column.note.zh}\n${column.note.en}`;
  });
  header.height = 32;
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: tab.columns.length } };

  if (tab.role === 'source') {
    tab.columns.forEach((column, i) => {
      const validation = validationFor(column);
      const letter = columnToLetter(i + 1);
      if (validation) sheetValidations(sheet).add(`${letter}2:${letter}${VALIDATED_ROWS}`, validation);
    });
  } else {
    // Derived tabs are rewritten by every recompute; protection tells staff an edit there would be lost.
    await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, autoFilter: true, sort: true, formatColumns: true });
  }
  if (tab.name === 'Grades') {
    const band = tab.columns.findIndex((column) => column.key === 'band');
    if (band >= 0) {
      const letter = columnToLetter(band + 1);
      sheet.addConditionalFormatting({
        ref: `${letter}2:${letter}${VALIDATED_ROWS * 50}`,
        rules: [
          {
            type: 'containsText',
            operator: 'containsText',
            text: '不合格',
            priority: 1,
            style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFF8CBAD' } } },
          },
        ],
      });
    }
  }
}

/** A new workbook with every tab laid out and the Settings tab holding the defaults. */
export async function templateWorkbook(tabs: readonly TabDef[] = ALL_TABS): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'cm-training-workflow';
  workbook.created = new Date(0);
  for (const tab of tabs) {
    const sheet = workbook.addWorksheet(tab.name, { properties: { tabColor: { argb: tab.role === 'source' ? 'FF5B9BD5' : 'FF70AD47' } } });
    await layOutTab(sheet, tab);
    if (tab.name === SETTINGS_TAB.name) {
      for (const setting of SETTINGS) sheet.addRow([setting.key, setting.default, `${setting.label.zh} ${setting.label.en}`]);
    }
  }
  return workbook;
}
