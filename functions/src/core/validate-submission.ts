// Validates a form submission against the plan, roster, settings and what the target tab already holds.
import { DateTime } from 'luxon';
import { SUBMISSION_TARGETS, type SubmissionKind, type TabDef } from '../../../sheets-templates/index.js';
import { cellText, type Cell } from './cells.js';
import { mapAnswers, type Envelope } from './envelope.js';
import type { PlanRow, Trainee } from './model.js';
import type { Problem } from './problems.js';
import { parseColumns, toCell, type TypedRow } from './schemas.js';
import type { Settings } from './settings.js';
import type { Table } from './table.js';
import { KIND_RULES, repeatedCheckin, resolveCourse, type RuleInput } from './submission-rules.js';

export interface SubmissionContext {
  readonly settings: Settings;
  /** Plan rows by course id; a row with a bad cell is still known (its course is not "not in the plan"). */
  readonly courses: ReadonlyMap<string, PlanRow>;
  /** Roster rows by trainee id; a trainee in two cohorts has two rows. */
  readonly roster: ReadonlyMap<string, readonly Trainee[]>;
  /** The tab the submission lands in, as it is now (for duplicate ids and already-recorded entries). */
  readonly target: Table;
  /** QR check-in: the key check-in codes are signed with; absent, an attendance entry carrying a code is refused. */
  readonly checkinSecret?: string;
}

export type SubmissionOutcome =
  | { readonly status: 'accepted'; readonly tab: TabDef; readonly row: Readonly<Record<string, Cell>> }
  | { readonly status: 'duplicate'; readonly tab: TabDef }
  | { readonly status: 'rejected'; readonly tab: TabDef; readonly problems: readonly Problem[] };

export function targetTab(kind: SubmissionKind): TabDef {
  return SUBMISSION_TARGETS[kind];
}

export function indexRoster(trainees: readonly Trainee[]): Map<string, Trainee[]> {
  const byId = new Map<string, Trainee[]>();
  for (const trainee of trainees) {
    const rows = byId.get(trainee.trainee_id);
    if (rows) rows.push(trainee);
    else byId.set(trainee.trainee_id, [trainee]);
  }
  return byId;
}

/**
 * Decide what happens to one submission; pure: the caller reads the tabs and writes the outcome. Throws a
 * SettingsError when a rule needs a Settings value staff must fix first (the sender retries).
 */
export function validateSubmission(envelope: Envelope, context: SubmissionContext): SubmissionOutcome {
  const tab = targetTab(envelope.kind);
  if (context.target.rows.some((row) => cellText(row.values['submission_id']) === envelope.id)) return { status: 'duplicate', tab };

  const zone = context.settings.time_zone;
  const mapped = mapAnswers(tab, envelope.answers);
  const cells: Record<string, Cell> = {
    ...withDefaults(envelope, mapped.cells, zone),
    submission_id: envelope.id,
    submitted_at: envelope.submittedAt,
  };
  const parsed = parseColumns(tab, cells, zone);
  const failed = new Set([...mapped.problems, ...parsed.problems].map((p) => p.field));
  const problems: Problem[] = [...mapped.problems, ...parsed.problems.filter((p) => !mapped.problems.some((m) => m.field === p.field))];
  problems.push(...domainProblems(envelope.kind, parsed.values, failed, context));
  if (repeatedCheckin(envelope.kind, parsed.values, problems)) return { status: 'duplicate', tab };
  if (problems.length > 0) return { status: 'rejected', tab, problems };

  const row: Record<string, Cell> = {};
  for (const column of tab.columns) row[column.key] = toCell(parsed.values[column.key]);
  return { status: 'accepted', tab, row };
}

/**
 * Fields a form does not ask but a row needs: who recorded it, leave starting as pending, and an
 * enrollment's status and joined date (the day it was received, in the settings zone).
 */
function withDefaults(envelope: Envelope, cells: Readonly<Record<string, Cell>>, zone: string): Record<string, Cell> {
  const result: Record<string, Cell> = { ...cells };
  const blank = (key: string) => cellText(result[key]) === '';
  const submitter = envelope.submitter ?? null;
  switch (envelope.kind) {
    case 'score':
      if (blank('assessor')) result['assessor'] = submitter;
      break;
    case 'attendance':
      if (blank('recorded_by')) result['recorded_by'] = submitter;
      break;
    case 'leave':
      // A request is approved by training staff in the sheet, never by the person asking.
      result['approval'] = '待审批';
      result['approver'] = null;
      break;
    case 'enrollment':
      if (blank('status')) result['status'] = '在训';
      // Whatever the form says: courses that ended before this day are not the trainee's.
      result['joined_on'] = DateTime.fromISO(envelope.submittedAt, { zone }).toISODate();
      break;
    case 'evaluation':
      break;
  }
  return result;
}

/** The plan, roster and tab rules of the submission's kind, in order: the course, then the trainee, then the entry. */
function domainProblems(kind: SubmissionKind, row: TypedRow, failed: ReadonlySet<string>, context: SubmissionContext): Problem[] {
  const resolved = kind === 'enrollment' ? { problems: [] } : resolveCourse(kind, row, context);
  const input: RuleInput = { kind, row, failed, context, ...(resolved.course === undefined ? {} : { course: resolved.course }) };
  return [...resolved.problems, ...KIND_RULES[kind].flatMap((rule) => rule(input))];
}
