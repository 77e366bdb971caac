// The submission job: one batched read, the pure validation (judge), then one append to the target or the Rejected tab.
import {
  PLAN_TAB,
  REJECTED_TAB,
  ROSTER_TAB,
  SETTINGS_TAB,
  SUBMISSION_TARGETS,
  type SubmissionKind,
} from '../../../sheets-templates/index.js';
import type { DateTime } from 'luxon';
import { cellText } from '../core/cells.js';
import { parseEnvelope } from '../core/envelope.js';
import { rejectedRaw, stampReceived, submittedAtProblems, submittedAtWindow, type TimeWindow } from '../core/intake.js';
import { isBroken, parsePlan, parseRoster, type PlanRow, type Trainee } from '../core/model.js';
import { renderProblems, type Problem, type RenderedError } from '../core/problems.js';
import { parseSettings, type Settings } from '../core/settings.js';
import type { RowRecord, Table } from '../core/table.js';
import { indexRoster, validateSubmission, type SubmissionOutcome } from '../core/validate-submission.js';
import { markedText, storableJson, storableText, unstorableIds } from '../core/storable-text.js';
import type { Clock, SheetStore } from '../ports.js';

export type SubmitResult =
  | { readonly status: 'accepted'; readonly id: string; readonly kind: SubmissionKind }
  | { readonly status: 'duplicate'; readonly id: string; readonly kind: SubmissionKind }
  | { readonly status: 'rejected'; readonly id?: string; readonly kind?: string; readonly errors: readonly RenderedError[] };

/** How an entry came in: only authenticated requests (or a form the Forms API lists) get this far. */
export interface Intake {
  /** When the function received the entry: it dates a Roster row, never the client's `submittedAt`. */
  readonly receivedAt: DateTime;
  /** The body as it arrived, for Rejected's excerpt and hash; the entry re-serialised when absent. */
  readonly raw?: Buffer | string;
  /** QR check-in: the key an attendance entry's check-in code is verified with (undefined: none is set up). */
  readonly checkinSecret?: () => Promise<string | undefined>;
}

export function kindOf(body: Readonly<Record<string, unknown>>): SubmissionKind | undefined {
  const kind = typeof body['kind'] === 'string' ? body['kind'].trim().toLowerCase() : '';
  return Object.hasOwn(SUBMISSION_TARGETS, kind) ? (kind as SubmissionKind) : undefined;
}

/**
 * Deliveries of one submission id under way, per store. A form trigger retries and Pub/Sub redelivers, so the
 * same id can arrive twice at once; the second waits for the first and then reads what it wrote, so it is
 * answered `duplicate` from the tab, whatever the store can tell while both are in flight (uniqueBy in the
 * store is the second line of defence; across instances the recompute sets a repeated id aside).
 */
const inFlight = new WeakMap<SheetStore, Map<string, Promise<SubmitResult>>>();

/** The id as the envelope reads it, or undefined when there is none to wait on. */
function idOf(body: Readonly<Record<string, unknown>>): string | undefined {
  const id = body['id'];
  const text = typeof id === 'string' || typeof id === 'number' ? String(id).trim().slice(0, 200) : '';
  return text === '' ? undefined : text;
}

export async function submit(
  body: Readonly<Record<string, unknown>>,
  store: SheetStore,
  clock: Clock,
  intake: Intake = { receivedAt: clock.now() },
): Promise<SubmitResult> {
  const id = idOf(body);
  if (id === undefined) return submitOnce(body, store, clock, intake);
  let running = inFlight.get(store);
  if (!running) inFlight.set(store, (running = new Map<string, Promise<SubmitResult>>()));
  const once = () => submitOnce(body, store, clock, intake);
  const turn = (running.get(id) ?? Promise.resolve()).then(once, once);
  running.set(id, turn);
  try {
    return await turn;
  } finally {
    if (running.get(id) === turn) running.delete(id);
  }
}

/** The tabs a submission of this kind reads, and those of them a store may read by the rows added since (see submitOnce). */
export function submissionTabs(kinds: readonly (SubmissionKind | undefined)[]): { names: string[]; appendOnly: string[] } {
  const names = [SETTINGS_TAB.name, PLAN_TAB.name, ROSTER_TAB.name, REJECTED_TAB.name];
  for (const kind of kinds) {
    const target = kind === undefined ? undefined : SUBMISSION_TARGETS[kind];
    if (target && !names.includes(target.name)) names.push(target.name);
  }
  // Every tab but Settings and Plan (small) grows with the year: a store may read just the rows added since its last
  // read, so a submission costs what was added, not the history. Rows staff add are seen at once; a value they
  // change in place within the store's trust period (a minute for the Google store, see GoogleSheetsStore.tails).
  return { names, appendOnly: names.filter((name) => name !== SETTINGS_TAB.name && name !== PLAN_TAB.name) };
}

/** What entries are judged against: the tabs as read, parsed once, and the check-in key. */
export interface Grounds {
  readonly tables: ReadonlyMap<string, Table>;
  readonly settings: Settings;
  readonly courses: ReadonlyMap<string, PlanRow>;
  readonly roster: ReadonlyMap<string, readonly Trainee[]>;
  readonly window: TimeWindow;
  readonly checkinSecret?: string;
}

export function groundsFrom(tables: ReadonlyMap<string, Table>, receivedAt: DateTime, checkinSecret: string | undefined): Grounds {
  const settings = parseSettings(tables.get(SETTINGS_TAB.name));
  const zone = settings.time_zone;
  const plan = parsePlan(tables.get(PLAN_TAB.name), zone).rows;
  const window = submittedAtWindow(
    plan.flatMap((row) => (isBroken(row) ? (row.fields.start_date ?? []) : row.start_date)),
    receivedAt,
    zone,
  );
  return {
    tables,
    settings,
    courses: new Map(plan.map((course) => [course.course_id, course])),
    roster: indexRoster(parseRoster(tables.get(ROSTER_TAB.name), zone).rows),
    window,
    ...(checkinSecret === undefined ? {} : { checkinSecret }),
  };
}

/**
 * What one entry comes to, decided without I/O: the row to append to its tab, a duplicate, or the errors and the
 * Rejected row to append (none when a retry of the same rejected entry is there already).
 */
export type Verdict =
  | { readonly result: Extract<SubmitResult, { status: 'accepted' }>; readonly tab: string; readonly row: RowRecord }
  | { readonly result: Extract<SubmitResult, { status: 'duplicate' }> }
  | { readonly result: Extract<SubmitResult, { status: 'rejected' }>; readonly rejection?: RowRecord };

async function submitOnce(body: Readonly<Record<string, unknown>>, store: SheetStore, clock: Clock, intake: Intake): Promise<SubmitResult> {
  const { names, appendOnly } = submissionTabs([kindOf(body)]);
  const tables = await store.read(names, { appendOnly });
  const secret = kindOf(body) === 'attendance' ? await intake.checkinSecret?.() : undefined;
  const verdict = judge(body, groundsFrom(tables, intake.receivedAt, secret), clock, intake);
  if ('row' in verdict) {
    const written = await store.append(verdict.tab, [verdict.row], { uniqueBy: 'submission_id' });
    // Two deliveries of one id racing each other: the store kept the first, this one is the duplicate.
    return written.appended === 1 ? verdict.result : { ...verdict.result, status: 'duplicate' };
  }
  if ('rejection' in verdict && verdict.rejection) await store.append(REJECTED_TAB.name, [verdict.rejection]);
  return verdict.result;
}

/** Judge one entry against the grounds; `intake.raw` is the body as it arrived (re-serialised when absent). */
export function judge(body: Readonly<Record<string, unknown>>, grounds: Grounds, clock: Clock, intake: Intake): Verdict {
  const { settings } = grounds;
  const zone = settings.time_zone;
  const kind = kindOf(body);
  const target = kind === undefined ? undefined : SUBMISSION_TARGETS[kind];
  const rejectWith = (problems: readonly Problem[], tab: string | undefined, id: string | undefined, as: string | undefined) =>
    rejection(clock, zone, settings.language, grounds.tables.get(REJECTED_TAB.name), intake.raw ?? JSON.stringify(body), {
      problems,
      tab,
      id,
      kind: as,
    });
  // Ids with characters no workbook can hold are refused; elsewhere such characters are dropped before anything reads the text.
  const unstorable = unstorableIds(body, target);
  if (unstorable.length > 0) return rejectWith(unstorable, target?.name, idOf(body), kind);
  const parsed = parseEnvelope(storableJson(body) as Readonly<Record<string, unknown>>, zone);
  if (!parsed.ok) return rejectWith(parsed.problems, target?.name, parsed.id, parsed.kind);
  const envelope = parsed.envelope;
  const validated = validateSubmission(envelope, {
    settings,
    courses: grounds.courses,
    roster: grounds.roster,
    target: grounds.tables.get(SUBMISSION_TARGETS[envelope.kind].name) as Table,
    ...(envelope.kind === 'attendance' && grounds.checkinSecret !== undefined ? { checkinSecret: grounds.checkinSecret } : {}),
  });
  const outcome = withWindow(validated, submittedAtProblems(envelope.submittedAt, grounds.window, zone));
  switch (outcome.status) {
    case 'duplicate':
      return { result: { status: 'duplicate', id: envelope.id, kind: envelope.kind } };
    case 'rejected':
      return rejectWith(outcome.problems, outcome.tab.name, envelope.id, envelope.kind);
    case 'accepted':
      return {
        result: { status: 'accepted', id: envelope.id, kind: envelope.kind },
        tab: outcome.tab.name,
        row: stampReceived(outcome.tab, outcome.row, intake.receivedAt, zone),
      };
  }
}

function rejection(
  clock: Clock,
  zone: string,
  language: 'zh-CN' | 'en',
  rejected: Table | undefined,
  body: Buffer | string,
  what: { problems: readonly Problem[]; tab: string | undefined; id: string | undefined; kind: string | undefined },
): Verdict {
  const { problems, tab, id, kind } = what;
  const errors = renderProblems(problems, language, tab);
  const raw = storableText(rejectedRaw(body));
  // An id the workbook cannot hold is kept with its bad characters marked, and compared as kept.
  const storedId = id === undefined ? null : markedText(id);
  const result = { status: 'rejected', ...(id === undefined ? {} : { id }), ...(kind === undefined ? {} : { kind }), errors } as const;
  // A retried delivery of the same rejected entry is one row, not one per retry: the kept text ends with the body's hash.
  const seen =
    rejected?.rows.some((row) => cellText(row.values['submission_id']) === cellText(storedId) && row.values['raw'] === raw) ?? false;
  if (seen) return { result };
  return {
    result,
    rejection: {
      rejected_at: clock.now().setZone(zone).startOf('second').toISO({ suppressMilliseconds: true }),
      source: 'submission',
      submission_id: storedId,
      kind: kind ?? null,
      tab: tab ?? null,
      row: null,
      reasons: errors.map((error) => error.message).join('\n'),
      raw,
    },
  };
}

/** A time outside the window rejects an entry whatever else it holds; a repeat of a stored id stays a duplicate. */
function withWindow(outcome: SubmissionOutcome, problems: readonly Problem[]): SubmissionOutcome {
  if (problems.length === 0 || outcome.status === 'duplicate') return outcome;
  return { status: 'rejected', tab: outcome.tab, problems: [...problems, ...(outcome.status === 'rejected' ? outcome.problems : [])] };
}
