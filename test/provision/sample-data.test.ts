// The sample workbook rows validate against the templates, obey the submission rules and show every scenario.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  ATTENDANCE_TAB,
  EVALUATIONS_TAB,
  LEAVE_TAB,
  PLAN_TAB,
  PRACTICE_COMPONENTS,
  ROSTER_TAB,
  SCORES_TAB,
  SESSIONS_TAB,
  THEORY_COMPONENTS,
  values,
  type TabDef,
} from '../../sheets-templates/index.js';
import type { AttendanceRecord, Course, Evaluation, LeaveRequest, Score, Trainee } from '../../functions/src/core/model.js';
import { parseRow } from '../../functions/src/core/schemas.js';
import { sampleRows } from '../../functions/src/provision/sample-data.js';
import type { RowRecord } from '../../functions/src/core/table.js';

const ZONE = 'Asia/Shanghai';
const TABS: readonly TabDef[] = [PLAN_TAB, ROSTER_TAB, ATTENDANCE_TAB, LEAVE_TAB, SCORES_TAB, EVALUATIONS_TAB, SESSIONS_TAB];
const SUBMISSION_TABS: readonly TabDef[] = [ATTENDANCE_TAB, LEAVE_TAB, SCORES_TAB, EVALUATIONS_TAB];
const THEORY = new Set<string>(values(THEORY_COMPONENTS));
const PRACTICE = new Set<string>(values(PRACTICE_COMPONENTS));
// Template defaults (Settings tab), used where a course has no override.
const DEFAULT_PASS_MARK = 60;
const DEFAULT_MAX_ATTEMPTS = 2;
const RETAKE_WINDOW_DAYS = 14;

type Sample = Map<string, RowRecord[]>;

function rowsOf(sample: Sample, tab: TabDef): RowRecord[] {
  const rows = sample.get(tab.name);
  if (!rows) throw new Error(`sample has no ${tab.name} tab`);
  return rows;
}

/** Typed rows of a tab; a row that does not validate fails the calling test with its problems. */
function typed<T>(sample: Sample, tab: TabDef): T[] {
  return rowsOf(sample, tab).map((row, i) => {
    const result = parseRow(tab, row, ZONE);
    if (!result.ok) throw new Error(`${tab.name} row ${i + 1} is invalid: ${JSON.stringify(result.problems)}`);
    return result.row as unknown as T;
  });
}

interface World {
  readonly today: string;
  readonly plan: Course[];
  readonly roster: Trainee[];
  readonly attendance: AttendanceRecord[];
  readonly leave: LeaveRequest[];
  readonly scores: Score[];
  readonly evaluations: Evaluation[];
  readonly courses: Map<string, Course>;
}

function world(sample: Sample, today: string): World {
  const plan = typed<Course>(sample, PLAN_TAB);
  return {
    today,
    plan,
    roster: typed<Trainee>(sample, ROSTER_TAB),
    attendance: typed<AttendanceRecord>(sample, ATTENDANCE_TAB),
    leave: typed<LeaveRequest>(sample, LEAVE_TAB),
    scores: typed<Score>(sample, SCORES_TAB),
    evaluations: typed<Evaluation>(sample, EVALUATIONS_TAB),
    courses: new Map(plan.map((course) => [course.course_id, course])),
  };
}

/** The rule validateSubmission applies: an active roster row of the course's level, its direction unless 通用, joined before the course ended. */
function enrolled(roster: readonly Trainee[], traineeId: string, course: Course): boolean {
  return roster.some(
    (t) =>
      t.trainee_id === traineeId &&
      t.status === '在训' &&
      t.level === course.level &&
      (course.direction === '通用' || t.direction === course.direction) &&
      (t.joined_on === undefined || course.end_date >= t.joined_on),
  );
}

/** The day a trainee joined the course's level: sessions before it are not theirs. */
function joinedOn(roster: readonly Trainee[], traineeId: string, course: Course): string {
  return roster.find((t) => t.trainee_id === traineeId && t.level === course.level)?.joined_on ?? '';
}

const dateOf = (iso: string | undefined) =>
  iso === undefined ? undefined : (DateTime.fromISO(iso, { zone: ZONE }).toISODate() ?? undefined);
const addDays = (date: string, days: number) => DateTime.fromISO(date, { zone: ZONE }).plus({ days }).toISODate() ?? date;
const pairKey = (traineeId: string, courseId: string) => `${traineeId}|${courseId}`;

/** Weighted total of one attempt, each component at its latest attempt up to `attempt`; undefined when one is missing. */
function totalAt(w: World, traineeId: string, course: Course, attempt: number): number | undefined {
  const latest = (component: string) =>
    w.scores
      .filter((s) => s.trainee_id === traineeId && s.course_id === course.course_id && s.component === component && s.attempt <= attempt)
      .sort((a, b) => b.attempt - a.attempt)[0]?.score;
  const average = (components: readonly string[]) => {
    const found = components.map(latest);
    if (found.some((v) => v === undefined)) return undefined;
    return found.reduce<number>((sum, v) => sum + (v ?? 0), 0) / Math.max(1, found.length);
  };
  const theory = average(course.required_components.filter((c) => THEORY.has(c)));
  const practice = average(course.required_components.filter((c) => PRACTICE.has(c)));
  if (theory === undefined || practice === undefined) return undefined;
  return course.theory_weight * theory + course.practice_weight * practice;
}

/** Attended sessions over sessions held, with approved leave excused. */
function attendanceRate(w: World, traineeId: string, courseId: string): number {
  const rows = w.attendance.filter((a) => a.trainee_id === traineeId && a.course_id === courseId);
  const approved = (session: number) =>
    w.leave.some((l) => l.trainee_id === traineeId && l.course_id === courseId && l.session === session && l.approval === '已批准');
  const counted = rows.filter((a) => !(a.status === '请假' && approved(a.session)));
  const present = counted.filter((a) => a.status === '出勤' || a.status === '迟到').length;
  return counted.length === 0 ? 1 : present / counted.length;
}

describe('with the default options', () => {
  const TODAY = '2026-11-23';
  const sample = sampleRows();
  const w = world(sample, TODAY);
  const ended = w.plan.filter((c) => c.end_date < TODAY);

  it('returns the six source tabs and the session schedule', () => {
    expect([...sample.keys()]).toEqual(['Plan', 'Roster', 'Attendance', 'Leave', 'Scores', 'Evaluations', 'Sessions']);
  });

  it.each(TABS.map((tab) => ({ name: tab.name, tab })))(
    'every $name row validates against its template and uses only its columns',
    ({ tab }) => {
      const rows = rowsOf(sample, tab);
      expect(rows.length).toBeGreaterThan(0);
      const keys = new Set(tab.columns.map((c) => c.key));
      const problems = rows.flatMap((row, i) => {
        const result = parseRow(tab, row, ZONE);
        const stray = Object.keys(row).filter((key) => !keys.has(key));
        return [...(result.ok ? [] : [{ row: i + 1, problems: result.problems }]), ...(stray.length > 0 ? [{ row: i + 1, stray }] : [])];
      });
      expect(problems).toEqual([]);
    },
  );

  describe('the plan', () => {
    it('has 16–20 courses across every level and direction, with realistic hours and sessions', () => {
      expect(w.plan.length).toBeGreaterThanOrEqual(16);
      expect(w.plan.length).toBeLessThanOrEqual(20);
      expect(new Set(w.plan.map((c) => c.level))).toEqual(new Set(['助理级', '专业级', '高级']));
      expect(new Set(w.plan.map((c) => c.direction))).toEqual(new Set(['对公', '对私', '通用']));
      expect(new Set(w.plan.map((c) => c.course_id)).size).toBe(w.plan.length);
      for (const c of w.plan) {
        expect(c.hours).toBeGreaterThanOrEqual(8);
        expect(c.hours).toBeLessThanOrEqual(32);
        expect(c.sessions).toBeGreaterThanOrEqual(4);
        expect(c.sessions).toBeLessThanOrEqual(12);
        expect(c.start_date <= c.end_date).toBe(true);
        expect(c.start_date.startsWith('2026-') && c.end_date.startsWith('2026-')).toBe(true);
      }
    });

    it('has weights summing to 1 and components only on the side that carries weight', () => {
      for (const c of w.plan) {
        expect(c.theory_weight + c.practice_weight, c.course_id).toBeCloseTo(1, 10);
        const theory = c.required_components.filter((x) => THEORY.has(x));
        const practice = c.required_components.filter((x) => PRACTICE.has(x));
        expect(theory.length > 0, `${c.course_id} theory components`).toBe(c.theory_weight > 0);
        expect(practice.length > 0, `${c.course_id} practice components`).toBe(c.practice_weight > 0);
      }
      expect(w.plan.some((c) => c.practice_weight === 0)).toBe(true);
      expect(w.plan.some((c) => c.theory_weight === 0)).toBe(true);
    });

    it('has exactly one course awaiting approval, a few overrides and two or three courses in progress', () => {
      expect(w.plan.filter((c) => c.approval === '待审批')).toHaveLength(1);
      expect(w.plan.filter((c) => c.approval !== '已批准' && c.approval !== '待审批')).toHaveLength(0);
      expect(
        w.plan.filter((c) => c.pass_mark !== undefined || c.min_attendance !== undefined || c.max_attempts !== undefined).length,
      ).toBeGreaterThanOrEqual(2);
      const running = w.plan.filter((c) => c.approval === '已批准' && c.start_date <= TODAY && c.end_date >= TODAY);
      expect(running.length).toBeGreaterThanOrEqual(2);
      expect(running.length).toBeLessThanOrEqual(3);
      expect(ended.length).toBeGreaterThan(w.plan.length / 2);
    });
  });

  describe('the roster', () => {
    it('has 35–45 trainees with unique e-mails on reserved domains', () => {
      const ids = new Set(w.roster.map((t) => t.trainee_id));
      expect(ids.size).toBeGreaterThanOrEqual(35);
      expect(ids.size).toBeLessThanOrEqual(45);
      const emailOf = new Map<string, Set<string>>();
      for (const t of w.roster) emailOf.set(t.trainee_id, (emailOf.get(t.trainee_id) ?? new Set()).add(t.email));
      expect([...emailOf.values()].every((emails) => emails.size === 1)).toBe(true);
      expect(new Set(w.roster.map((t) => t.email)).size).toBe(ids.size);
      expect(w.roster.every((t) => /@(bank\.example|example\.com)$/.test(t.email))).toBe(true);
      expect(w.roster.every((t) => /^CM2026\d{3}$/.test(t.trainee_id))).toBe(true);
    });

    it('has exactly one trainee in two cohorts, at two levels', () => {
      const byId = new Map<string, Trainee[]>();
      for (const t of w.roster) byId.set(t.trainee_id, [...(byId.get(t.trainee_id) ?? []), t]);
      const twice = [...byId.values()].filter((rows) => rows.length > 1);
      expect(twice).toHaveLength(1);
      const [rows] = twice;
      expect(rows).toHaveLength(2);
      expect(new Set(rows?.map((t) => t.cohort)).size).toBe(2);
      expect(new Set(rows?.map((t) => t.level)).size).toBe(2);
    });

    it('is mostly active, with one suspended and one withdrawn trainee', () => {
      expect(w.roster.filter((t) => t.status === '暂停')).toHaveLength(1);
      expect(w.roster.filter((t) => t.status === '退出')).toHaveLength(1);
      expect(w.roster.filter((t) => t.status === '在训').length).toBeGreaterThan(w.roster.length * 0.9);
    });
  });

  describe('the submissions', () => {
    it('all carry a unique submission id and a time not after today', () => {
      const ids: string[] = [];
      const late: string[] = [];
      for (const tab of [...SUBMISSION_TABS, ROSTER_TAB]) {
        for (const row of typed<{ submission_id?: string; submitted_at?: string }>(sample, tab)) {
          if (tab !== ROSTER_TAB) {
            expect(row.submission_id, tab.name).toBeDefined();
            expect(row.submitted_at, tab.name).toBeDefined();
          }
          if (row.submission_id !== undefined) ids.push(row.submission_id);
          const date = dateOf(row.submitted_at);
          if (date !== undefined && date > TODAY) late.push(`${tab.name} ${row.submission_id ?? ''}`);
        }
      }
      expect(ids.length - new Set(ids).size).toBe(0);
      expect(late).toEqual([]);
    });

    it('name approved courses and enrolled, active trainees', () => {
      const rows: { tab: string; course_id: string; trainee_id?: string }[] = [
        ...w.scores.map((r) => ({ tab: 'Scores', ...r })),
        ...w.attendance.map((r) => ({ tab: 'Attendance', ...r })),
        ...w.leave.map((r) => ({ tab: 'Leave', ...r })),
        ...w.evaluations.map((r) => ({ tab: 'Evaluations', ...r })),
      ];
      const wrong = rows.filter((r) => {
        const course = w.courses.get(r.course_id);
        if (!course || course.approval !== '已批准') return true;
        return r.trainee_id !== undefined && !enrolled(w.roster, r.trainee_id, course);
      });
      expect(wrong).toEqual([]);
    });
  });

  describe('the scores', () => {
    it('are only for required components, in attempt order and within the allowed attempts', () => {
      const problems: string[] = [];
      const key = (s: Score, attempt: number) => `${pairKey(s.trainee_id, s.course_id)}|${s.component}|${attempt}`;
      const recorded = new Set(w.scores.map((s) => key(s, s.attempt)));
      expect(recorded.size).toBe(w.scores.length);
      for (const s of w.scores) {
        const course = w.courses.get(s.course_id);
        if (!course) continue;
        if (!course.required_components.includes(s.component)) problems.push(`${s.submission_id ?? ''}: ${s.component} not required`);
        if (s.attempt > 1 && !recorded.has(key(s, s.attempt - 1)))
          problems.push(`${s.submission_id ?? ''}: attempt ${s.attempt} without ${s.attempt - 1}`);
        if (s.attempt > (course.max_attempts ?? DEFAULT_MAX_ATTEMPTS))
          problems.push(`${s.submission_id ?? ''}: attempt ${s.attempt} too high`);
        const date = dateOf(s.submitted_at) ?? '';
        if (date < course.start_date || date > addDays(course.end_date, RETAKE_WINDOW_DAYS))
          problems.push(`${s.submission_id ?? ''}: ${date} outside course`);
        if (s.attempt === 1 && date > course.end_date) problems.push(`${s.submission_id ?? ''}: first attempt after the course`);
        if (s.assessor !== course.instructor) problems.push(`${s.submission_id ?? ''}: assessor ${s.assessor ?? ''}`);
      }
      expect(problems).toEqual([]);
    });

    it('cover every required component of every enrolled trainee of an ended course, but one', () => {
      const missing: string[] = [];
      for (const course of ended.filter((c) => c.approval === '已批准')) {
        const trainees = new Set(w.roster.filter((t) => enrolled(w.roster, t.trainee_id, course)).map((t) => t.trainee_id));
        for (const traineeId of trainees) {
          for (const component of course.required_components) {
            if (
              !w.scores.some(
                (s) => s.trainee_id === traineeId && s.course_id === course.course_id && s.component === component && s.attempt === 1,
              )
            ) {
              missing.push(`${traineeId}|${course.course_id}|${component}`);
            }
          }
        }
      }
      expect(missing).toHaveLength(1);
    });

    it('are mostly 70–95, with excellent trainees, failures, passed and failed retakes', () => {
      const firsts = w.scores.filter((s) => s.attempt === 1);
      expect(firsts.filter((s) => s.score >= 70 && s.score <= 95).length).toBeGreaterThan(firsts.length * 0.75);
      const pairs = [...new Set(w.scores.map((s) => pairKey(s.trainee_id, s.course_id)))].flatMap((key) => {
        const [traineeId = '', courseId = ''] = key.split('|');
        const course = w.courses.get(courseId);
        return course && course.end_date < TODAY ? [{ traineeId, course }] : [];
      });
      const passMark = (c: Course) => c.pass_mark ?? DEFAULT_PASS_MARK;
      const failed = pairs.filter(({ traineeId, course }) => (totalAt(w, traineeId, course, 1) ?? 100) < passMark(course));
      const retaken = failed.filter(({ traineeId, course }) =>
        w.scores.some((s) => s.trainee_id === traineeId && s.course_id === course.course_id && s.attempt === 2),
      );
      const retakePassed = retaken.filter(({ traineeId, course }) => (totalAt(w, traineeId, course, 10) ?? 0) >= passMark(course));
      const excellent = pairs.filter(({ traineeId, course }) =>
        w.scores.filter((s) => s.trainee_id === traineeId && s.course_id === course.course_id).every((s) => s.score >= 90),
      );
      expect(failed.filter(({ course }) => passMark(course) === DEFAULT_PASS_MARK).length).toBeGreaterThanOrEqual(3);
      expect(retaken.length).toBeGreaterThanOrEqual(2);
      expect(retakePassed.length).toBeGreaterThanOrEqual(2);
      expect(retaken.length - retakePassed.length).toBeGreaterThanOrEqual(1);
      expect(excellent.length).toBeGreaterThanOrEqual(5);
    });

    it('are partial for courses in progress', () => {
      const running = w.plan.filter((c) => c.start_date <= TODAY && c.end_date >= TODAY).map((c) => c.course_id);
      const partial = w.scores.filter((s) => running.includes(s.course_id));
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.every((s) => (dateOf(s.submitted_at) ?? '') < TODAY)).toBe(true);
    });
  });

  describe('the attendance', () => {
    it('is within each course: session numbers, dates in the window and not after today, one row per session', () => {
      const problems: string[] = [];
      const seen = new Set<string>();
      for (const a of w.attendance) {
        const course = w.courses.get(a.course_id);
        if (!course) continue;
        if (a.session > course.sessions) problems.push(`${a.submission_id ?? ''}: session ${a.session}`);
        if (a.session_date < course.start_date || a.session_date > course.end_date)
          problems.push(`${a.submission_id ?? ''}: ${a.session_date} outside`);
        if (a.session_date > TODAY) problems.push(`${a.submission_id ?? ''}: ${a.session_date} after today`);
        const key = `${pairKey(a.trainee_id, a.course_id)}|${a.session}`;
        if (seen.has(key)) problems.push(`${key} twice`);
        seen.add(key);
      }
      expect(problems).toEqual([]);
    });

    it('records every enrolled active trainee at every session held of a started course since they joined', () => {
      for (const course of w.plan.filter((c) => c.approval === '已批准' && c.start_date < TODAY)) {
        const rows = w.attendance.filter((a) => a.course_id === course.course_id);
        const trainees = new Set(w.roster.filter((t) => enrolled(w.roster, t.trainee_id, course)).map((t) => t.trainee_id));
        const sessions = new Map(rows.map((a) => [a.session, a.session_date]));
        const expected = [...trainees].reduce(
          (sum, id) => sum + [...sessions.values()].filter((date) => date >= joinedOn(w.roster, id, course)).length,
          0,
        );
        expect(rows.length, course.course_id).toBe(expected);
        if (course.end_date < TODAY) expect(sessions.size, course.course_id).toBe(course.sessions);
      }
    });

    it('has one trainee who joined in June, with no row for a course that ended before and none before joining', () => {
      const joiners = w.roster.filter((t) => t.joined_on !== undefined && t.joined_on > '2026-06-01');
      expect(joiners.map((t) => [t.trainee_id, t.joined_on])).toEqual([['CM2026041', '2026-06-22']]);
      const rows = w.attendance.filter((a) => a.trainee_id === 'CM2026041');
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((a) => a.session_date >= '2026-06-22')).toBe(true);
      const courses = new Set(rows.map((a) => a.course_id));
      expect(w.plan.filter((c) => courses.has(c.course_id)).every((c) => c.end_date >= '2026-06-22')).toBe(true);
    });

    it('is mostly present, with some late, absent and on-leave sessions', () => {
      const count = (status: string) => w.attendance.filter((a) => a.status === status).length;
      expect(count('出勤')).toBeGreaterThan(w.attendance.length * 0.8);
      expect(count('迟到')).toBeGreaterThan(0);
      expect(count('缺勤')).toBeGreaterThan(0);
      expect(count('请假')).toBeGreaterThan(0);
    });

    it('matches every 请假 session with a Leave row, and every Leave row with a 请假 session', () => {
      const leaveKeys = new Set(w.leave.map((l) => `${pairKey(l.trainee_id, l.course_id)}|${l.session}`));
      const onLeave = w.attendance.filter((a) => a.status === '请假');
      expect(onLeave.filter((a) => !leaveKeys.has(`${pairKey(a.trainee_id, a.course_id)}|${a.session}`))).toEqual([]);
      const onLeaveKeys = new Set(onLeave.map((a) => `${pairKey(a.trainee_id, a.course_id)}|${a.session}`));
      expect(w.leave.filter((l) => !onLeaveKeys.has(`${pairKey(l.trainee_id, l.course_id)}|${l.session}`))).toEqual([]);
      for (const l of w.leave) {
        const date = w.attendance.find(
          (a) => a.trainee_id === l.trainee_id && a.course_id === l.course_id && a.session === l.session,
        )?.session_date;
        expect(l.leave_date).toBe(date);
      }
    });

    it('has leave mostly approved, one pending and one declined, each decided by staff', () => {
      expect(w.leave.filter((l) => l.approval === '待审批')).toHaveLength(1);
      expect(w.leave.filter((l) => l.approval === '已驳回')).toHaveLength(1);
      expect(w.leave.filter((l) => l.approval === '已批准').length).toBeGreaterThan(w.leave.length / 2);
      expect(w.leave.every((l) => (l.approval === '待审批') === (l.approver === undefined))).toBe(true);
    });

    it('falls under 0.8 for one or two trainees of ended courses, and nobody else', () => {
      const low = ended.flatMap((course) =>
        [...new Set(w.attendance.filter((a) => a.course_id === course.course_id).map((a) => a.trainee_id))]
          .filter((traineeId) => attendanceRate(w, traineeId, course.course_id) < 0.8)
          .map((traineeId) => pairKey(traineeId, course.course_id)),
      );
      expect(low.length).toBeGreaterThanOrEqual(1);
      expect(low.length).toBeLessThanOrEqual(2);
    });
  });

  describe('the evaluations', () => {
    it('come from about 70% of the trainees of ended courses, at most once each', () => {
      const named = w.evaluations.filter((e) => e.trainee_id !== undefined).map((e) => pairKey(e.trainee_id ?? '', e.course_id));
      expect(new Set(named).size).toBe(named.length);
      expect(w.evaluations.every((e) => ended.some((c) => c.course_id === e.course_id))).toBe(true);
      const possible = ended.reduce(
        (sum, c) => sum + new Set(w.attendance.filter((a) => a.course_id === c.course_id).map((a) => a.trainee_id)).size,
        0,
      );
      expect(w.evaluations.length / possible).toBeGreaterThan(0.55);
      expect(w.evaluations.length / possible).toBeLessThan(0.85);
      expect(w.evaluations.some((e) => e.trainee_id === undefined)).toBe(true);
      expect(w.evaluations.some((e) => e.comment !== undefined)).toBe(true);
    });

    it('rate mostly 4–5, with one course clearly worse', () => {
      const ratings = (e: Evaluation) => [
        e.goal_achievement,
        e.content_practicality,
        e.method_effectiveness,
        e.instructor_level,
        e.overall_satisfaction,
      ];
      const all = w.evaluations.flatMap(ratings);
      expect(all.filter((r) => r >= 4).length).toBeGreaterThan(all.length * 0.7);
      const means = ended
        .map((c) => w.evaluations.filter((e) => e.course_id === c.course_id).flatMap(ratings))
        .filter((rs) => rs.length > 0)
        .map((rs) => rs.reduce((a, b) => a + b, 0) / rs.length)
        .sort((a, b) => a - b);
      const [worst = 0, second = 0] = means;
      expect(worst).toBeLessThan(3.5);
      expect(second - worst).toBeGreaterThan(0.5);
      expect(means[Math.floor(means.length / 2)]).toBeGreaterThan(4);
    });
  });
});

describe('with a seed', () => {
  it('gives identical rows for the same seed', () => {
    expect(sampleRows({ seed: 7 })).toEqual(sampleRows({ seed: 7 }));
    expect(sampleRows()).toEqual(sampleRows());
  });

  it('gives different rows for another seed', () => {
    expect(sampleRows({ seed: 7 })).not.toEqual(sampleRows({ seed: 8 }));
  });

  it.each([2, 3, 42, 2026])('keeps every rule for seed %i', (seed) => {
    const w = world(sampleRows({ seed }), '2026-11-23');
    const leaveKeys = new Set(w.leave.map((l) => `${pairKey(l.trainee_id, l.course_id)}|${l.session}`));
    for (const a of w.attendance) {
      const course = w.courses.get(a.course_id);
      expect(course !== undefined && enrolled(w.roster, a.trainee_id, course)).toBe(true);
      if (a.status === '请假') expect(leaveKeys.has(`${pairKey(a.trainee_id, a.course_id)}|${a.session}`)).toBe(true);
    }
    for (const s of w.scores) expect(w.courses.get(s.course_id)?.required_components).toContain(s.component);
  });
});

describe('with another year and an earlier today', () => {
  const today = '2025-06-20';
  const sample = sampleRows({ year: 2025, today, seed: 3 });
  const w = world(sample, today);

  it('dates the plan in that year and ids carry the year', () => {
    expect(w.plan.every((c) => c.start_date.startsWith('2025-') && c.course_id.includes('2025'))).toBe(true);
    expect(w.roster.every((t) => t.trainee_id.startsWith('CM2025'))).toBe(true);
  });

  it('records nothing after today and scores only what has happened', () => {
    expect(w.attendance.every((a) => a.session_date < today)).toBe(true);
    for (const tab of SUBMISSION_TABS) {
      for (const row of typed<{ submitted_at?: string }>(sample, tab)) expect((dateOf(row.submitted_at) ?? '') <= today).toBe(true);
    }
    expect(w.evaluations.every((e) => (w.courses.get(e.course_id)?.end_date ?? '') < today)).toBe(true);
    expect(w.attendance.length).toBeGreaterThan(0);
  });
});
