// The deployed entry point: functions/src/index.ts registers formsWatch beside training, both built from the environment.
import { promises as fs } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMS_TAB, SCORES_TAB } from '../../sheets-templates/index.js';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { FormsFake } from '../fakes/forms-watch-fake.js';
import { COURSES, TRAINEES } from '../fixtures/world.js';
import { notificationData, postCloudEvent, SCORE_FORM, SCORE_FORM_ID, scoreResponse, TOPIC } from '../fixtures/forms-world.js';

const TOKEN = 'entry-token-0123456789abcdef';
const VARIABLES = ['WORKBOOK_PATH', 'GOOGLE_API_ROOT_URL', 'FORMS_WATCH_TOPIC', 'ADMIN_TOKEN', 'RECOMPUTE_ON_SUBMIT', 'LOG_LEVEL'] as const;
const saved = new Map(VARIABLES.map((name) => [name, process.env[name]]));
let dir: string;
let file: string;
let fake: FormsFake;
const servers: Server[] = [];

async function listen(name: string): Promise<string> {
  const server = getTestServer(name);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'entry-'));
  file = path.join(dir, 'training.xlsx');
  await provisionWorkbook(file, {
    rows: new Map([
      ['Plan', COURSES],
      ['Roster', TRAINEES],
      [FORMS_TAB.name, [{ kind: 'score', form_id: SCORE_FORM_ID, title: '考核成绩登记' }]],
    ]),
  });
  fake = await new FormsFake().start();
  fake.addForm(SCORE_FORM);
  fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-entry-1', '2026-06-15T01:00:01.5Z', { trainee: 'T002', score: '86' }));
  Object.assign(process.env, {
    WORKBOOK_PATH: file,
    GOOGLE_API_ROOT_URL: fake.url,
    FORMS_WATCH_TOPIC: TOPIC,
    ADMIN_TOKEN: TOKEN,
    RECOMPUTE_ON_SUBMIT: 'wait',
    LOG_LEVEL: 'silent',
  });
  await import('../../functions/src/index.js');
});

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await fake.close();
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

describe('functions/src/index.ts', () => {
  it('serves formsWatch: a Pub/Sub notification lands the response in the workbook through GOOGLE_API_ROOT_URL', async () => {
    const base = await listen('formsWatch');
    const response = await postCloudEvent(base, 'msg-entry-1', notificationData(SCORE_FORM_ID, 'msg-entry-1'));
    expect(response.status).toBe(204);
    const tables = await new XlsxSheetStore(file).read([SCORES_TAB.name, FORMS_TAB.name]);
    expect(tables.get(SCORES_TAB.name)?.rows.map((row) => [row.values['submission_id'], row.values['score']])).toEqual([
      ['ACYDBNj-entry-1', 86],
    ]);
    expect(tables.get(FORMS_TAB.name)?.rows[0]?.values['checkpoint']).toBe('2026-06-15T09:00:01.5+08:00');
  });

  it('serves POST /watches/renew on the training function with FORMS_WATCH_TOPIC', async () => {
    const base = await listen('training');
    const response = await fetch(`${base}/watches/renew`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', created: 1 });
    const rows = (await new XlsxSheetStore(file).read([FORMS_TAB.name])).get(FORMS_TAB.name)?.rows ?? [];
    expect(rows[0]?.values['watch_id']).toBe(fake.watches(SCORE_FORM_ID)[0]?.id);
    expect(fake.watches(SCORE_FORM_ID)[0]?.target?.topic?.topicName).toBe(TOPIC);
  });
});
