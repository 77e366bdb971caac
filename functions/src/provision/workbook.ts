// Creates the local workbook from the templates (optionally with sample data), never overwriting one that exists.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { templateWorkbook } from '../adapters/store/xlsx-format.js';
import { durableWrite } from '../adapters/durable-write.js';
import { ALL_TABS, tabByName } from '../../../sheets-templates/index.js';
import { recordToCells, templateHeaderRow, indexHeaders, type RowRecord } from '../core/table.js';

export interface ProvisionOptions {
  /** Rows to fill in, by tab name (the sample data). */
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
    for (const record of rows) sheet.addRow(recordToCells(index, header.length, record).map((cell) => cell ?? undefined));
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  const data = new Uint8Array(await workbook.xlsx.writeBuffer());
  const temp = `${file}.${process.pid}.provision.tmp`;
  await durableWrite(temp, data);
  await fs.rename(temp, file);
  return { created: true, file };
}
