// Shared by the reliability tests: serve a function, fire the mixed submissions at once or with retries, check what the store kept and the logs say.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { expect } from 'vitest';
import {
  ATTENDANCE_TAB,
  DERIVED_TABS,
  EVALUATIONS_TAB,
  LEAVE_TAB,
  REJECTED_TAB,
  ROSTER_TAB,
  SCORES_TAB,
} from '../../sheets-templates/index.js';
import { cellText } from '../../functions/src/core/cells.js';
import type { Clock, SheetStore } from '../../functions/src/ports.js';
import { runRecompute } from '../../functions/src/jobs/recompute.js';
import type { mixedSubmissions } from './load-world.js';

export type Planned = ReturnType<typeof mixedSubmissions>;

let registered = 0;

/** Register an HTTP handler under a fresh name and serve it on a loopback port through the Functions Framework. */
export function serveHttp(handler: functions.HttpFunction): Promise<{ base: string; close: () => Promise<void> }> {
  return serve((name) => functions.http(name, handler));
}

/** Register a CloudEvent function (a Pub/Sub-triggered one) under a fresh name and serve it the same way. */
export function serveCloudEvent(handler: functions.CloudEventFunction<unknown>): Promise<{ base: string; close: () => Promise<void> }> {
  return serve((name) => functions.cloudEvent(name, handler));
}

async function serve(register: (name: string) => void): Promise<{ base: string; close: () => Promise<void> }> {
  registered += 1;
  const name = `reliability-${process.pid}-${registered}`;
  register(name);
  const server: Server = getTestServer(name);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One POST /submissions, answered or thrown. */
export async function post(
  base: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { status: string; code?: string; message?: string } }> {
  const response = await fetch(`${base}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { status: string; code?: string; message?: string } };
}

/** Fire every submission at once while polling /healthz; returns the answers and the health checks. */
export async function hammer(
  base: string,
  planned: Planned,
  send: (body: Record<string, unknown>) => Promise<{ status: number; body: { status: string } }> = (body) => post(base, body),
) {
  const health: { status: number; ms: number }[] = [];
  let done = false;
  const poll = (async () => {
    while (!done) {
      const started = performance.now();
      const response = await fetch(`${base}/healthz`);
      await response.arrayBuffer();
      health.push({ status: response.status, ms: performance.now() - started });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const started = performance.now();
  const answers = await Promise.all(
    planned.map(async ({ body }) => {
      const answer = await send(body);
      return { id: String(body['id']), status: answer.status, body: answer.body };
    }),
  );
  const ms = performance.now() - started;
  done = true;
  await poll;
  return { answers, health, ms };
}

export type Answers = Awaited<ReturnType<typeof hammer>>['answers'];

/** What the store holds after the storm, and whether it matches what the answers promised. */
export async function checkStored(store: SheetStore, planned: Planned, answers: Answers) {
  const tabs = await store.read([
    SCORES_TAB.name,
    ATTENDANCE_TAB.name,
    LEAVE_TAB.name,
    EVALUATIONS_TAB.name,
    ROSTER_TAB.name,
    REJECTED_TAB.name,
  ]);
  const stored = [SCORES_TAB, ATTENDANCE_TAB, LEAVE_TAB, EVALUATIONS_TAB, ROSTER_TAB]
    .flatMap((tab) => tabs.get(tab.name)?.rows.map((row) => cellText(row.values['submission_id'])) ?? [])
    .filter((id) => id !== '');
  const validIds = new Set(planned.filter((p) => p.expect !== 'rejected').map((p) => String(p.body['id'])));
  const rejectedIds = new Set(planned.filter((p) => p.expect === 'rejected').map((p) => String(p.body['id'])));
  const acceptedAnswers = answers.filter((a) => a.body.status === 'accepted').map((a) => a.id);
  // Rows an earlier version's recompute wrote about sheet rows (source 'tab') are not rejections of submissions.
  const rejectedRows =
    tabs
      .get(REJECTED_TAB.name)
      ?.rows.filter((row) => cellText(row.values['source']) === 'submission')
      .map((row) => cellText(row.values['submission_id'])) ?? [];
  const leave = tabs.get(LEAVE_TAB.name)?.rows.map((row) => row.values['reason']) ?? [];
  return { stored, validIds, rejectedIds, acceptedAnswers, rejectedRows, leave };
}

/** The answers a storm got: no 5xx, every broken entry rejected, one accepted answer per valid id however often it was sent. */
export function expectAnswersHeld(planned: Planned, answers: Answers): void {
  expect(answers.filter((a) => a.status >= 500)).toEqual([]);
  const byId = new Map<string, string[]>();
  for (const answer of answers) byId.set(answer.id, [...(byId.get(answer.id) ?? []), answer.body.status]);
  for (const p of planned.filter((entry) => entry.expect === 'rejected')) expect(byId.get(String(p.body['id']))).toEqual(['rejected']);
  // A redelivery racing its original: exactly one of the two is the accepted one.
  for (const [id, statuses] of byId)
    if (!statuses.includes('rejected'))
      expect(
        statuses.filter((s) => s === 'accepted'),
        id,
      ).toHaveLength(1);
}

/** What the store kept: every valid id exactly once, every broken one once in Rejected, formula-looking text kept as text. */
export function expectStoredOnce(result: Awaited<ReturnType<typeof checkStored>>): void {
  expect(result.stored.length).toBe(result.validIds.size);
  expect(new Set(result.stored)).toEqual(result.validIds);
  expect(new Set(result.rejectedRows)).toEqual(result.rejectedIds);
  expect(result.rejectedRows).toHaveLength(result.rejectedIds.size);
  expect(result.leave.every((reason) => reason === '=HYPERLINK("http://evil.example","客户拜访")')).toBe(true);
}

/** Derived tabs the recompute owns (FeedbackLog and Forms are written by their own jobs, Rejected only grows). */
export const RECOMPUTED_TABS = DERIVED_TABS.filter((tab) => !['FeedbackLog', 'Forms', 'Rejected'].includes(tab.name)).map(
  (tab) => tab.name,
);

/** The derived tabs as the background regrading left them, and as a fresh recompute writes them; `open` gives a fresh view of the store. */
export async function derivedBeforeAndAfterRecompute(open: () => SheetStore, clock: Clock) {
  const before = await open().read(RECOMPUTED_TABS);
  await runRecompute(open(), clock);
  const after = await open().read(RECOMPUTED_TABS);
  return { before, after };
}

/** Worst and median of the /healthz answers. */
export function healthFigures(health: readonly { status: number; ms: number }[]) {
  const sorted = health.map((check) => check.ms).sort((a, b) => a - b);
  return {
    checks: health.length,
    worstMs: Math.round(sorted.at(-1) ?? 0),
    medianMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
  };
}

/** Print what a run measured, for the figures in docs/testing.md ("The reliability suite"); never asserted. */
export function reportFigures(name: string, figures: Readonly<Record<string, unknown>>): void {
  console.info(`[reliability] ${name}: ${JSON.stringify(figures)}`);
}

export interface RetryingAnswer {
  readonly status: number;
  readonly body: { status: string; code?: string; message?: string };
  /** Every answer it got, in order; 0 for no answer (the connection failed or timed out). */
  readonly statuses: readonly number[];
}

/**
 * A form trigger's delivery, as the Apps Script trigger makes it: a 429, a 5xx or no answer is tried again
 * after a growing wait (1, 2, 4 s there; `firstDelayMs` here, so tests stay fast). Anything else is final.
 */
export async function deliver(
  base: string,
  body: unknown,
  options: { tries?: number; firstDelayMs?: number; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<RetryingAnswer> {
  const tries = options.tries ?? 8;
  const statuses: number[] = [];
  let last: { status: number; body: RetryingAnswer['body'] } = { status: 0, body: { status: 'no answer' } };
  for (let attempt = 0; attempt < tries; attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, (options.firstDelayMs ?? 20) * 2 ** (attempt - 1)));
    try {
      const response = await fetch(`${base}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      last = { status: response.status, body: (await response.json()) as RetryingAnswer['body'] };
    } catch {
      last = { status: 0, body: { status: 'no answer' } };
    }
    statuses.push(last.status);
    if (last.status !== 0 && last.status !== 429 && last.status < 500) break;
  }
  return { ...last, statuses };
}

/** Numeric log fields: an HTTP status, milliseconds, counts and row numbers. Anything else numeric could be a score. */
const COUNT_FIELDS = new Set([
  'status',
  'ms',
  'grades',
  'retakes',
  'archive',
  'summary',
  'problem_rows',
  'sent',
  'failed',
  'confirmed',
  'unconfirmed',
  'held',
  'remaining',
  'tries',
  'listed',
  'accepted',
  'duplicate',
  'rejected',
  'count',
  'row',
  'created',
  'renewed',
  'kept',
]);

/**
 * Logs carry ids, outcomes and counts: no name, e-mail or free text of a person (`personal`), and no number that
 * is not a status, a duration or a count.
 */
export function expectLogsFreeOfPersonalData(lines: readonly Record<string, unknown>[], personal: readonly string[]): void {
  expect(lines.length).toBeGreaterThan(0);
  const texts = lines.flatMap((line) => Object.values(line).filter((value): value is string => typeof value === 'string'));
  for (const value of new Set(personal))
    expect(
      texts.find((text) => text.includes(value)),
      `logs mention ${value}`,
    ).toBeUndefined();
  for (const line of lines) {
    for (const [key, value] of Object.entries(line)) {
      if (typeof value === 'number') expect(COUNT_FIELDS.has(key), `numeric log field ${key} in ${JSON.stringify(line)}`).toBe(true);
    }
  }
}

/** The names, e-mails and free text in a stream of submissions and a roster: what logs must never show. */
export function personalData(roster: readonly Readonly<Record<string, unknown>>[], planned: Planned = []): string[] {
  const answers = planned.map((p) => (p.body['answers'] ?? {}) as Record<string, unknown>);
  return [...roster, ...answers]
    .flatMap((record) => ['name', 'email', 'reason', 'comment'].map((key) => record[key]))
    .filter((value): value is string => typeof value === 'string' && value !== '');
}
