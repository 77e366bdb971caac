// Fuzzing POST /submissions with hostile JSON: always a clear 4xx or a row stored as plain text; never a 500, a formula or a crash.
import { promises as fs } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { MemorySheetStore } from '../../functions/src/adapters/store/memory-store.js';
import { createApp, type App } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { PLAN_TAB, ROSTER_TAB, SETTINGS_TAB } from '../../sheets-templates/index.js';
import { clock, gridOf, settingsGrid, submission } from '../fixtures/world.js';
import { LOAD_COURSE, loadPlan, loadRoster } from './load-world.js';
import { reportFigures } from './storm.js';

const TOKEN = 'fuzz-token-0123456789abcdef';
let dir: string;
let file: string;
/** The fuzzing runs on a memory store (fast); the formula check runs on the workbook. */
const servers: Record<'memory' | 'xlsx', { server: Server; base: string; app: App } | undefined> = { memory: undefined, xlsx: undefined };
const logger = memoryLogger();
const memory = new MemorySheetStore();

async function serve(name: 'memory' | 'xlsx', store?: MemorySheetStore) {
  const app = createApp(loadConfig({ WORKBOOK_PATH: file, SUBMIT_TOKEN: TOKEN, RECOMPUTE_ON_SUBMIT: 'off', MAILER: 'off' }), {
    clock,
    logger,
    ...(store ? { store } : {}),
  });
  functions.http(`fuzz-${name}`, app.handler);
  const server = getTestServer(`fuzz-${name}`);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers[name] = { server, app, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fuzz-'));
  file = path.join(dir, 'training.xlsx');
  await provisionWorkbook(file, {
    rows: new Map([
      ['Plan', loadPlan],
      ['Roster', loadRoster],
    ]),
  });
  memory.setGrid(SETTINGS_TAB.name, settingsGrid());
  memory.setGrid(PLAN_TAB.name, gridOf(PLAN_TAB, loadPlan));
  memory.setGrid(ROSTER_TAB.name, gridOf(ROSTER_TAB, loadRoster));
  await serve('memory', memory);
  await serve('xlsx');
});

afterAll(async () => {
  for (const entry of Object.values(servers)) if (entry) await new Promise((resolve) => entry.server.close(resolve));
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

async function post(
  body: string,
  contentType = 'application/json',
  on: 'memory' | 'xlsx' = 'memory',
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${servers[on]?.base ?? ''}/submissions`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${TOKEN}` },
    body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

/** Text people and attackers type: formula prefixes, line breaks, control characters, right-to-left marks, emoji, very long runs. */
const nastyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '=HYPERLINK("http://evil.example","点我")',
    '+1-2',
    '-1+2',
    '@SUM(A1:A9)',
    "=cmd|' /C calc'!A0",
    '\t=1+1',
    '张伟\r\nBcc: thief@evil.example',
    '\u202eevil\u202c',
    '\u0000\u0001\u0007',
    '😀👩‍👩‍👧‍👦',
    '__proto__',
    'constructor',
    '',
  ),
  fc.string({ minLength: 1000, maxLength: 6000 }),
);

const anyValue = fc.oneof(
  nastyText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nastyText, { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const dates = fc.oneof(
  fc.constantFrom(
    '2026-06-15T09:00:00+08:00',
    '2026/6/15 9:00',
    '9999-12-31T23:59:59Z',
    '-000001-01-01T00:00:00Z',
    '1900-02-29',
    '2026-13-45',
    'yesterday',
    '',
  ),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  anyValue,
);

const answerKeys = fc.oneof(
  fc.constantFrom(
    'trainee_id',
    'course_id',
    'component',
    'attempt',
    'score',
    'session',
    'session_date',
    'status',
    'leave_date',
    'reason',
    'name',
    'email',
    'comment',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '学员编号 Trainee ID',
  ),
  fc.string({ maxLength: 20 }),
);

/** Bodies shaped like submissions, every field possibly hostile. */
const envelopeLike = fc.record(
  {
    id: fc.oneof(fc.uuid(), nastyText, fc.integer(), fc.jsonValue({ maxDepth: 2 })),
    kind: fc.oneof(fc.constantFrom('score', 'attendance', 'leave', 'evaluation', 'enrollment', 'SCORE', ' leave '), anyValue),
    submittedAt: dates,
    submitter: anyValue,
    answers: fc.oneof(fc.dictionary(answerKeys, anyValue, { maxKeys: 12 }), anyValue),
  },
  { requiredKeys: [] },
);

/** A leave request that is valid except for its free text, so hostile text reaches the sheet; each asks for a session not asked before. */
let leaves = 0;
const leaveWithText = fc.tuple(fc.uuid(), nastyText).map(([id, reason]) => {
  leaves += 1;
  return {
    id,
    kind: 'leave',
    submittedAt: '2026-06-15T09:00:00+08:00',
    answers: {
      trainee_id: `L${String(1 + (leaves % 120)).padStart(3, '0')}`,
      course_id: LOAD_COURSE,
      session: 1 + Math.floor(leaves / 120),
      leave_date: '2026-06-20',
      reason,
    },
  };
});

/** A new trainee whose name and e-mail carry line breaks, header text, control characters or formulas. */
const enrollmentWithText = fc
  .tuple(
    fc.uuid(),
    nastyText,
    fc.oneof(
      nastyText,
      fc.constantFrom(
        'new@bank.example\r\nBcc: thief@evil.example',
        'new@bank.example\nX-Evil: 1',
        '"a\r\nb"@bank.example',
        '=HYPERLINK("http://evil.example")@bank.example',
        'new@bank.example',
      ),
    ),
  )
  .map(([id, name, email]) => ({
    id,
    kind: 'enrollment',
    submittedAt: '2026-06-15T09:00:00+08:00',
    answers: {
      trainee_id: `N-${id.slice(0, 8)}`,
      name,
      email,
      branch: '杭州分行',
      level: '助理级',
      direction: '对公',
      cohort: '2026-助理级-2期',
    },
  }));

/** Nesting far deeper than any form sends. */
const deep = fc.integer({ min: 50, max: 3000 }).map((depth) => {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? { a: value } : [value];
  return { id: 'deep', kind: 'score', submittedAt: '2026-06-15T09:00:00+08:00', answers: { comment: value } };
});

const withPrototypeKeys = fc.constantFrom(
  '{"__proto__":{"isAdmin":true},"id":"p1","kind":"score","submittedAt":"2026-06-15T09:00:00+08:00","answers":{}}',
  '{"id":"p2","kind":"leave","submittedAt":"2026-06-15T09:00:00+08:00","answers":{"__proto__":{"reason":"x"},"constructor":{"prototype":{"polluted":1}}}}',
  '{"id":"p3","kind":"constructor","submittedAt":"2026-06-15T09:00:00+08:00","answers":{"trainee_id":"L001"}}',
  '{"id":"p4","kind":"__proto__","submittedAt":"2026-06-15T09:00:00+08:00","answers":{}}',
);

const ALLOWED = new Set([200, 400, 413, 422]);

describe('hostile submissions', () => {
  it('always answer 200, 400, 413 or 422 with a JSON reason, and the server keeps serving', { timeout: 240_000 }, async () => {
    const tried = { bodies: 0, accepted: 0, statuses: new Map<number, number>() };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 5, arbitrary: envelopeLike },
          { weight: 3, arbitrary: leaveWithText },
          { weight: 1, arbitrary: enrollmentWithText },
          { weight: 1, arbitrary: deep },
          { weight: 1, arbitrary: fc.jsonValue() },
        ),
        async (body) => {
          tried.bodies += 1;
          const { status, json } = await post(JSON.stringify(body));
          expect(ALLOWED.has(status), `${status} for ${JSON.stringify(body).slice(0, 300)}`).toBe(true);
          if (status === 200) tried.accepted += 1;
          tried.statuses.set(status, (tried.statuses.get(status) ?? 0) + 1);
          if (status === 422)
            expect((json as { errors: { message: string }[] }).errors.every((error) => error.message.length > 0)).toBe(true);
          // A top-level JSON string, number, boolean or null sent as application/json is refused by the framework's
          // strict JSON parser before the function runs: a 400 of its own, without our JSON reason.
          const primitive = body === null || typeof body !== 'object';
          if (status === 400 && !primitive) expect(typeof (json as { message: unknown }).message).toBe('string');
        },
      ),
      { numRuns: 500, seed: 20261123 },
    );
    for (const raw of fc.sample(withPrototypeKeys, 4)) expect(ALLOWED.has((await post(raw)).status)).toBe(true);
    for (const raw of [
      '{"id": 1,',
      'null',
      '[]',
      '"text"',
      '{"a":' + '['.repeat(10_000),
      `{"answers":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    ])
      expect([400, 422]).toContain((await post(raw)).status);
    // What a web page can send across sites without asking first: refused before any work.
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])
      expect((await post(JSON.stringify(submission('leave', {})), type)).status).toBe(415);
    expect((await post(JSON.stringify({ id: 'huge', kind: 'leave', answers: { reason: 'x'.repeat(200_000) } }))).status).toBe(413);
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((await fetch(`${servers.memory?.base ?? ''}/healthz`)).status).toBe(200);
    expect(tried.accepted).toBeGreaterThan(80);

    // Whatever names and e-mails were accepted onto the roster, no e-mail holds a line break or a space, so none can carry a header.
    const roster = (await memory.read([ROSTER_TAB.name])).get(ROSTER_TAB.name)?.rows ?? [];
    const enrolled = roster.filter((row) => String(row.values['trainee_id']).startsWith('N-'));
    expect(enrolled.length).toBeGreaterThan(0);
    for (const row of enrolled) expect(String(row.values['email'])).toMatch(/^[^\s@]+@[^\s@]+$/);
    reportFigures('fuzz', {
      bodies: tried.bodies + 4 + 6 + 3 + 1,
      accepted: tried.accepted,
      enrolled: enrolled.length,
      statuses: Object.fromEntries([...tried.statuses].sort()),
    });
  });

  it('leaves no formula in the workbook: every accepted text is a text cell', async () => {
    const bodies = fc.sample(leaveWithText, { numRuns: 60, seed: 7 });
    const answers = await Promise.all(bodies.map((body) => post(JSON.stringify(body), 'application/json', 'xlsx')));
    expect(answers.every((answer) => answer.status === 200 || answer.status === 422)).toBe(true);
    // Accepted entries are in the journal at once and in the file with the next save: save now, then look at the file.
    await new XlsxSheetStore(file).settle();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    let cells = 0;
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          cells += 1;
          expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
        }),
      ),
    );
    expect(cells).toBeGreaterThan(100);
    const leave = workbook.getWorksheet('Leave');
    const reasons: unknown[] = [];
    leave?.eachRow((row, number) => {
      if (number > 1) reasons.push(row.getCell(7).value);
    });
    expect(reasons.some((reason) => typeof reason === 'string' && reason.startsWith('='))).toBe(true);
  });
});
