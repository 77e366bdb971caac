// The Forms-watch path on a Google spreadsheet, counted at the HTTP level: N new responses are one read and one append.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORMS_TAB, SCORES_TAB } from '../../sheets-templates/index.js';
import { formsApi } from '../../functions/src/adapters/google/forms-api.js';
import { FORMS_RETRY_POLICY, formsClient } from '../../functions/src/adapters/google/forms-client.js';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import type { GoogleSheetsStore } from '../../functions/src/adapters/store/google-sheets-store.js';
import { handleFormsNotification, type FormsWatchDeps } from '../../functions/src/jobs/forms-watch.js';
import { FormsFake } from '../fakes/forms-watch-fake.js';
import type { SheetsFake } from '../fakes/sheets-fake.js';
import { formsGrid, notificationData, SCORE_FORM, SCORE_FORM_ID, scoreResponse } from '../fixtures/forms-world.js';
import { fakeWorld, sheetsStore } from '../fixtures/sheets-world.js';
import { clock, worldStore } from '../fixtures/world.js';

let forms: FormsFake;
let sheets: SheetsFake;
let store: GoogleSheetsStore;
let deps: FormsWatchDeps;

beforeEach(async () => {
  forms = await new FormsFake().start();
  forms.addForm(SCORE_FORM);
  const memory = worldStore();
  memory.setGrid(FORMS_TAB.name, formsGrid([{ kind: 'score', form_id: SCORE_FORM_ID, title: '考核成绩登记' }]));
  sheets = await fakeWorld(memory);
  store = sheetsStore(sheets);
  deps = {
    store,
    forms: formsApi(formsClient({ googleApiRootUrl: forms.url }, { ...FORMS_RETRY_POLICY, tries: 1 })),
    clock,
    logger: memoryLogger(),
    recomputeAfterSubmit: () => Promise.resolve(),
  };
});

afterEach(async () => {
  await forms.close();
  await sheets.close();
});

/**
 * Up to `count` of eight scored attempts, oldest first, each after the one before: T002's two components in
 * C-PRO-CORP (three attempts allowed) and T004's exam in C-PRO-RETAIL (two); `tooMany` adds T004's third, refused.
 */
function attempts(count: number, tooMany = false): { id: string; attempt: number }[] {
  const plan = [
    ...['考试', '项目作业'].flatMap((component) =>
      [1, 2, 3].map((attempt) => ({ trainee: 'T002', course: 'C-PRO-CORP', component, attempt })),
    ),
    ...[1, 2, ...(tooMany ? [3] : [])].map((attempt) => ({ trainee: 'T004', course: 'C-PRO-RETAIL', component: '考试', attempt })),
  ].slice(0, count);
  return plan.map(({ attempt, ...answers }, i) => {
    const id = `ACYDBNj-${answers.trainee}-${answers.course}-${i}`;
    const at = `2026-06-15T01:00:${String(10 + i)}Z`;
    forms.submit(SCORE_FORM_ID, scoreResponse(id, at, { ...answers, attempt: String(attempt), score: '55' }));
    return { id, attempt };
  });
}

/** The Sheets calls made, by what they touch. */
function sheetsCalls() {
  const calls = sheets.http.calls;
  const batchGets = calls.filter((call) => call.method === 'GET' && call.path.endsWith('/values:batchGet'));
  const appends = calls.filter((call) => call.method === 'POST' && JSON.stringify(call.body ?? {}).includes('"appendCells"'));
  return {
    reads: sheets.reads(),
    writes: sheets.writes(),
    // The submission read names Rejected (whole or by its tail); other reads fetch only its header row ('Rejected!1:1').
    submissionReads: batchGets.filter((call) => call.query.getAll('ranges').some((range) => /^'?Rejected'?(!A|$)/.test(range))).length,
    appends: appends.length,
    appendedRows: appends.flatMap((call) =>
      ((call.body as { requests: { appendCells?: { rows: unknown[] } }[] }).requests ?? []).flatMap(
        (request) => request.appendCells?.rows ?? [],
      ),
    ).length,
  };
}

describe('new responses of a form on a Google spreadsheet, on a warm instance', () => {
  beforeEach(async () => {
    // Warm: the layout is fetched and the tabs read once, as on an instance that has handled a notification before.
    await store.read([FORMS_TAB.name, SCORES_TAB.name]);
    sheets.resetCalls();
  });

  it.each([1, 8])('%i new responses, each attempt after the one before: one read and one append store them all', async (count) => {
    const expected = attempts(count);
    const outcome = await handleFormsNotification(notificationData(SCORE_FORM_ID, 'msg-1'), deps);
    const calls = sheetsCalls();
    expect(outcome).toMatchObject({ outcome: 'processed', accepted: count, duplicate: 0, rejected: 0 });
    const scores = (await store.read([SCORES_TAB.name])).get(SCORES_TAB.name)?.rows ?? [];
    expect(scores.map((row) => ({ id: row.values['submission_id'], attempt: row.values['attempt'] }))).toEqual(expected);
    // Besides them: the Forms tab and Settings read first, and the checkpoint (read again, then one write).
    expect(calls).toMatchObject({ submissionReads: 1, appends: 1, appendedRows: count });
    expect({ reads: calls.reads, writes: calls.writes }).toEqual({ reads: 3, writes: 2 });
  });

  it('a batch with a refused response: one read, one append of the accepted rows, one of the rejection', async () => {
    const all = attempts(9, true);
    const outcome = await handleFormsNotification(notificationData(SCORE_FORM_ID, 'msg-1'), deps);
    const calls = sheetsCalls();
    expect(outcome).toMatchObject({ outcome: 'processed', accepted: 8, rejected: 1 });
    expect(calls).toMatchObject({ submissionReads: 1, appends: 2, appendedRows: 9 });
    expect({ reads: calls.reads, writes: calls.writes }).toEqual({ reads: 3, writes: 3 });
    expect(
      sheets
        .values('Rejected')
        .slice(1)
        .map((row) => [row[2], row[6]]),
    ).toEqual([[all[8]?.id, '考核次数：本课程最多考核 2 次']]);
  });
});
