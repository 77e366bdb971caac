// The sample year as a whole workbook's rows: the source tabs of sample-data and the derived tabs a recompute makes of them.
import { MemorySheetStore } from '../adapters/store/memory-store.js';
import { ALL_TABS } from '../../../sheets-templates/index.js';
import type { RowRecord } from '../core/table.js';
import type { CertificateDeps } from '../jobs/certificates.js';
import { runRecompute } from '../jobs/recompute.js';
import type { Clock } from '../ports.js';
import { sampleRows } from './sample-data.js';

/**
 * Every tab's rows for a new sample workbook, so that it opens with grades, the Summary and its chart
 * already there (the same rows `recompute` would write now), not with empty derived tabs; with `certificates`,
 * the certificates the sample year calls for too, their PDFs stored where the server keeps them.
 */
export async function sampleWorkbookRows(clock: Clock, certificates?: CertificateDeps): Promise<Map<string, readonly RowRecord[]>> {
  const store = new MemorySheetStore();
  for (const [name, rows] of sampleRows()) await store.append(name, rows);
  await runRecompute(store, clock, certificates);
  const tables = await store.read(ALL_TABS.map((tab) => tab.name));
  const rows = new Map<string, readonly RowRecord[]>();
  for (const [name, table] of tables)
    if (table.rows.length > 0)
      rows.set(
        name,
        table.rows.map((row) => row.values),
      );
  return rows;
}
