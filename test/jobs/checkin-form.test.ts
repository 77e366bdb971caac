// QR check-in on Google: the pre-filled attendance form link, and the check-in code verified on the Forms-watch path against Google's submit time.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { forms_v1 } from '@googleapis/forms';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTENDANCE_TAB, FORMS_TAB, REJECTED_TAB, SESSIONS_TAB, headerText } from '../../sheets-templates/index.js';
import { formsApi } from '../../functions/src/adapters/google/forms-api.js';
import { FORMS_RETRY_POLICY, formsClient } from '../../functions/src/adapters/google/forms-client.js';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import type { MemorySheetStore } from '../../functions/src/adapters/store/memory-store.js';
import { createApp } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { formLink } from '../../functions/src/core/checkin/links.js';
import { sessionClaim } from '../../functions/src/core/checkin/schedule.js';
import { checkinCode } from '../../functions/src/core/checkin/token.js';
import { formColumns } from '../../functions/src/provision/google/form-plan.js';
import { attendanceFormEntries } from '../../functions/src/provision/google/checkin-form.js';
import { FormsFake } from '../fakes/forms-watch-fake.js';
import { clock, gridOf, worldStore } from '../fixtures/world.js';
import { formsGrid, notificationData, postCloudEvent } from '../fixtures/forms-world.js';
import { CHECKIN_SECRET, SESSIONS, SESSION_3 } from '../fixtures/checkin-world.js';

const FORM_ID = '1FAIpQLSd-attendance-form-01';
const RESPONDER = `https://docs.google.com/forms/d/e/${FORM_ID}/viewform`;

/** The attendance form as provisioning makes it: one question per asked column, titled by its header. */
const questionId = (index: number) => (0x4a000001 + index).toString(16);
const ATTENDANCE_FORM: forms_v1.Schema$Form = {
  formId: FORM_ID,
  info: { title: '考勤登记 Attendance' },
  responderUri: RESPONDER,
  items: formColumns('attendance').map((column, index) => ({
    itemId: `0b00000${index}`,
    title: headerText(column),
    questionItem: { question: { questionId: questionId(index), required: column.required, textQuestion: {} } },
  })),
};

const idOf = (key: string) => questionId(formColumns('attendance').findIndex((column) => column.key === key));
const CLAIM = sessionClaim(SESSION_3, { checkin_open_minutes_before: 30, checkin_close_minutes_after: 30 });

function response(id: string, at: string, answers: Record<string, string>): forms_v1.Schema$FormResponse {
  return {
    formId: FORM_ID,
    responseId: id,
    createTime: at,
    lastSubmittedTime: at,
    answers: Object.fromEntries(
      Object.entries(answers).map(([key, value]) => [idOf(key), { questionId: idOf(key), textAnswers: { answers: [{ value }] } }]),
    ),
  };
}

const checkIn = (trainee: string, code = checkinCode(CLAIM, CHECKIN_SECRET)) => ({
  course_id: 'C-PRO-CORP',
  trainee_id: trainee,
  session: '3',
  session_date: '2026-06-15',
  status: '出勤',
  checkin_code: code,
});

let fake: FormsFake;
let memory: MemorySheetStore;
let server: Server;
let base: string;
let registered = 0;

beforeEach(async () => {
  fake = await new FormsFake().start();
  fake.addForm(ATTENDANCE_FORM);
  memory = worldStore();
  memory.setGrid(FORMS_TAB.name, formsGrid([{ kind: 'attendance', form_id: FORM_ID, title: '考勤登记', responder_url: RESPONDER }]));
  memory.setGrid(SESSIONS_TAB.name, gridOf(SESSIONS_TAB, SESSIONS));
  const forms = formsApi(formsClient({ googleApiRootUrl: fake.url }, { ...FORMS_RETRY_POLICY, tries: 1 }));
  const config = loadConfig({ STORE: 'memory', RECOMPUTE_ON_SUBMIT: 'off', K_SERVICE: 'training', CHECKIN_SECRET });
  const app = createApp(config, { store: memory, clock, logger: memoryLogger(), forms });
  registered += 1;
  functions.cloudEvent(`checkin-forms-${registered}`, app.formsWatch);
  server = getTestServer(`checkin-forms-${registered}`);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fake.close();
});

const rowsOf = async (tab: string) => ((await memory.read([tab])).get(tab)?.rows ?? []).map((row) => row.values);

async function deliver(messageId: string): Promise<void> {
  expect((await postCloudEvent(base, messageId, notificationData(FORM_ID, messageId))).status).toBe(204);
}

describe('the pre-filled check-in link of the attendance form', () => {
  it('fills course, session, date, status and the code into the questions of those columns', async () => {
    const form = await attendanceFormEntries({ googleApiRootUrl: fake.url }, memory);
    const link = new URL(formLink(form.responderUrl, form.entries, CHECKIN_SECRET, 'Asia/Shanghai')(CLAIM, SESSION_3));
    expect(`${link.origin}${link.pathname}`).toBe(RESPONDER);
    expect(link.searchParams.get('usp')).toBe('pp_url');
    // entry.N is the question id read as hexadecimal, in decimal.
    const filled = Object.fromEntries(
      [...link.searchParams]
        .filter(([name]) => name.startsWith('entry.'))
        .map(([name, value]) => {
          const hex = BigInt(name.slice('entry.'.length)).toString(16);
          return [formColumns('attendance')[parseInt(hex, 16) - 0x4a000001]?.key ?? hex, value];
        }),
    );
    expect(filled).toEqual({
      course_id: 'C-PRO-CORP',
      session: '3',
      session_date: '2026-06-15',
      status: '出勤',
      checkin_code: checkinCode(CLAIM, CHECKIN_SECRET),
    });
  });

  it('asks for provisioning when the form lacks the check-in code question', async () => {
    fake.addForm({ ...ATTENDANCE_FORM, items: (ATTENDANCE_FORM.items ?? []).filter((item) => item.title !== '签到码 Check-in code') });
    await expect(attendanceFormEntries({ googleApiRootUrl: fake.url }, memory)).rejects.toThrow(/no question "签到码 Check-in code"/);
  });
});

describe('responses of the attendance form carrying a check-in code', () => {
  it('stores one submitted inside the window, with its code', async () => {
    fake.submit(FORM_ID, response('resp-in', '2026-06-15T01:05:00Z', checkIn('T002')));
    await deliver('m1');
    expect(await rowsOf(ATTENDANCE_TAB.name)).toEqual([
      expect.objectContaining({
        submission_id: 'resp-in',
        trainee_id: 'T002',
        session: 3,
        checkin_code: checkinCode(CLAIM, CHECKIN_SECRET),
      }),
    ]);
  });

  it('answers a second check-in of the same trainee and session as a duplicate: no second row, nothing in Rejected', async () => {
    fake.submit(FORM_ID, response('resp-1', '2026-06-15T01:05:00Z', checkIn('T002')));
    fake.submit(FORM_ID, response('resp-2', '2026-06-15T01:06:00Z', checkIn('t002')));
    await deliver('m1');
    expect((await rowsOf(ATTENDANCE_TAB.name)).map((row) => row['submission_id'])).toEqual(['resp-1']);
    expect(await rowsOf(REJECTED_TAB.name)).toEqual([]);
  });

  it.each([
    {
      name: 'submitted after the window (a link forwarded home)',
      at: '2026-06-15T04:31:00Z',
      code: checkinCode(CLAIM, CHECKIN_SECRET),
      says: '签到已结束',
    },
    { name: 'submitted before it opens', at: '2026-06-15T00:29:00Z', code: checkinCode(CLAIM, CHECKIN_SECRET), says: '尚未开放签到' },
    {
      name: 'whose code was made with another key',
      at: '2026-06-15T01:05:00Z',
      code: checkinCode(CLAIM, 'x'.repeat(40)),
      says: '无效或已被改动',
    },
    {
      name: 'whose code stretches the window',
      at: '2026-06-15T01:05:00Z',
      code: checkinCode(CLAIM, CHECKIN_SECRET).replace(String(CLAIM.exp), String(CLAIM.exp + 86_400)),
      says: '无效或已被改动',
    },
    { name: 'that is no code at all', at: '2026-06-15T01:05:00Z', code: 'hello', says: '不是有效的签到链接' },
  ])('keeps one $name in Rejected with the reason', async ({ at, code, says }) => {
    fake.submit(FORM_ID, response('resp-bad', at, checkIn('T002', code)));
    await deliver('m1');
    expect(await rowsOf(ATTENDANCE_TAB.name)).toEqual([]);
    const [rejected] = await rowsOf(REJECTED_TAB.name);
    expect(rejected?.['submission_id']).toBe('resp-bad');
    expect(String(rejected?.['reasons'])).toContain(`签到码：`);
    expect(String(rejected?.['reasons'])).toContain(says);
  });

  it('refuses a code moved to another session of the form', async () => {
    fake.submit(FORM_ID, response('resp-moved', '2026-06-15T01:05:00Z', { ...checkIn('T002'), session: '4', session_date: '2026-06-16' }));
    await deliver('m1');
    expect(await rowsOf(ATTENDANCE_TAB.name)).toEqual([]);
    expect(String((await rowsOf(REJECTED_TAB.name))[0]?.['reasons'])).toContain('无效或已被改动');
  });

  it('stores attendance staff record without a code as before', async () => {
    const staff: Record<string, string> = checkIn('T002');
    delete staff['checkin_code'];
    fake.submit(FORM_ID, response('resp-staff', '2026-06-15T01:05:00Z', staff));
    await deliver('m1');
    expect((await rowsOf(ATTENDANCE_TAB.name)).map((row) => row['submission_id'])).toEqual(['resp-staff']);
  });
});
