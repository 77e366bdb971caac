// One bad Settings or Plan cell stops only what it touches: intake keeps answering 200, Problems names the cell.
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import { createApp } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import type { Cell } from '../../functions/src/core/cells.js';
import { COURSES, TRAINEES, clock, submission } from '../fixtures/world.js';

const TOKEN = 'test-token-0123456789abcdef';
const ADMIN = 'test-admin-0123456789abcdef';
const servers: { server: Server; dir: string }[] = [];
let registered = 0;

afterEach(async () => {
  for (const { server, dir } of servers.splice(0)) {
    await new Promise((resolve) => server.close(resolve));
    await XlsxSheetStore.closeAll();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

interface Workbook {
  readonly base: string;
  readonly file: string;
}

/** A workbook with the standard world, Settings rows typed below the defaults (the later row wins), served for real. */
async function serve(settings: Record<string, string>, plan: readonly Record<string, Cell>[] = COURSES): Promise<Workbook> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bad-cell-'));
  const file = path.join(dir, 'training.xlsx');
  const settingRows = Object.entries(settings).map(([key, value]) => ({ key, value }));
  await provisionWorkbook(file, {
    rows: new Map([
      ['Settings', settingRows],
      ['Plan', plan],
      ['Roster', TRAINEES],
    ]),
  });
  const config = loadConfig({
    WORKBOOK_PATH: file,
    OUTBOX_DIR: path.join(dir, 'outbox'),
    SUBMIT_TOKEN: TOKEN,
    ADMIN_TOKEN: ADMIN,
    RECOMPUTE_ON_SUBMIT: 'off',
  });
  const app = createApp(config, { clock, logger: memoryLogger() });
  registered += 1;
  functions.http(`bad-cell-${registered}`, app.handler);
  const server = getTestServer(`bad-cell-${registered}`);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ server, dir });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, file };
}

const post = (workbook: Workbook, route: string, body?: object) =>
  fetch(`${workbook.base}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${route === '/submissions' ? TOKEN : ADMIN}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function problems(workbook: Workbook): Promise<Record<string, Cell>[]> {
  const table = (await new XlsxSheetStore(workbook.file).read(['Problems'])).get('Problems');
  return (table?.rows ?? []).map((row) => row.values);
}

const SCORE = { trainee_id: 'T002', course_id: 'C-PRO-CORP', component: 'exam', attempt: 1, score: 88 };
const EVALUATION = {
  course_id: 'C-PRO-RETAIL',
  goal_achievement: 5,
  content_practicality: 4,
  method_effectiveness: 4,
  instructor_level: 5,
  overall_satisfaction: 5,
};

describe('with one bad Settings cell', () => {
  it.each([
    {
      name: 'a template typo holds only that kind of e-mail',
      settings: { result_subject_template: '【培训反馈】{{course_titel}}' },
      reason: /^成绩反馈邮件标题模板（result_subject_template）：模板中有未知的占位符 \{\{course_titel\}\}.*；成绩反馈邮件暂停发送$/,
    },
    {
      name: 'a pass mark that does not read holds grading, not intake',
      settings: { pass_mark: 'abc' },
      reason: /^合格分数线（pass_mark）：必须是数字；成绩暂停评定/,
    },
    {
      name: 'an unknown time zone falls back to the default',
      settings: { time_zone: 'Mars/Olympus' },
      reason: /^时区（time_zone）：必须是时区名称，如 Asia\/Shanghai；已改用默认值 Asia\/Shanghai$/,
    },
  ])('$name: intake answers 200 and Problems names the cell', async ({ settings, reason }) => {
    const workbook = await serve(settings);
    const accepted = await post(workbook, '/submissions', submission('score', SCORE));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ status: 'accepted' });
    expect((await post(workbook, '/recompute')).status).toBe(200);
    const rows = await problems(workbook);
    expect(rows).toEqual([expect.objectContaining({ tab: 'Settings', reasons: expect.stringMatching(reason) as unknown })]);
  });

  it('a pass mark that does not read leaves the derived tabs as they were and e-mails nobody', async () => {
    const workbook = await serve({ pass_mark: '六十' });
    expect((await post(workbook, '/recompute')).status).toBe(200);
    const tables = await new XlsxSheetStore(workbook.file).read(['Grades', 'Summary']);
    expect(tables.get('Grades')?.rows).toEqual([]);
    const preview = (await (await post(workbook, '/feedback/send?dry_run=1', { sendNow: true })).json()) as { preview: unknown[] };
    expect(preview.preview).toEqual([]);
  });

  it('a maximum of attempts that does not read answers 503 only for a score that needs it, so the sender retries', async () => {
    const workbook = await serve({ max_attempts: 'two' });
    // C-PRO-RETAIL has no maximum of its own; C-PRO-CORP has 3.
    const needs = await post(
      workbook,
      '/submissions',
      submission('score', { trainee_id: 'T004', course_id: 'C-PRO-RETAIL', component: 'exam', attempt: 1, score: 70 }),
    );
    expect(needs.status).toBe(503);
    expect(await needs.json()).toMatchObject({ code: 'WORKBOOK_INVALID', message: expect.stringMatching(/max_attempts/) as unknown });
    expect((await post(workbook, '/submissions', submission('score', SCORE))).status).toBe(200);
    expect((await post(workbook, '/submissions', submission('evaluation', EVALUATION))).status).toBe(200);
  });
});

describe('with one bad Plan cell', () => {
  const plan = COURSES.map((course) => (course['course_id'] === 'C-PRO-RETAIL' ? { ...course, theory_weight: -0.5 } : course));

  it('accepts an evaluation of that course and lists one Problems row naming the course, its row and the cell', async () => {
    const workbook = await serve({}, plan);
    const response = await post(workbook, '/submissions', submission('evaluation', EVALUATION));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'accepted' });
    expect((await post(workbook, '/recompute')).status).toBe(200);
    expect(await problems(workbook)).toEqual([
      expect.objectContaining({
        tab: 'Plan',
        row: 4,
        reasons: '课程 C-PRO-RETAIL（第 4 行）：理论权重 -0.5 不在 0–1 之间；该课程暂不评定成绩，其他课程照常',
      }),
    ]);
  });

  it('still grades the other courses', async () => {
    const workbook = await serve({}, plan);
    expect((await post(workbook, '/submissions', submission('score', SCORE))).status).toBe(200);
    await post(workbook, '/recompute');
    const grades = (await new XlsxSheetStore(workbook.file).read(['Grades'])).get('Grades')?.rows ?? [];
    const courses = new Set(grades.map((row) => row.values['course_id']));
    expect(courses.has('C-PRO-CORP')).toBe(true);
    expect(courses.has('C-PRO-RETAIL')).toBe(false);
  });
});
