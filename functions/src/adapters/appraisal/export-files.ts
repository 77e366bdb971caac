// The appraisal export for HR: one period's rows as an .xlsx (exceljs) and a UTF-8 CSV with BOM (csv-stringify), formula-safe.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { APPRAISAL_TAB, columnWidth, headerText, type TabDef } from '../../../../sheets-templates/index.js';
import { neutralised } from '../../core/appraisal/csv-safe.js';
import type { AppraisalRow } from '../../core/appraisal/rows.js';
import { durableWrite } from '../durable-write.js';
import { columnStyle } from '../store/xlsx-format.js';

/** The Appraisal tab's columns without its mark: the export is what HR takes, not our bookkeeping. */
export const EXPORT_TAB: TabDef = {
  ...APPRAISAL_TAB,
  columns: APPRAISAL_TAB.columns.filter((column) => column.key !== 'export_mark' && column.key !== 'exported_at'),
};

type Value = string | number | null;

function grid(rows: readonly AppraisalRow[]): Value[][] {
  const keys = EXPORT_TAB.columns.map((column) => column.key as keyof AppraisalRow);
  return rows.map((row) => keys.map((key) => row[key]));
}

/** CSV for an HR import: BOM so Excel reads the Chinese as UTF-8, CRLF as Excel writes, every text cell quoted and neutralised. */
export function appraisalCsv(rows: readonly AppraisalRow[]): Buffer {
  const header = EXPORT_TAB.columns.map((column) => headerText(column));
  const body = grid(rows).map((cells) => cells.map(neutralised));
  return Buffer.from(stringify([header, ...body], { bom: true, quoted_string: true, record_delimiter: 'windows' }), 'utf8');
}

/** The same rows as one worksheet; values are plain cells (never formulas), times fixed so equal rows give equal bytes. */
export async function appraisalXlsx(rows: readonly AppraisalRow[], period: string, exportedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'cm-training-workflow';
  workbook.created = exportedAt;
  workbook.modified = exportedAt;
  const sheet = workbook.addWorksheet(`${APPRAISAL_TAB.name} ${period}`);
  sheet.columns = EXPORT_TAB.columns.map((column) => ({
    key: column.key,
    width: columnWidth(EXPORT_TAB, column),
    style: columnStyle(EXPORT_TAB, column),
  }));
  const header = sheet.getRow(1);
  header.values = EXPORT_TAB.columns.map((column) => headerText(column));
  header.font = { bold: true };
  header.alignment = { vertical: 'top', wrapText: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const cells of grid(rows)) sheet.addRow(cells);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface ExportFiles {
  readonly xlsx: string;
  readonly csv: string;
}

/** Writes appraisal-<period>.xlsx and .csv into `dir`, each through a temporary file renamed over the old one. */
export async function writeAppraisalFiles(
  dir: string,
  period: string,
  rows: readonly AppraisalRow[],
  exportedAt: Date,
): Promise<ExportFiles> {
  await fs.mkdir(dir, { recursive: true });
  const files = { xlsx: path.join(dir, `appraisal-${period}.xlsx`), csv: path.join(dir, `appraisal-${period}.csv`) };
  const contents: [string, Buffer][] = [
    [files.xlsx, await appraisalXlsx(rows, period, exportedAt)],
    [files.csv, appraisalCsv(rows)],
  ];
  for (const [file, bytes] of contents) {
    const temp = `${file}.${process.pid}.tmp`;
    await durableWrite(temp, bytes);
    await fs.rename(temp, file);
  }
  return files;
}
