// Seeded, realistic sample rows for the source tabs, so a fresh workbook shows every grading scenario at once.
import { DateTime } from 'luxon';
import {
  ATTENDANCE_TAB,
  COMPONENTS,
  EVALUATIONS_TAB,
  SESSIONS_TAB,
  LEAVE_TAB,
  PLAN_TAB,
  ROSTER_TAB,
  SCORES_TAB,
  type SubmissionKind,
  type TabDef,
} from '../../../sheets-templates/index.js';
import type { Approval, AttendanceRecord, Component, Course, Evaluation, LeaveRequest, Level, Score, Trainee } from '../core/model.js';
import { toCell, type RowValue } from '../core/schemas.js';
import type { RowRecord } from '../core/table.js';
import {
  ABSENCES,
  ATTEMPTS,
  BRANCHES,
  COURSES,
  EMAIL_DOMAIN,
  EXCELLENT,
  GOOD_COMMENTS,
  JOINER,
  LEAVE_REASONS,
  LEAVES,
  MISSING,
  POOR_COMMENTS,
  POORLY_RATED,
  STAFF,
  STATUS,
  TRAINEES,
  TWO_COHORTS,
  type CourseSpec,
} from './sample-year.js';
/** mulberry32: tiny, fast and good enough for sample data; keeps output reproducible per seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** k distinct items, in their original order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(k, items.length)) chosen.add(Math.floor(this.next() * items.length));
    return items.filter((_, i) => chosen.has(i));
  }
}

interface SampleCourse {
  readonly spec: CourseSpec;
  readonly id: string;
  readonly start: string;
  readonly end: string;
  readonly practice: number;
  readonly sessionDates: readonly string[];
  /** Sessions before today: today's session is not recorded yet, so no sample timestamp lies in the future. */
  readonly held: number;
  readonly ended: boolean;
  readonly approved: boolean;
}

interface RosterEntry {
  readonly no: number;
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly branch: string;
  readonly level: Level;
  readonly direction: '对公' | '对私';
  readonly cohort: string;
  readonly status: '在训' | '暂停' | '退出';
  readonly submission?: { readonly id: string; readonly at: string };
  /** ISO date the trainee joined; absent: from the start of the year. */
  readonly joined?: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function addDays(date: string, days: number): string {
  const result = DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate();
  if (result === null) throw new Error(`invalid date ${date}`);
  return result;
}

function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days);
}

/** Shanghai has no daylight saving, so a fixed +08:00 offset is exact. */
function at(date: string, hour: number, minute: number): string {
  return `${date}T${pad(hour, 2)}:${pad(minute, 2)}:00+08:00`;
}

/** Sessions spread evenly over the course window, moved off weekends when that keeps them in order. */
function sessionDates(start: string, end: string, sessions: number): string[] {
  const span = daysBetween(start, end);
  const dates: string[] = [];
  for (let i = 0; i < sessions; i += 1) {
    const planned = addDays(start, sessions === 1 ? 0 : Math.round((i * span) / (sessions - 1)));
    const weekday = DateTime.fromISO(planned, { zone: 'UTC' }).weekday;
    const moved = weekday === 6 ? addDays(planned, -1) : weekday === 7 ? addDays(planned, 1) : planned;
    const previous = dates[dates.length - 1];
    dates.push(moved >= start && moved <= end && (previous === undefined || moved > previous) ? moved : planned);
  }
  return dates;
}

function buildCourses(year: number, today: string): SampleCourse[] {
  return COURSES.map((spec) => {
    const start = `${year}-${spec.start}`;
    const end = `${year}-${spec.end}`;
    const dates = sessionDates(start, end, spec.sessions);
    return {
      spec,
      id: `C${year}-${pad(spec.no, 2)}`,
      start,
      end,
      // Rounded so that theory + practice is exactly 1 and reads cleanly in the sheet.
      practice: Math.round((1 - spec.theory) * 10) / 10,
      sessionDates: dates,
      held: dates.filter((date) => date < today).length,
      ended: end < today,
      approved: spec.pending !== true,
    };
  });
}

function buildRoster(year: number, today: string): RosterEntry[] {
  const traineeId = (no: number) => `CM${year}${pad(no, 3)}`;
  const entries: RosterEntry[] = TRAINEES.map(([no, name, pinyin, direction], i) => {
    const level: Level = no <= 16 ? '助理级' : no <= 32 ? '专业级' : '高级';
    const cohort = level === '助理级' ? `助理级-${no <= 8 ? 1 : 2}期` : `${level}-1期`;
    return {
      no,
      id: traineeId(no),
      name,
      email: `${pinyin}@${EMAIL_DOMAIN}`,
      branch: BRANCHES[i % BRANCHES.length] ?? BRANCHES[0],
      level,
      direction,
      cohort: `${year}-${cohort}`,
      status: STATUS.get(no) ?? '在训',
    };
  });
  const first = entries.find((entry) => entry.no === TWO_COHORTS.trainee);
  const enrolled = `${year}-${TWO_COHORTS.enrolled}`;
  if (first && enrolled < today) {
    // The second cohort came in through the enrollment form, so it carries a submission id.
    entries.push({
      ...first,
      level: TWO_COHORTS.level,
      cohort: `${year}-${TWO_COHORTS.cohort}`,
      submission: { id: 'sample-enrollment-0001', at: at(enrolled, 10, 15) },
      joined: enrolled,
    });
  }
  const joined = `${year}-${JOINER.joined}`;
  if (joined < today) {
    entries.push({
      no: JOINER.no,
      id: traineeId(JOINER.no),
      name: JOINER.name,
      email: `${JOINER.pinyin}@${EMAIL_DOMAIN}`,
      branch: JOINER.branch,
      level: JOINER.level,
      direction: JOINER.direction,
      cohort: `${year}-${JOINER.cohort}`,
      status: '在训',
      submission: { id: 'sample-enrollment-0002', at: at(joined, 9, 40) },
      joined,
    });
  }
  return entries;
}

/** Active roster rows whose level and direction match the course and who joined before it ended, one per trainee. */
function participants(course: SampleCourse, roster: readonly RosterEntry[]): RosterEntry[] {
  const seen = new Set<string>();
  return roster.filter((entry) => {
    const match =
      entry.status === '在训' &&
      entry.level === course.spec.level &&
      (course.spec.direction === '通用' || entry.direction === course.spec.direction) &&
      (entry.joined === undefined || course.end >= entry.joined) &&
      !seen.has(entry.id);
    if (match) seen.add(entry.id);
    return match;
  });
}

const pairKey = (traineeNo: number, courseNo: number) => `${traineeNo}|${courseNo}`;

/** What every per-tab builder shares: the day the sample stops at, the seeded random source and the submission ids. */
interface Context {
  readonly today: string;
  readonly random: Random;
  /** The next submission id of a kind: sample-score-0001, sample-score-0002, … */
  readonly nextId: (kind: SubmissionKind) => string;
  /** A trainee's general ability, so their scores are consistent across courses, as real results are. */
  readonly ability: ReadonlyMap<number, number>;
}

/** The attendance mark of each held session, per trainee, and the leave requests behind the 请假 marks. */
interface SessionMarks {
  readonly statuses: ReadonlyMap<number, readonly AttendanceRecord['status'][]>;
  readonly leaves: readonly { trainee: RosterEntry; session: number; approval: Approval; reason: string }[];
}

function idCounter(): (kind: SubmissionKind) => string {
  const counters = new Map<SubmissionKind, number>();
  return (kind) => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    return `sample-${kind}-${pad(n, 4)}`;
  };
}

function planRows(courses: readonly SampleCourse[]): Course[] {
  return courses.map((course) => ({
    course_id: course.id,
    title: course.spec.title,
    category: course.spec.category,
    method: course.spec.method,
    level: course.spec.level,
    direction: course.spec.direction,
    instructor: course.spec.instructor,
    instructor_type: course.spec.instructorType,
    start_date: course.start,
    end_date: course.end,
    hours: course.spec.hours,
    sessions: course.spec.sessions,
    theory_weight: course.spec.theory,
    practice_weight: course.practice,
    required_components: course.spec.components,
    ...(course.spec.passMark === undefined ? {} : { pass_mark: course.spec.passMark }),
    ...(course.spec.minAttendance === undefined ? {} : { min_attendance: course.spec.minAttendance }),
    ...(course.spec.maxAttempts === undefined ? {} : { max_attempts: course.spec.maxAttempts }),
    approval: course.approved ? '已批准' : '待审批',
  }));
}

function rosterRows(roster: readonly RosterEntry[]): Trainee[] {
  return roster.map((entry) => ({
    trainee_id: entry.id,
    name: entry.name,
    email: entry.email,
    branch: entry.branch,
    level: entry.level,
    direction: entry.direction,
    cohort: entry.cohort,
    status: entry.status,
    ...(entry.submission === undefined ? {} : { submission_id: entry.submission.id, submitted_at: entry.submission.at }),
    ...(entry.joined === undefined ? {} : { joined_on: entry.joined }),
  }));
}

/** Mostly present, a little lateness, the scripted absences and leaves, and at most one stray absence or leave. */
function sessionMarks(course: SampleCourse, people: readonly RosterEntry[], { random }: Context): SessionMarks {
  const statuses = new Map<number, AttendanceRecord['status'][]>();
  const leaves: { trainee: RosterEntry; session: number; approval: Approval; reason: string }[] = [];
  const scripted = new Set([...ABSENCES, ...LEAVES].map((event) => pairKey(event.trainee, event.course)));
  for (const trainee of people) {
    const row = Array.from({ length: course.held }, (): AttendanceRecord['status'] => (random.chance(0.06) ? '迟到' : '出勤'));
    const key = pairKey(trainee.no, course.spec.no);
    for (const absence of ABSENCES.filter((event) => pairKey(event.trainee, event.course) === key)) {
      for (const session of random.sample([...row.keys()].slice(1), absence.count)) row[session] = '缺勤';
    }
    for (const request of LEAVES.filter((event) => pairKey(event.trainee, event.course) === key)) {
      const session = request.session === 0 ? course.held : request.session;
      if (session > course.held) continue;
      row[session - 1] = '请假';
      leaves.push({ trainee, session, approval: request.approval, reason: request.reason });
    }
    // Only where it cannot push the rate under a threshold.
    const eligible = !scripted.has(key) && course.held >= 6 && course.spec.minAttendance === undefined;
    if (eligible && random.chance(0.08)) {
      const session = random.int(2, course.held);
      if (random.chance(0.5)) row[session - 1] = '缺勤';
      else {
        row[session - 1] = '请假';
        leaves.push({ trainee, session, approval: '已批准', reason: random.pick(LEAVE_REASONS) });
      }
    }
    statuses.set(trainee.no, row);
  }
  return { statuses, leaves };
}

/** Instructors record a whole session at once, right after it ends; nobody is recorded before joining. */
function attendanceRows(course: SampleCourse, people: readonly RosterEntry[], marks: SessionMarks, context: Context): AttendanceRecord[] {
  const rows: AttendanceRecord[] = [];
  course.sessionDates.slice(0, course.held).forEach((date, i) => {
    for (const trainee of people) {
      if (trainee.joined !== undefined && date < trainee.joined) continue;
      rows.push({
        submission_id: context.nextId('attendance'),
        submitted_at: at(date, 17, context.random.int(0, 59)),
        course_id: course.id,
        trainee_id: trainee.id,
        session: i + 1,
        session_date: date,
        status: marks.statuses.get(trainee.no)?.[i] ?? '出勤',
        recorded_by: course.spec.instructor,
      });
    }
  });
  return rows;
}

/** A request a few days before the session it excuses; staff have decided all but the pending ones. */
function leaveRows(course: SampleCourse, marks: SessionMarks, { random, nextId }: Context): LeaveRequest[] {
  return marks.leaves.map((request) => {
    const date = course.sessionDates[request.session - 1] ?? course.start;
    const submittedAt = at(addDays(date, -random.int(1, 3)), random.int(9, 20), random.int(0, 59));
    return {
      submission_id: nextId('leave'),
      submitted_at: submittedAt,
      course_id: course.id,
      trainee_id: request.trainee.id,
      session: request.session,
      leave_date: date,
      reason: request.reason,
      approval: request.approval,
      ...(request.approval === '待审批' ? {} : { approver: random.pick(STAFF) }),
    };
  });
}

/**
 * An ended course has every required component (but the scripted missing one), first attempts and the
 * scripted retakes sat so far; a running course only the classroom marks given so far.
 */
function scoreRows(course: SampleCourse, people: readonly RosterEntry[], context: Context): Score[] {
  const { random, nextId, ability, today } = context;
  const rows: Score[] = [];
  const floor = (course.spec.passMark ?? 60) + 2;
  const normalScore = (trainee: RosterEntry) => {
    const excellent = EXCELLENT.has(trainee.no);
    const value = Math.round((ability.get(trainee.no) ?? 80) + (random.float() - 0.5) * 14);
    return excellent ? Math.min(100, Math.max(90, value)) : Math.min(98, Math.max(floor, value));
  };
  const score = (trainee: RosterEntry, component: Component, attempt: number, value: number, date: string) => {
    rows.push({
      submission_id: nextId('score'),
      submitted_at: at(date, random.int(9, 18), random.int(0, 59)),
      trainee_id: trainee.id,
      course_id: course.id,
      component,
      attempt,
      score: value,
      assessor: course.spec.instructor,
    });
  };
  if (!course.ended) {
    if (course.spec.components.includes('classroom') && course.held >= 2) {
      const last = course.sessionDates[course.held - 1] ?? course.start;
      for (const trainee of people) score(trainee, 'classroom', 1, normalScore(trainee), last);
    }
    return rows;
  }
  const middle = course.sessionDates[Math.floor(course.spec.sessions / 2)] ?? course.end;
  const attempts = new Map(ATTEMPTS.map((entry) => [pairKey(entry.trainee, entry.course), entry.attempts]));
  const missing = new Map(MISSING.map((entry) => [pairKey(entry.trainee, entry.course), entry.component]));
  for (const trainee of people) {
    const key = pairKey(trainee.no, course.spec.no);
    const ranges = attempts.get(key);
    for (const component of course.spec.components) {
      if (missing.get(key) === component) continue;
      const first = ranges?.[0];
      score(trainee, component, 1, first ? random.int(...first) : normalScore(trainee), component === 'classroom' ? middle : course.end);
    }
    ranges?.slice(1).forEach((range, i) => {
      const date = addDays(course.end, 6 * (i + 1) + random.int(0, 1));
      if (date >= today) return;
      for (const component of course.spec.components) score(trainee, component, i + 2, random.int(...range), date);
    });
  }
  return rows;
}

/** About 70 % of an ended course's trainees answer within three days; one course is rated clearly worse. */
function evaluationRows(course: SampleCourse, people: readonly RosterEntry[], { random, nextId, today }: Context): Evaluation[] {
  if (!course.ended) return [];
  const poor = course.spec.no === POORLY_RATED;
  const rating = () => {
    const r = random.float();
    if (poor) return r < 0.25 ? 2 : r < 0.75 ? 3 : 4;
    return r < 0.5 ? 5 : r < 0.9 ? 4 : 3;
  };
  const rows: Evaluation[] = [];
  for (const trainee of people) {
    if (!random.chance(0.7)) continue;
    const answered = addDays(course.end, random.int(0, Math.min(3, daysBetween(course.end, today) - 1)));
    const anonymous = random.chance(0.3);
    const comment = random.chance(poor ? 0.5 : 0.2) ? random.pick(poor ? POOR_COMMENTS : GOOD_COMMENTS) : undefined;
    rows.push({
      submission_id: nextId('evaluation'),
      submitted_at: at(answered, random.int(9, 21), random.int(0, 59)),
      course_id: course.id,
      ...(anonymous ? {} : { trainee_id: trainee.id }),
      goal_achievement: rating(),
      content_practicality: rating(),
      method_effectiveness: rating(),
      instructor_level: rating(),
      overall_satisfaction: rating(),
      ...(comment === undefined ? {} : { comment }),
    });
  }
  return rows;
}

/** A typed row as the cells of its tab, in template order: lists comma-separated, absent values blank. */
function cellsOf(tab: TabDef, row: object): RowRecord {
  const values = row as Readonly<Record<string, RowValue>>;
  const unknown = Object.keys(values).filter((key) => !tab.columns.some((column) => column.key === key));
  if (unknown.length > 0) throw new Error(`sample ${tab.name} rows have columns its template lacks: ${unknown.join(', ')}`);
  return Object.fromEntries(tab.columns.map((column) => [column.key, toCell(values[column.key])]));
}

// QR check-in (扫码签到): every approved course's sessions on its session dates, from 09:00, as long as its hours share out.
function sessionRows(courses: readonly SampleCourse[]): object[] {
  return courses
    .filter((course) => course.approved)
    .flatMap((course) => {
      const minutes = Math.min(8 * 60, Math.round((course.spec.hours * 60) / course.spec.sessions / 30) * 30);
      const room = course.spec.method === '线上' ? '线上直播' : `总行培训中心 ${300 + course.spec.no} 室`;
      return course.sessionDates.map((date, index) => {
        const starts = DateTime.fromISO(`${date}T09:00:00`, { zone: 'Asia/Shanghai' });
        // As staff type a time into the tab: the Settings zone is implied.
        const at = (time: DateTime) => time.toFormat('yyyy-MM-dd HH:mm');
        return { course_id: course.id, session: index + 1, starts_at: at(starts), ends_at: at(starts.plus({ minutes })), room };
      });
    });
}

/**
 * Rows of the source tabs by tab name, as staff and forms would have filled them by `today`. Scenario
 * people and courses are fixed so demos can point at them; the seed only varies scores, lateness and answers.
 */
export function sampleRows(options?: { year?: number; seed?: number; today?: string }): Map<string, RowRecord[]> {
  const year = options?.year ?? 2026;
  const seed = options?.seed ?? 1;
  const today = options?.today ?? `${year}-11-23`;
  if (!DateTime.fromISO(today).isValid || !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`today must be yyyy-MM-dd, got ${today}`);
  const random = new Random(seed);
  const courses = buildCourses(year, today);
  const roster = buildRoster(year, today);
  const ability = new Map(TRAINEES.map(([no]) => [no, EXCELLENT.has(no) ? 93 + random.float() * 3 : 70 + random.float() * 18]));
  const context: Context = { today, random, nextId: idCounter(), ability };

  const attendance: AttendanceRecord[] = [];
  const leave: LeaveRequest[] = [];
  const scores: Score[] = [];
  const evaluations: Evaluation[] = [];
  // Course by course, in this order: the seeded random source is drawn from in the same sequence every run.
  for (const course of courses) {
    if (!course.approved || course.held === 0) continue;
    const people = participants(course, roster);
    const marks = sessionMarks(course, people, context);
    attendance.push(...attendanceRows(course, people, marks, context));
    leave.push(...leaveRows(course, marks, context));
    scores.push(...scoreRows(course, people, context));
    evaluations.push(...evaluationRows(course, people, context));
  }

  const tabs: readonly (readonly [TabDef, readonly object[]])[] = [
    [PLAN_TAB, planRows(courses)],
    [ROSTER_TAB, rosterRows(roster)],
    [ATTENDANCE_TAB, attendance],
    [LEAVE_TAB, leave],
    [SCORES_TAB, scores],
    [EVALUATIONS_TAB, evaluations],
    [SESSIONS_TAB, sessionRows(courses)],
  ];
  const records = new Map(tabs.map(([tab, rows]) => [tab.name, rows.map((row) => cellsOf(tab, row))]));
  records.set(PLAN_TAB.name, (records.get(PLAN_TAB.name) ?? []).map(componentsAsTyped));
  return records;
}

/** Required components as staff type them: their Chinese names. */
function componentsAsTyped(record: RowRecord): RowRecord {
  const typed = String(record['required_components'] ?? '')
    .split(',')
    .map((component) => COMPONENTS.find((c) => c.value === component)?.label.zh ?? component)
    .join(',');
  return { ...record, required_components: typed };
}
