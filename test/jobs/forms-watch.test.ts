// The formsWatch CloudEvent function through the Functions Framework, against a local Forms API fake and a memory workbook.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORMS_TAB, GRADES_TAB, REJECTED_TAB, SCORES_TAB } from '../../sheets-templates/index.js';
import { formsApi } from '../../functions/src/adapters/google/forms-api.js';
import { FORMS_RETRY_POLICY, formsClient } from '../../functions/src/adapters/google/forms-client.js';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import type { MemorySheetStore } from '../../functions/src/adapters/store/memory-store.js';
import { createApp } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import type { Table, RowRecord } from '../../functions/src/core/table.js';
import { type AppendOptions, type AppendResult, type SheetStore, StoreError } from '../../functions/src/ports.js';
import { FormsFake } from '../fakes/forms-watch-fake.js';
import { clock, worldStore } from '../fixtures/world.js';
import { formsGrid, notificationData, postCloudEvent, SCORE_FORM, SCORE_FORM_ID, scoreResponse } from '../fixtures/forms-world.js';

/** A store that fails chosen calls once with a transient StoreError, as the Sheets API does under quota. */
class FlakyStore implements SheetStore {
  private failures: { method: 'read' | 'append' | 'replace'; after: number; code: 'RATE_LIMITED' | 'UNAVAILABLE' }[] = [];
  private readonly seen = { read: 0, append: 0, replace: 0 };

  constructor(readonly inner: MemorySheetStore) {}

  /** The next call of `method` after `after` more successful ones fails. */
  failOnce(method: 'read' | 'append' | 'replace', after: number, code: 'RATE_LIMITED' | 'UNAVAILABLE' = 'UNAVAILABLE'): void {
    this.seen[method] = 0;
    this.failures.push({ method, after, code });
  }

  private check(method: 'read' | 'append' | 'replace'): void {
    const failure = this.failures.find((entry) => entry.method === method);
    if (failure && this.seen[method] === failure.after) {
      this.failures = this.failures.filter((entry) => entry !== failure);
      throw new StoreError(failure.code, `injected ${failure.code}`);
    }
    this.seen[method] += 1;
  }

  async read(tabs: readonly string[]): Promise<ReadonlyMap<string, Table>> {
    this.check('read');
    return await this.inner.read(tabs);
  }

  async append(tab: string, rows: readonly RowRecord[], options?: AppendOptions): Promise<AppendResult> {
    this.check('append');
    return await this.inner.append(tab, rows, options);
  }

  async replace(tables: ReadonlyMap<string, readonly RowRecord[]>): Promise<void> {
    this.check('replace');
    await this.inner.replace(tables);
  }
}

let registered = 0;
let fake: FormsFake;
let memory: MemorySheetStore;
let store: FlakyStore;
let server: Server;
let base: string;
let logger: ReturnType<typeof memoryLogger>;

async function startFunction(): Promise<void> {
  logger = memoryLogger();
  // Retries inside a call are off: here the redelivery by Pub/Sub is what is tested, and tests do not sleep.
  const forms = formsApi(formsClient({ googleApiRootUrl: fake.url }, { ...FORMS_RETRY_POLICY, tries: 1 }));
  const app = createApp(loadConfig({ STORE: 'memory', RECOMPUTE_ON_SUBMIT: 'wait' }), { store, clock, logger, forms });
  registered += 1;
  const name = `formsWatch-under-test-${registered}`;
  functions.cloudEvent(name, app.formsWatch);
  server = getTestServer(name);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeEach(async () => {
  fake = await new FormsFake().start();
  fake.addForm(SCORE_FORM);
  memory = worldStore();
  memory.setGrid(FORMS_TAB.name, formsGrid([{ kind: 'score', form_id: SCORE_FORM_ID, title: '考核成绩登记' }]));
  store = new FlakyStore(memory);
  await startFunction();
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fake.close();
});

const scoreIds = async () =>
  ((await memory.read([SCORES_TAB.name])).get(SCORES_TAB.name)?.rows ?? []).map((row) => row.values['submission_id']);
const scoreOf = async (id: string) =>
  ((await memory.read([SCORES_TAB.name])).get(SCORES_TAB.name)?.rows ?? []).find((row) => row.values['submission_id'] === id)?.values[
    'score'
  ];
const formsRow = async () => (await memory.read([FORMS_TAB.name])).get(FORMS_TAB.name)?.rows[0]?.values ?? {};
const listFilters = () => fake.http.calls.filter((call) => call.path.endsWith('/responses')).map((call) => call.query.get('filter'));
const callsOf = (method: string, tab: string) => memory.calls.filter((call) => call.method === method && call.tabs.includes(tab)).length;
const responseLines = (id: string) => logger.lines.filter((line) => line['message'] === 'form response' && line['id'] === id);

/** Three responses submitted a few seconds apart, given to the fake out of order; two pages of two. */
function threeResponses(): void {
  fake.submit(
    SCORE_FORM_ID,
    scoreResponse('ACYDBNj-resp-2', '2026-06-15T01:00:02.000002Z', { trainee: 'T002', component: '项目作业', score: '91' }),
  );
  fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-resp-1', '2026-06-15T01:00:01.000001Z', { trainee: 'T002', score: '88' }));
  fake.submit(
    SCORE_FORM_ID,
    scoreResponse('ACYDBNj-resp-3', '2026-06-15T01:00:03.123456789Z', { trainee: 'T004', course: 'C-PRO-RETAIL', score: '75' }),
  );
}

describe('a RESPONSES notification for a form in the Forms tab', () => {
  it('stores every new response once, oldest first, moves the checkpoint and regrades', async () => {
    threeResponses();
    const response = await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'));
    expect(response.status).toBe(204);
    expect(await scoreIds()).toEqual(['ACYDBNj-resp-1', 'ACYDBNj-resp-2', 'ACYDBNj-resp-3']);
    expect(await scoreOf('ACYDBNj-resp-2')).toBe(91);
    // The first run has no checkpoint: every response of the form, read in two pages of the same (absent) filter.
    expect(listFilters()).toEqual([null, null]);
    expect(fake.http.calls.find((call) => call.path.endsWith('/responses'))?.query.get('pageSize')).toBe('500');
    // The latest submission time, in the Settings zone, to the nanosecond the API gave.
    expect(await formsRow()).toMatchObject({ checkpoint: '2026-06-15T09:00:03.123456789+08:00', updated_at: '2026-06-15T10:00:00+08:00' });
    expect(callsOf('replace', GRADES_TAB.name)).toBe(1);
    expect(logger.lines.find((line) => line['message'] === 'forms notification processed')).toMatchObject({
      formId: SCORE_FORM_ID,
      kind: 'score',
      listed: 3,
      accepted: 3,
    });
  });

  it('takes a CloudEvent in structured content mode the same way', async () => {
    threeResponses();
    const response = await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'), 'structured');
    expect(response.status).toBe(204);
    expect(await scoreIds()).toHaveLength(3);
  });

  it('changes nothing when the same notification comes twice', async () => {
    threeResponses();
    await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'));
    const before = {
      scores: await scoreIds(),
      forms: await formsRow(),
      appends: callsOf('append', SCORES_TAB.name),
      replaces: memory.calls.filter((call) => call.method === 'replace').length,
    };

    const again = await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'));
    expect(again.status).toBe(204);
    // Listed from the checkpoint on: the response at the checkpoint comes back and is a duplicate.
    expect(listFilters().at(-1)).toBe('timestamp >= 2026-06-15T01:00:03.123456789Z');
    expect(responseLines('ACYDBNj-resp-3').map((line) => line['outcome'])).toEqual(['accepted', 'duplicate']);
    expect(await scoreIds()).toEqual(before.scores);
    expect(await formsRow()).toEqual(before.forms);
    expect(callsOf('append', SCORES_TAB.name)).toBe(before.appends);
    expect(memory.calls.filter((call) => call.method === 'replace').length).toBe(before.replaces);
  });

  it('changes nothing when an older notification arrives after a newer one', async () => {
    fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-resp-1', '2026-06-15T01:00:01Z', { trainee: 'T002', score: '88' }));
    // Notification 1 (for resp-1) is delayed; resp-2 and its notification 2 arrive first.
    fake.submit(
      SCORE_FORM_ID,
      scoreResponse('ACYDBNj-resp-2', '2026-06-15T01:00:02Z', { trainee: 'T002', component: '项目作业', score: '91' }),
    );
    await postCloudEvent(base, 'msg-2', notificationData(SCORE_FORM_ID, 'msg-2', 'RESPONSES', '2026-06-15T01:00:02.500Z'));
    expect(await scoreIds()).toEqual(['ACYDBNj-resp-1', 'ACYDBNj-resp-2']);
    const after = await formsRow();

    const late = await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1', 'RESPONSES', '2026-06-15T01:00:01.500Z'));
    expect(late.status).toBe(204);
    expect(await scoreIds()).toEqual(['ACYDBNj-resp-1', 'ACYDBNj-resp-2']);
    expect(await formsRow()).toEqual(after);
    expect(after['checkpoint']).toBe('2026-06-15T09:00:02+08:00');
  });

  it('processes a response listed on two pages once', async () => {
    threeResponses();
    // Newest first and paged by position: a response arriving after the first page pushes the last
    // response of that page onto the second page too.
    fake.afterPage = (formId, page) => {
      if (page === 1)
        fake.submit(
          formId,
          scoreResponse('ACYDBNj-resp-4', '2026-06-15T01:00:04Z', {
            trainee: 'T004',
            course: 'C-PRO-RETAIL',
            component: '考试',
            attempt: '2',
            score: '80',
          }),
        );
    };
    await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'));
    const listedTwice = 'ACYDBNj-resp-2';
    expect(fake.pagesServed).toEqual([
      ['ACYDBNj-resp-3', listedTwice],
      [listedTwice, 'ACYDBNj-resp-1'],
    ]);
    expect(responseLines(listedTwice)).toHaveLength(1);
    expect(await scoreIds()).toEqual(['ACYDBNj-resp-1', 'ACYDBNj-resp-2', 'ACYDBNj-resp-3']);

    // The newcomer was not on this run's pages; its own notification brings it in.
    fake.afterPage = undefined;
    await postCloudEvent(base, 'msg-2', notificationData(SCORE_FORM_ID, 'msg-2'));
    expect(await scoreIds()).toEqual(['ACYDBNj-resp-1', 'ACYDBNj-resp-2', 'ACYDBNj-resp-3', 'ACYDBNj-resp-4']);
  });

  it('reads a response submitted in the very instant of the checkpoint but listed only later', async () => {
    fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-resp-1', '2026-06-15T01:00:01.000001Z', { trainee: 'T002', score: '88' }));
    await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'));
    fake.submit(
      SCORE_FORM_ID,
      scoreResponse('ACYDBNj-resp-2', '2026-06-15T01:00:01.000001Z', { trainee: 'T002', component: '项目作业', score: '91' }),
    );
    await postCloudEvent(base, 'msg-2', notificationData(SCORE_FORM_ID, 'msg-2'));
    expect(await scoreIds()).toEqual(['ACYDBNj-resp-1', 'ACYDBNj-resp-2']);
  });

  it('treats a response edited later as a duplicate and keeps what was stored', async () => {
    fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-resp-1', '2026-06-15T01:00:01Z', { trainee: 'T002', score: '88' }));
    await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'));
    fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-resp-1', '2026-06-15T01:30:00Z', { trainee: 'T002', score: '98' }));
    await postCloudEvent(base, 'msg-2', notificationData(SCORE_FORM_ID, 'msg-2'));
    expect(responseLines('ACYDBNj-resp-1').map((line) => line['outcome'])).toEqual(['accepted', 'duplicate']);
    expect(await scoreOf('ACYDBNj-resp-1')).toBe(88);
    expect((await formsRow())['checkpoint']).toBe('2026-06-15T09:30:00+08:00');
  });

  it('keeps a response that breaks a rule in Rejected and still moves past it', async () => {
    fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-resp-bad', '2026-06-15T01:00:01Z', { trainee: 'T002', score: '150' }));
    expect((await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'))).status).toBe(204);
    const rejected = (await memory.read([REJECTED_TAB.name])).get(REJECTED_TAB.name)?.rows ?? [];
    expect(rejected.map((row) => [row.values['submission_id'], row.values['reasons']])).toEqual([
      ['ACYDBNj-resp-bad', '分数：必须在 0 到 100 之间'],
    ]);
    expect((await formsRow())['checkpoint']).toBe('2026-06-15T09:00:01+08:00');
  });
});

describe('new responses in one batch', () => {
  it('are read once and appended in one call, whatever their number', async () => {
    threeResponses();
    const before = memory.calls.length;
    expect((await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'))).status).toBe(204);
    const made = memory.calls.slice(before);
    // The recompute the watch asks for afterwards reads the source tabs too, but never Rejected.
    expect(made.filter((call) => call.method === 'read' && call.tabs.includes(REJECTED_TAB.name))).toHaveLength(1);
    expect(made.filter((call) => call.method === 'append')).toEqual([{ method: 'append', tabs: [SCORES_TAB.name], rows: 3 }]);
  });

  it('accept attempt 1 and attempt 2 of the same trainee, the second judged against the first', async () => {
    fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-att-1', '2026-06-15T01:00:01Z', { trainee: 'T002', attempt: '1', score: '50' }));
    fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-att-2', '2026-06-15T01:00:02Z', { trainee: 'T002', attempt: '2', score: '80' }));
    expect((await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'))).status).toBe(204);
    expect(await scoreIds()).toEqual(['ACYDBNj-att-1', 'ACYDBNj-att-2']);
    expect(responseLines('ACYDBNj-att-2').map((line) => line['outcome'])).toEqual(['accepted']);
    expect((await memory.read([REJECTED_TAB.name])).get(REJECTED_TAB.name)?.rows).toEqual([]);
  });

  it('refuse an attempt 2 whose attempt 1 the same batch rejected, with the reason, and keep both in Rejected', async () => {
    fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-att-1', '2026-06-15T01:00:01Z', { trainee: 'T002', attempt: '1', score: '150' }));
    fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-att-2', '2026-06-15T01:00:02Z', { trainee: 'T002', attempt: '2', score: '80' }));
    expect((await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'))).status).toBe(204);
    expect(await scoreIds()).toEqual([]);
    const rejected = (await memory.read([REJECTED_TAB.name])).get(REJECTED_TAB.name)?.rows ?? [];
    expect(rejected.map((row) => [row.values['submission_id'], row.values['reasons']])).toMatchInlineSnapshot(`
      [
        [
          "ACYDBNj-att-1",
          "分数：必须在 0 到 100 之间",
        ],
        [
          "ACYDBNj-att-2",
          "考核次数：第 1 次考核成绩尚未录入，不能录入第 2 次",
        ],
      ]
    `);
    expect((await formsRow())['checkpoint']).toBe('2026-06-15T09:00:02+08:00');
  });

  it('store an attempt given twice in the batch under two ids once, the second refused as already recorded', async () => {
    fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-twice-1', '2026-06-15T01:00:01Z', { trainee: 'T002', score: '88' }));
    fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-twice-2', '2026-06-15T01:00:02Z', { trainee: 'T002', score: '89' }));
    expect((await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'))).status).toBe(204);
    expect(await scoreIds()).toEqual(['ACYDBNj-twice-1']);
    const rejected = (await memory.read([REJECTED_TAB.name])).get(REJECTED_TAB.name)?.rows ?? [];
    expect(rejected.map((row) => row.values['submission_id'])).toEqual(['ACYDBNj-twice-2']);
  });
});

describe('notifications that are acknowledged without work', () => {
  it.each([
    {
      name: 'a SCHEMA notification',
      data: notificationData(SCORE_FORM_ID, 'msg-1', 'SCHEMA'),
      level: 'INFO',
      message: 'forms notification ignored',
    },
    {
      name: 'a form the Forms tab does not list',
      data: notificationData('1FAIpQLSd-someone-elses', 'msg-1'),
      level: 'WARNING',
      message: 'forms notification for a form the Forms tab does not list; acknowledged',
    },
    {
      name: 'a message that is no Forms notification',
      data: { message: { data: 'aGVsbG8=', messageId: '1' } },
      level: 'WARNING',
      message: 'forms notification ignored',
    },
  ])('$name', async ({ data, level, message }) => {
    threeResponses();
    const response = await postCloudEvent(base, 'msg-1', data);
    expect(response.status).toBe(204);
    expect(fake.http.calls).toHaveLength(0);
    expect(await scoreIds()).toEqual([]);
    expect(logger.lines.find((line) => line['message'] === message)).toMatchObject({ severity: level });
  });

  it('a Forms tab row whose kind is not a submission kind: logged as an error for staff to fix', async () => {
    memory.setGrid(FORMS_TAB.name, formsGrid([{ kind: 'grades', form_id: SCORE_FORM_ID, title: '考核成绩登记' }]));
    threeResponses();
    expect((await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'))).status).toBe(204);
    expect(await scoreIds()).toEqual([]);
    expect(logger.lines.find((line) => line['severity'] === 'ERROR')?.['message']).toContain('names no submission kind');
  });

  it('a form the service account may not read (403): acknowledged, logged with what to do, checkpoint kept', async () => {
    threeResponses();
    fake.http.failNext(1, { kind: 'status', status: 403 });
    expect((await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'))).status).toBe(204);
    expect(await scoreIds()).toEqual([]);
    expect((await formsRow())['checkpoint']).toBeNull();
    const line = logger.lines.find((entry) => entry['severity'] === 'ERROR');
    expect(line).toMatchObject({ code: 'NOT_AUTHORIZED', formId: SCORE_FORM_ID });
    expect(line?.['error']).toContain("share the form as editor with the functions' service account");
  });
});

describe('a transient failure', () => {
  it.each([
    {
      name: 'the Forms API answering 503',
      inject: () => fake.http.failNext(1, { kind: 'status', status: 503 }, (call) => call.path.endsWith('/responses')),
    },
    { name: 'the Forms API quota (429)', inject: () => fake.http.failNext(1, { kind: 'status', status: 429 }) },
    { name: 'the workbook rate-limited on the first read', inject: () => store.failOnce('read', 0, 'RATE_LIMITED') },
  ])('$name fails the delivery, and the redelivery stores every response', async ({ inject }) => {
    threeResponses();
    inject();
    const first = await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'));
    expect(first.status).toBe(500);
    expect(await scoreIds()).toEqual([]);
    expect((await formsRow())['checkpoint']).toBeNull();

    const redelivered = await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'));
    expect(redelivered.status).toBe(204);
    expect(await scoreIds()).toEqual(['ACYDBNj-resp-1', 'ACYDBNj-resp-2', 'ACYDBNj-resp-3']);
    expect((await formsRow())['checkpoint']).toBe('2026-06-15T09:00:03.123456789+08:00');
  });

  it('on the one append: nothing of the batch is stored, the checkpoint stays, and the redelivery stores all and regrades', async () => {
    threeResponses();
    store.failOnce('append', 0);
    expect((await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'))).status).toBe(500);
    expect(await scoreIds()).toEqual([]);
    expect((await formsRow())['checkpoint']).toBeNull();
    expect(callsOf('replace', GRADES_TAB.name)).toBe(0);

    expect((await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'))).status).toBe(204);
    expect(await scoreIds()).toEqual(['ACYDBNj-resp-1', 'ACYDBNj-resp-2', 'ACYDBNj-resp-3']);
    expect(callsOf('replace', GRADES_TAB.name)).toBe(1);
  });

  it('on the Rejected append after the accepted rows: the redelivery keeps the rejection once, stores no row twice, and regrades', async () => {
    threeResponses();
    fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-resp-bad', '2026-06-15T01:00:04Z', { trainee: 'T002', score: '150' }));
    // The batch appends its accepted rows first, then its rejections: the second append fails.
    store.failOnce('append', 1);
    expect((await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'))).status).toBe(500);
    expect(await scoreIds()).toEqual(['ACYDBNj-resp-1', 'ACYDBNj-resp-2', 'ACYDBNj-resp-3']);
    expect((await formsRow())['checkpoint']).toBeNull();

    expect((await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'))).status).toBe(204);
    expect(await scoreIds()).toEqual(['ACYDBNj-resp-1', 'ACYDBNj-resp-2', 'ACYDBNj-resp-3']);
    const rejected = (await memory.read([REJECTED_TAB.name])).get(REJECTED_TAB.name)?.rows ?? [];
    expect(rejected.map((row) => row.values['submission_id'])).toEqual(['ACYDBNj-resp-bad']);
    expect((await formsRow())['checkpoint']).toBe('2026-06-15T09:00:04+08:00');
    expect(callsOf('replace', GRADES_TAB.name)).toBe(1);
  });

  it('on the checkpoint write: the redelivery finds only duplicates, moves the checkpoint and regrades', async () => {
    threeResponses();
    store.failOnce('replace', 0);
    expect((await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'))).status).toBe(500);
    expect(await scoreIds()).toHaveLength(3);
    expect((await formsRow())['checkpoint']).toBeNull();

    expect((await postCloudEvent(base, 'msg-1', notificationData(SCORE_FORM_ID, 'msg-1'))).status).toBe(204);
    expect((await formsRow())['checkpoint']).toBe('2026-06-15T09:00:03.123456789+08:00');
    expect(callsOf('replace', GRADES_TAB.name)).toBe(1);
  });
});
