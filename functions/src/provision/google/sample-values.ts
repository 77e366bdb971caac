// The sample rows laid out along each tab's real header row, as value ranges for one RAW values.batchUpdate.
import type { sheets_v4 } from '@googleapis/sheets';
import { tabByName } from '../../../../sheets-templates/index.js';
import { quoteTab } from '../../core/a1.js';
import { indexHeaders, recordToCells, type RowRecord } from '../../core/table.js';
import type { TabPlan } from './sheets-provision-plan.js';

/** Rows start at row 2 of tabs known to be empty; a blank cell is null, which the API leaves alone. */
export function sampleValueRanges(
  tabs: ReadonlyMap<string, TabPlan>,
  rows: ReadonlyMap<string, readonly RowRecord[]>,
): sheets_v4.Schema$ValueRange[] {
  const ranges: sheets_v4.Schema$ValueRange[] = [];
  for (const [name, records] of rows) {
    const tab = tabByName(name);
    const plan = tabs.get(name);
    if (tab === undefined || plan === undefined) throw new Error(`no tab ${name} in the templates`);
    if (records.length === 0) continue;
    const index = indexHeaders(tab, plan.header);
    ranges.push({ range: `${quoteTab(name)}!A2`, values: records.map((record) => recordToCells(index, plan.header.length, record)) });
  }
  return ranges;
}
