// The domain rules of a submission as a table per kind: each rule reads the typed row and the context and returns its problems.
import { DateTime } from 'luxon';
import { COMPONENTS, PLAN_TAB, type SubmissionKind } from '../../../sheets-templates/index.js';
import { cellChoice, cellId, cellNumber, plainText, type Cell } from './cells.js';
import { isBroken, type Course, type PlanRow, type Trainee } from './model.js';
import { fieldLabel, type Problem } from './problems.js';
import type { TypedRow } from './schemas.js';
import { requireSettings } from './settings.js';
import type { SubmissionContext } from './validate-submission.js';
import { codeParams, verifyCheckin } from './checkin/token.js';

export interface RuleInput {
  readonly kind: SubmissionKind;
  readonly row: TypedRow;
  /** Fields that did not parse: a rule about them has nothing to check. */
  readonly failed: ReadonlySet<string>;
  readonly context: SubmissionContext;
  /** The course named, when it is known, approved and its plan row has what this kind needs. */
  readonly course?: Course;
}

export type Rule = (input: RuleInput) => readonly Problem[];

type Values = Readonly<Record<string, Cell>>;

const text = (row: TypedRow, key: string) => row[key] as string | undefined;
const number = (row: TypedRow, key: string) => row[key] as number | undefined;

/** Plan columns every kind reads of its course, and those only some kinds read. */
const NEEDED_FIELDS: Readonly<Record<SubmissionKind, readonly string[]>> = {
  score: ['approval', 'level', 'direction', 'start_date', 'end_date', 'required_components', 'max_attempts'],
  attendance: ['approval', 'level', 'direction', 'start_date', 'end_date', 'sessions'],
  leave: ['approval', 'level', 'direction', 'start_date', 'end_date', 'sessions'],
  evaluation: ['approval', 'level', 'direction', 'start_date', 'end_date'],
  enrollment: [],
};

/**
 * The course a submission names. A plan row with a bad cell blocks only what needs that cell: an
 * evaluation of a course whose theory weight is wrong is still checked and accepted.
 */
export function resolveCourse(kind: SubmissionKind, row: TypedRow, context: SubmissionContext): { course?: Course; problems: Problem[] } {
  const courseId = text(row, 'course_id');
  if (courseId === undefined) return { problems: [] };
  const entry = context.courses.get(courseId);
  if (entry === undefined) return { problems: [{ field: 'course_id', rule: 'unknown_course', params: { course_id: courseId } }] };
  const course = usableCourse(kind, entry);
  if ('problem' in course) return { problems: [course.problem] };
  if (course.approval !== '已批准') {
    return {
      problems: [{ field: 'course_id', rule: 'course_not_approved', params: { course_id: course.course_id, approval: course.approval } }],
    };
  }
  return { course, problems: [] };
}

function usableCourse(kind: SubmissionKind, entry: PlanRow): Course | { problem: Problem } {
  if (!isBroken(entry)) return entry;
  const bad = NEEDED_FIELDS[kind].filter((field) => entry.badFields.includes(field));
  if (bad.length > 0) {
    const labels = (language: 'zh-CN' | 'en') => bad.map((field) => fieldLabel(field, PLAN_TAB.name, language));
    const problem: Problem = {
      field: 'course_id',
      rule: 'course_row_invalid',
      params: { course_id: entry.course_id, row: entry.rowNumber, fields_zh: labels('zh-CN'), fields_en: labels('en') },
    };
    return { problem };
  }
  // Only columns this kind does not read are bad; they get neutral stand-ins that no rule looks at.
  return { ...STAND_INS, ...entry.fields, course_id: entry.course_id };
}

const STAND_INS: Omit<Course, 'course_id'> = {
  title: '',
  category: '',
  method: '',
  level: '助理级',
  direction: '通用',
  instructor: '',
  instructor_type: '',
  start_date: '',
  end_date: '',
  hours: 0,
  sessions: 1,
  theory_weight: 0,
  practice_weight: 0,
  required_components: [],
  approval: '待审批',
};

/** The trainee is on the roster, active, in the course's level and direction, and joined before it ended. */
const traineeEnrolled: Rule = ({ row, context, course }) => {
  const traineeId = text(row, 'trainee_id');
  if (traineeId === undefined) return [];
  const rows = context.roster.get(traineeId) ?? [];
  const active = rows.filter((r) => r.status === '在训');
  if (rows.length === 0) return [{ field: 'trainee_id', rule: 'unknown_trainee', params: { trainee_id: traineeId } }];
  if (active.length === 0) {
    return [
      { field: 'trainee_id', rule: 'inactive_trainee', params: { trainee_id: traineeId, status: rows[rows.length - 1]?.status ?? '' } },
    ];
  }
  if (course === undefined) return [];
  const matching = active.filter((r) => r.level === course.level && (course.direction === '通用' || r.direction === course.direction));
  if (matching.length === 0) {
    return [
      { field: 'trainee_id', rule: 'not_enrolled', params: { trainee_id: traineeId, level: course.level, direction: course.direction } },
    ];
  }
  const joined = matching.map((r) => r.joined_on ?? '').sort()[0] ?? '';
  if (joined !== '' && course.end_date < joined) {
    return [
      {
        field: 'trainee_id',
        rule: 'joined_after_course',
        params: { trainee_id: traineeId, joined, course_id: course.course_id, end: course.end_date },
      },
    ];
  }
  return [];
};

/** The same trainee and course as the submission, in a row of the target tab (ids compared folded). */
function sameEntry(row: TypedRow, course: Course): (values: Values) => boolean {
  const traineeId = text(row, 'trainee_id');
  return (values) => cellId(values['trainee_id']) === traineeId && cellId(values['course_id']) === course.course_id;
}

function recorded(context: SubmissionContext, match: (values: Values) => boolean): boolean {
  return context.target.rows.some((r) => match(r.values));
}

/** The last day a retake may be scored: the course end plus the retake window, in the settings zone. */
function retakeEnd(context: SubmissionContext, course: Course): string {
  const { time_zone: zone, retake_window_days: days } = context.settings;
  return DateTime.fromISO(course.end_date, { zone }).plus({ days }).toISODate() ?? course.end_date;
}

function submittedDate(row: TypedRow, context: SubmissionContext): string | undefined {
  const at = text(row, 'submitted_at');
  return at === undefined ? undefined : (DateTime.fromISO(at, { zone: context.settings.time_zone }).toISODate() ?? undefined);
}

function outside(field: string, date: string | undefined, start: string, end: string): Problem[] {
  return date !== undefined && (date < start || date > end) ? [{ field, rule: 'date_outside_course', params: { start, end } }] : [];
}

const componentRequired: Rule = ({ row, course }) => {
  const component = text(row, 'component');
  if (course === undefined || component === undefined || course.required_components.includes(component as never)) return [];
  return [
    { field: 'component', rule: 'component_not_required', params: { course_id: course.course_id, allowed: course.required_components } },
  ];
};

/** Attempts up to the course's (else the Settings') maximum, each after the one before, none twice. */
const attemptInOrder: Rule = ({ row, failed, context, course }) => {
  const attempt = number(row, 'attempt');
  const component = text(row, 'component');
  if (course === undefined || attempt === undefined) return [];
  // Guessing the maximum could store an attempt the real one refuses: the sender retries once it is fixed.
  if (course.max_attempts === undefined) requireSettings(context.settings, 'score_intake', ['max_attempts']);
  const maxAttempts = course.max_attempts ?? context.settings.max_attempts;
  if (attempt > maxAttempts) return [{ field: 'attempt', rule: 'attempt_too_high', params: { max: maxAttempts } }];
  if (component === undefined || text(row, 'trainee_id') === undefined || failed.has('component')) return [];
  const same = sameEntry(row, course);
  const attemptOf = (values: Values) =>
    same(values) && cellChoice(values['component'], COMPONENTS) === component ? cellNumber(values['attempt']) : undefined;
  if (recorded(context, (values) => attemptOf(values) === attempt)) return [{ field: 'attempt', rule: 'already_recorded' }];
  if (attempt > 1 && !recorded(context, (values) => attemptOf(values) === attempt - 1)) {
    return [{ field: 'attempt', rule: 'attempt_out_of_order', params: { previous: attempt - 1, attempt } }];
  }
  return [];
};

/** A score is entered between the course start and the end of its retake window. */
const scoredInWindow: Rule = ({ row, context, course }) => {
  if (course === undefined) return [];
  requireSettings(context.settings, 'score_intake', ['retake_window_days']);
  return outside('submitted_at', submittedDate(row, context), course.start_date, retakeEnd(context, course));
};

const sessionInPlan: Rule = ({ row, course }) => {
  const session = number(row, 'session');
  return course !== undefined && session !== undefined && session > course.sessions
    ? [{ field: 'session', rule: 'session_out_of_range', params: { max: course.sessions } }]
    : [];
};

const dateInCourse =
  (field: 'session_date' | 'leave_date'): Rule =>
  ({ row, course }) =>
    course === undefined ? [] : outside(field, text(row, field), course.start_date, course.end_date);

const sessionOnce: Rule = ({ row, context, course }) => {
  const session = number(row, 'session');
  if (course === undefined || session === undefined || text(row, 'trainee_id') === undefined) return [];
  const same = sameEntry(row, course);
  return recorded(context, (values) => same(values) && cellNumber(values['session']) === session)
    ? [{ field: 'session', rule: 'already_recorded' }]
    : [];
};

const evaluatedAfterStart: Rule = ({ row, context, course }) => {
  const date = submittedDate(row, context);
  if (course === undefined || date === undefined || date >= course.start_date) return [];
  return [{ field: 'submitted_at', rule: 'date_outside_course', params: { start: course.start_date, end: retakeEnd(context, course) } }];
};

/** One evaluation per named trainee and course; anonymous ones are not counted. */
const evaluatedOnce: Rule = ({ row, context, course }) =>
  course !== undefined && text(row, 'trainee_id') !== undefined && recorded(context, sameEntry(row, course))
    ? [{ field: 'trainee_id', rule: 'already_recorded' }]
    : [];

/** Names compared as people read them: full-width forms folded, case and spaces ignored. */
const personName = (name: string) => plainText(name).replace(/\s+/g, '').toLowerCase();

/**
 * Nobody takes over a trainee: an enrollment naming a trainee id the Roster holds must carry that trainee's
 * name and e-mail, or it could route their results elsewhere (staff change e-mails in the Roster itself).
 */
function takesOver(row: TypedRow, failed: ReadonlySet<string>, known: readonly Trainee[]): boolean {
  const name = failed.has('name') ? undefined : text(row, 'name');
  const email = failed.has('email') ? undefined : text(row, 'email');
  return known.some(
    (trainee) =>
      (name !== undefined && personName(name) !== personName(trainee.name)) ||
      (email !== undefined && email.trim().toLowerCase() !== trainee.email.trim().toLowerCase()),
  );
}

/** An enrollment neither takes over a trainee on the Roster nor puts one in a cohort twice. */
const enrollsOnce: Rule = ({ row, failed, context }) => {
  const traineeId = text(row, 'trainee_id');
  if (traineeId === undefined) return [];
  const known = context.roster.get(traineeId) ?? [];
  if (takesOver(row, failed, known)) return [{ field: 'trainee_id', rule: 'trainee_id_taken', params: { trainee_id: traineeId } }];
  const cohort = text(row, 'cohort');
  if (cohort === undefined || failed.has('cohort')) return [];
  const already = known.some((t) => t.cohort === cohort);
  return already ? [{ field: 'trainee_id', rule: 'already_enrolled', params: { trainee_id: traineeId, cohort } }] : [];
};

// ── QR check-in (扫码签到) on Google ──
/**
 * A check-in code (pre-filled by a session's QR link) must be genuine for the course and session answered, and the
 * response submitted inside its window: the submit time is the form's (Google's), not one the trainee can state.
 */
const checkinCodeAdmits: Rule = ({ row, context }) => {
  const code = text(row, 'checkin_code');
  if (code === undefined) return [];
  if (context.checkinSecret === undefined) return [{ field: 'checkin_code', rule: 'checkin_refused', params: { reason: 'off' } }];
  const params = codeParams(code, text(row, 'course_id') ?? '', String(number(row, 'session') ?? ''));
  const at = DateTime.fromISO(text(row, 'submitted_at') ?? '').toMillis();
  const check = verifyCheckin(params, context.checkinSecret, at);
  return check.ok ? [] : [{ field: 'checkin_code', rule: 'checkin_refused', params: { reason: check.reason } }];
};

/** A genuine check-in for a session already recorded (a second scan) is a duplicate, not a Rejected row. */
export function repeatedCheckin(kind: SubmissionKind, row: TypedRow, problems: readonly Problem[]): boolean {
  if (kind !== 'attendance' || text(row, 'checkin_code') === undefined || problems.length === 0) return false;
  return problems.every((problem) => problem.field === 'session' && problem.rule === 'already_recorded');
}

/** Every rule of each kind, in the order its problems are reported. */
export const KIND_RULES: Readonly<Record<SubmissionKind, readonly Rule[]>> = {
  score: [traineeEnrolled, componentRequired, attemptInOrder, scoredInWindow],
  attendance: [traineeEnrolled, sessionInPlan, dateInCourse('session_date'), sessionOnce, checkinCodeAdmits],
  leave: [traineeEnrolled, sessionInPlan, dateInCourse('leave_date'), sessionOnce],
  evaluation: [traineeEnrolled, evaluatedAfterStart, evaluatedOnce],
  enrollment: [enrollsOnce],
};
