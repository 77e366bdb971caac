// Many entries at once (the Forms watch's new responses): one read, each judged in order, then one append per tab written.
import { REJECTED_TAB, ROSTER_TAB } from '../../../sheets-templates/index.js';
import type { Cell } from '../core/cells.js';
import { parseRoster } from '../core/model.js';
import type { RowRecord, Table } from '../core/table.js';
import { indexRoster } from '../core/validate-submission.js';
import type { Clock, SheetStore } from '../ports.js';
import { groundsFrom, judge, kindOf, submissionTabs, type Grounds, type Intake, type SubmitResult, type Verdict } from './submit.js';

/** The grounds with a row the batch is about to append: later entries see it as if it were stored. */
function withRow(grounds: Grounds, tab: string, row: RowRecord): Grounds {
  const table = grounds.tables.get(tab);
  if (!table) return grounds;
  const last = table.rows.at(-1)?.rowNumber ?? 1;
  const values = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value ?? null])) as Record<string, Cell>;
  const grown: Table = { ...table, rows: [...table.rows, { rowNumber: last + 1, values }] };
  const tables = new Map(grounds.tables).set(tab, grown);
  // An enrollment lands in the Roster: a later entry of the batch may be that trainee's.
  const roster = tab === ROSTER_TAB.name ? indexRoster(parseRoster(grown, grounds.settings.time_zone).rows) : grounds.roster;
  return { ...grounds, tables, roster };
}

/**
 * Judge the entries (each kept, if rejected, as it re-serialises) in order against what is stored plus what the earlier entries of the batch will store (so an
 * attempt 2 following an attempt 1 of the same batch is accepted, and an id twice is one row), then append the
 * accepted rows of each tab in one call and the Rejected rows in one more. Nothing is written until every entry
 * is judged, and the accepted rows go first: a failure before they are stored stores none of the batch, and a
 * redelivery judges it afresh; a failure after finds them as duplicates.
 */
export async function submitBatch(
  bodies: readonly Readonly<Record<string, unknown>>[],
  store: SheetStore,
  clock: Clock,
  intake: Omit<Intake, 'raw'>,
): Promise<SubmitResult[]> {
  if (bodies.length === 0) return [];
  const kinds = bodies.map(kindOf);
  const { names, appendOnly } = submissionTabs(kinds);
  const tables = await store.read(names, { appendOnly });
  const secret = kinds.includes('attendance') ? await intake.checkinSecret?.() : undefined;
  let grounds = groundsFrom(tables, intake.receivedAt, secret);
  const verdicts: Verdict[] = [];
  for (const body of bodies) {
    const verdict = judge(body, grounds, clock, intake);
    verdicts.push(verdict);
    if ('row' in verdict) grounds = withRow(grounds, verdict.tab, verdict.row);
    else if ('rejection' in verdict && verdict.rejection) grounds = withRow(grounds, REJECTED_TAB.name, verdict.rejection);
  }
  const skipped = await appendAccepted(verdicts, store);
  const rejections = verdicts.flatMap((verdict) => ('rejection' in verdict && verdict.rejection ? [verdict.rejection] : []));
  if (rejections.length > 0) await store.append(REJECTED_TAB.name, rejections);
  // An id the store already held (a delivery racing this one) was not written again: that entry is a duplicate.
  return verdicts.map((verdict) =>
    'row' in verdict && skipped.has(verdict.result.id) ? { ...verdict.result, status: 'duplicate' } : verdict.result,
  );
}

/** One append per target tab, rows in the batch's order; answers the submission ids the store skipped as present. */
async function appendAccepted(verdicts: readonly Verdict[], store: SheetStore): Promise<Set<string>> {
  const byTab = new Map<string, RowRecord[]>();
  for (const verdict of verdicts) if ('row' in verdict) byTab.set(verdict.tab, [...(byTab.get(verdict.tab) ?? []), verdict.row]);
  const skipped = new Set<string>();
  for (const [tab, rows] of byTab) {
    const written = await store.append(tab, rows, { uniqueBy: 'submission_id' });
    for (const id of written.skipped) skipped.add(id);
  }
  return skipped;
}
