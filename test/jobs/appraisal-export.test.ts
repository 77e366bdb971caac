// The export's record on a memory store: once per export run however often it is retried, and refused when the figures moved.
import { describe, expect, it } from 'vitest';
import { APPRAISAL_EXPORTS_TAB, APPRAISAL_TAB } from '../../sheets-templates/index.js';
import { MemorySheetStore } from '../../functions/src/adapters/store/memory-store.js';
import { fixedClock } from '../../functions/src/adapters/system-clock.js';
import { parsePeriod } from '../../functions/src/core/appraisal/period.js';
import { prepareAppraisalExport, recordAppraisalExport } from '../../functions/src/jobs/appraisal-export.js';
import { runRecompute } from '../../functions/src/jobs/recompute.js';
import { APPRAISAL_WORLD } from '../fixtures/appraisal-world.js';

const clock = fixedClock('2026-11-01T09:00:00+08:00');
const Q3 = parsePeriod('2026-Q3');

async function world(): Promise<MemorySheetStore> {
  const store = new MemorySheetStore();
  for (const [name, rows] of APPRAISAL_WORLD) await store.append(name, rows);
  return store;
}

describe('recording an export of 2026-Q3', () => {
  it('appends one row per trainee, and nothing more when the same record is retried', async () => {
    if (Q3 === undefined) throw new Error('no period');
    const store = await world();
    const prepared = await prepareAppraisalExport(store, clock, Q3);
    expect(prepared.exportedAt).toBe('2026-11-01T09:00:00+08:00');
    expect(await recordAppraisalExport(store, clock, Q3, prepared)).toEqual({ status: 'recorded', rows: 2, appended: 2 });
    expect(await recordAppraisalExport(store, clock, Q3, prepared)).toEqual({ status: 'recorded', rows: 2, appended: 0 });
    expect((await store.read([APPRAISAL_EXPORTS_TAB.name])).get(APPRAISAL_EXPORTS_TAB.name)?.rows).toHaveLength(2);
  });

  it('records nothing when the figures changed after the files were written', async () => {
    if (Q3 === undefined) throw new Error('no period');
    const store = await world();
    const prepared = await prepareAppraisalExport(store, clock, Q3);
    // T2's missing session 4 of C1 turns out to be approved leave.
    await store.append('Leave', [
      {
        submission_id: 'leave-2',
        course_id: 'C1',
        trainee_id: 'T2',
        session: 4,
        leave_date: '2026-07-27',
        reason: '病假',
        approval: '已批准',
      },
    ]);
    expect(await recordAppraisalExport(store, clock, Q3, prepared)).toEqual({ status: 'changed' });
    expect((await store.read([APPRAISAL_EXPORTS_TAB.name])).get(APPRAISAL_EXPORTS_TAB.name)?.rows).toHaveLength(0);
  });

  it('keeps the mark through recomputes: the Appraisal tab is rewritten, AppraisalExports is not', async () => {
    if (Q3 === undefined) throw new Error('no period');
    const store = await world();
    await recordAppraisalExport(store, clock, Q3, await prepareAppraisalExport(store, clock, Q3));
    await runRecompute(store, clock);
    await runRecompute(store, clock);
    const marks = () =>
      store
        .read([APPRAISAL_TAB.name])
        .then((tables) => tables.get(APPRAISAL_TAB.name)?.rows.map((row) => [row.values['period'], row.values['export_mark']]));
    expect(await marks()).toEqual([
      ['2026-Q3', '已导出'],
      ['2026-Q3', '已导出'],
      ['2026-Q4', '未导出'],
      ['2026-Q4', '未导出'],
    ]);
    await store.append('Leave', [
      {
        submission_id: 'leave-2',
        course_id: 'C1',
        trainee_id: 'T2',
        session: 4,
        leave_date: '2026-07-27',
        reason: '病假',
        approval: '已批准',
      },
    ]);
    await runRecompute(store, clock);
    expect((await marks())?.[1]).toEqual(['2026-Q3', '已变更']);
  });
});
