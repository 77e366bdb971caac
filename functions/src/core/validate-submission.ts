// Validates a form submission against the plan, roster, settings and what the target tab already holds.
import { DateTime } from 'luxon';
import { COMPONENTS, SUBMISSION_TARGETS, type SubmissionKind, type TabDef } from '../../../sheets-templates/index.js';
import { cellChoice, cellNumber, cellText, type Cell } from './cells.js';
import { mapAnswers, type Envelope } from './envelope.js';
import type { Course, Trainee } from './model.js';
import type { Problem } from './problems.js';
import { parseColumns, toCell, type TypedRow } from './schemas.js';
import type { Settings } from './settings.js';
import type { Table } from './table.js';

export interface SubmissionContext {
  readonly settings: Settings;
  readonly courses: ReadonlyMap<string, Course>;
  /** Roster rows by trainee id; a trainee in two cohorts has two rows. */
  readonly roster: ReadonlyMap<string, readonly Trainee[]>;
  /** The tab the submission lands in, as it is now (for duplicate ids and already-recorded entries). */
  readonly target: Table;
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

/** Decide what happens to one submission; pure: the caller reads the tabs and writes the outcome. */
export function validateSubmission(envelope: Envelope, context: SubmissionContext): SubmissionOutcome {
  const tab = targetTab(envelope.kind);
  if (context.target.rows.some((row) => cellText(row.values['submission_id']) === envelope.id)) return { status: 'duplicate', tab };

  const mapped = mapAnswers(tab, envelope.answers);
  const cells: Record<string, Cell> = {
    ...withDefaults(envelope, mapped.cells),
    submission_id: envelope.id,
    submitted_at: envelope.submittedAt,
  };
  const zone = context.settings.time_zone;
  const parsed = parseColumns(tab, cells, zone);
  const failed = new Set([...mapped.problems, ...parsed.problems].map((p) => p.field));
  const problems: Problem[] = [...mapped.problems, ...parsed.problems.filter((p) => !mapped.problems.some((m) => m.field === p.field))];
  problems.push(...domainProblems(envelope.kind, parsed.values, failed, context));
  if (problems.length > 0) return { status: 'rejected', tab, problems };

  const row: Record<string, Cell> = {};
  for (const column of tab.columns) row[column.key] = toCell(parsed.values[column.key]);
  return { status: 'accepted', tab, row };
}

/** Fields a form does not ask but a row needs: who recorded it, and leave starting as pending. */
function withDefaults(envelope: Envelope, cells: Readonly<Record<string, Cell>>): Record<string, Cell> {
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
      break;
    case 'evaluation':
      break;
  }
  return result;
}

function domainProblems(kind: SubmissionKind, row: TypedRow, failed: ReadonlySet<string>, context: SubmissionContext): Problem[] {
  if (kind === 'enrollment') return enrollmentProblems(row, failed, context);
  const problems: Problem[] = [];
  const courseId = row['course_id'] as string | undefined;
  const traineeId = row['trainee_id'] as string | undefined;

  const course = courseId === undefined ? undefined : context.courses.get(courseId);
  if (courseId !== undefined && course === undefined)
    problems.push({ field: 'course_id', rule: 'unknown_course', params: { course_id: courseId } });
  if (course && course.approval !== '已批准') {
    problems.push({ field: 'course_id', rule: 'course_not_approved', params: { course_id: course.course_id, approval: course.approval } });
  }

  if (traineeId !== undefined) {
    const rows = context.roster.get(traineeId);
    const active = rows?.filter((r) => r.status === '在训') ?? [];
    if (!rows || rows.length === 0) problems.push({ field: 'trainee_id', rule: 'unknown_trainee', params: { trainee_id: traineeId } });
    else if (active.length === 0) {
      problems.push({
        field: 'trainee_id',
        rule: 'inactive_trainee',
        params: { trainee_id: traineeId, status: rows[rows.length - 1]?.status ?? '' },
      });
    } else if (course) {
      const enrolled = active.some((r) => r.level === course.level && (course.direction === '通用' || r.direction === course.direction));
      if (!enrolled) {
        problems.push({
          field: 'trainee_id',
          rule: 'not_enrolled',
          params: { trainee_id: traineeId, level: course.level, direction: course.direction },
        });
      }
    }
  }
  if (!course) return problems;

  const zone = context.settings.time_zone;
  const retakeEnd =
    DateTime.fromISO(course.end_date, { zone }).plus({ days: context.settings.retake_window_days }).toISODate() ?? course.end_date;
  const checkDate = (field: string, date: string | undefined, end: string) => {
    if (date !== undefined && (date < course.start_date || date > end)) {
      problems.push({ field, rule: 'date_outside_course', params: { start: course.start_date, end } });
    }
  };
  const submittedDate =
    typeof row['submitted_at'] === 'string' ? (DateTime.fromISO(row['submitted_at'], { zone }).toISODate() ?? undefined) : undefined;
  const checkSession = () => {
    const session = row['session'] as number | undefined;
    if (session !== undefined && session > course.sessions)
      problems.push({ field: 'session', rule: 'session_out_of_range', params: { max: course.sessions } });
  };
  const recorded = (match: (values: Readonly<Record<string, Cell>>) => boolean) => context.target.rows.some((r) => match(r.values));
  const same = (values: Readonly<Record<string, Cell>>) =>
    cellText(values['trainee_id']) === traineeId && cellText(values['course_id']) === course.course_id;

  switch (kind) {
    case 'score': {
      const component = row['component'] as string | undefined;
      const attempt = row['attempt'] as number | undefined;
      if (component !== undefined && !course.required_components.includes(component as never)) {
        problems.push({
          field: 'component',
          rule: 'component_not_required',
          params: { course_id: course.course_id, allowed: course.required_components },
        });
      }
      const maxAttempts = course.max_attempts ?? context.settings.max_attempts;
      if (attempt !== undefined && attempt > maxAttempts)
        problems.push({ field: 'attempt', rule: 'attempt_too_high', params: { max: maxAttempts } });
      else if (attempt !== undefined && component !== undefined && traineeId !== undefined && !failed.has('component')) {
        const attemptOf = (values: Readonly<Record<string, Cell>>) =>
          same(values) && cellChoice(values['component'], COMPONENTS) === component ? cellNumber(values['attempt']) : undefined;
        if (recorded((values) => attemptOf(values) === attempt)) problems.push({ field: 'attempt', rule: 'already_recorded' });
        else if (attempt > 1 && !recorded((values) => attemptOf(values) === attempt - 1)) {
          problems.push({ field: 'attempt', rule: 'attempt_out_of_order', params: { previous: attempt - 1, attempt } });
        }
      }
      checkDate('submitted_at', submittedDate, retakeEnd);
      break;
    }
    case 'attendance':
    case 'leave': {
      checkSession();
      checkDate(
        kind === 'attendance' ? 'session_date' : 'leave_date',
        row[kind === 'attendance' ? 'session_date' : 'leave_date'] as string | undefined,
        course.end_date,
      );
      const session = row['session'] as number | undefined;
      if (
        session !== undefined &&
        traineeId !== undefined &&
        recorded((values) => same(values) && cellNumber(values['session']) === session)
      ) {
        problems.push({ field: 'session', rule: 'already_recorded' });
      }
      break;
    }
    case 'evaluation': {
      if (submittedDate !== undefined && submittedDate < course.start_date) {
        problems.push({ field: 'submitted_at', rule: 'date_outside_course', params: { start: course.start_date, end: retakeEnd } });
      }
      if (traineeId !== undefined && recorded(same)) problems.push({ field: 'trainee_id', rule: 'already_recorded' });
      break;
    }
  }
  return problems;
}

/** Names compared as people read them: full-width forms folded, case and spaces ignored. */
const personName = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * Nobody takes over a trainee: an enrollment naming a trainee id the Roster holds must carry that trainee's
 * name and e-mail, or it could route their results elsewhere (staff change e-mails in the Roster itself).
 */
function takesOver(row: TypedRow, failed: ReadonlySet<string>, known: readonly Trainee[]): boolean {
  const name = failed.has('name') ? undefined : (row['name'] as string | undefined);
  const email = failed.has('email') ? undefined : (row['email'] as string | undefined);
  return known.some(
    (trainee) =>
      (name !== undefined && personName(name) !== personName(trainee.name)) ||
      (email !== undefined && email.trim().toLowerCase() !== trainee.email.trim().toLowerCase()),
  );
}

function enrollmentProblems(row: TypedRow, failed: ReadonlySet<string>, context: SubmissionContext): Problem[] {
  const traineeId = row['trainee_id'] as string | undefined;
  const cohort = row['cohort'] as string | undefined;
  if (traineeId === undefined) return [];
  const known = context.roster.get(traineeId) ?? [];
  if (takesOver(row, failed, known)) return [{ field: 'trainee_id', rule: 'trainee_id_taken', params: { trainee_id: traineeId } }];
  if (cohort === undefined || failed.has('cohort')) return [];
  const already = known.some((t) => t.cohort === cohort);
  return already ? [{ field: 'trainee_id', rule: 'already_enrolled', params: { trainee_id: traineeId, cohort } }] : [];
}
