// Creates the local workbook from the templates (optionally with rows, the Summary chart drawn from them), never overwriting one that exists.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { placeSummaryChart, templateWorkbook } from '../adapters/store/xlsx-format.js';
import { durableWrite } from '../adapters/durable-write.js';
import { SUMMARY_CHART_SIZE, summaryChartPng } from '../adapters/chart/summary-chart-png.js';
import { spreadsheetCell } from '../core/cells.js';
import { ALL_TABS, SUMMARY_TAB, tabByName } from '../../../sheets-templates/index.js';
import { columnKinds, recordToCells, templateHeaderRow, indexHeaders, type RowRecord } from '../core/table.js';

export interface ProvisionOptions {
  /** Rows to fill in, by tab name (the sample data, and for a sample year its derived tabs). */
  readonly rows?: ReadonlyMap<string, readonly RowRecord[]>;
  readonly force?: boolean;
}

export type ProvisionResult =
  { readonly created: true; readonly file: string } | { readonly created: false; readonly file: string; readonly reason: string };

export async function provisionWorkbook(file: string, options: ProvisionOptions = {}): Promise<ProvisionResult> {
  const exists = await fs.stat(file).then(
    () => true,
    () => false,
  );
  if (exists && !options.force) return { created: false, file, reason: 'exists' };
  const workbook = await templateWorkbook(ALL_TABS);
  for (const [name, rows] of options.rows ?? []) {
    const tab = tabByName(name);
    const sheet = workbook.getWorksheet(name);
    if (!tab || !sheet) throw new Error(`no tab ${name} in the templates`);
    const header = templateHeaderRow(tab);
    const index = indexHeaders(tab, header);
    const kinds = columnKinds(tab, index);
    for (const record of rows) {
      const cells = recordToCells(index, header.length, record).map((cell, i) => spreadsheetCell(cell, kinds[i]));
      sheet.addRow(cells.map((cell) => cell ?? undefined));
    }
  }
  placeSummaryChart(workbook, await summaryChartPng(options.rows?.get(SUMMARY_TAB.name) ?? []), SUMMARY_CHART_SIZE);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const data = new Uint8Array(await workbook.xlsx.writeBuffer());
  const temp = `${file}.${process.pid}.provision.tmp`;
  await durableWrite(temp, data);
  await fs.rename(temp, file);
  return { created: true, file };
}
