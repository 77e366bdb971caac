// The Appraisal figures of a sample quarter, computed by hand in the comments, and the export marks against AppraisalExports.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { exportRecords, fingerprint, lastExports, type MarkedRow } from '../../../functions/src/core/appraisal/exports.js';
import { parsePeriod } from '../../../functions/src/core/appraisal/period.js';
import { bonusPoints } from '../../../functions/src/core/appraisal/rows.js';
import { appraisalRecords, markedAppraisal } from '../../../functions/src/core/appraisal/tab.js';
import type { AttendanceRecord } from '../../../functions/src/core/model.js';
import type { Table } from '../../../functions/src/core/table.js';
import { endedCourse, leaveFor, run, scoresFor, settingsWith, source, trainee } from '../grading/fixtures.js';

/** 1 November 2026: both courses have ended. */
const NOW = DateTime.fromISO('2026-11-01T09:00:00', { zone: 'Asia/Shanghai' });

const seen = (trainee_id: string, course_id: string, session: number, session_date: string, status: AttendanceRecord['status']) => ({
  trainee_id,
  course_id,
  session,
  session_date,
  status,
});

/**
 * C1 (16 h, 4 sessions, 6–27 July) and C2 (12 h, 3 sessions, 21 Sept – 12 Oct, across Q3 and Q4).
 * T1 attends everything, 95 in C1 (优秀) and 85 in C2 (通过).
 * T2 in C1: present at 1, late at 2, approved leave at 3, absent at 4 (no record), 70 and 70 → attendance 2 / 3 < 80 %: not passed.
 * T2 in C2: absent (缺勤) at 1, late (迟到) at 2, absent at 3, no scores: not passed.
 */
function sampleQuarter(settings = settingsWith()) {
  return source({
    settings,
    courses: [
      endedCourse({ course_id: 'C1', title: '对公信贷基础', hours: 16, sessions: 4, start_date: '2026-07-06', end_date: '2026-07-27' }),
      endedCourse({ course_id: 'C2', title: '财富管理实务', hours: 12, sessions: 3, start_date: '2026-09-21', end_date: '2026-10-12' }),
    ],
    roster: [trainee({ trainee_id: 'T1', name: '张三' }), trainee({ trainee_id: 'T2', name: '李四', branch: '城西支行' })],
    scores: [
      ...scoresFor('T1', 'C1', { exam: 95, case: 95 }),
      ...scoresFor('T1', 'C2', { exam: 85, case: 85 }),
      ...scoresFor('T2', 'C1', { exam: 70, case: 70 }),
    ],
    attendance: [
      seen('T1', 'C1', 1, '2026-07-06', '出勤'),
      seen('T1', 'C1', 2, '2026-07-13', '出勤'),
      seen('T1', 'C1', 3, '2026-07-20', '出勤'),
      seen('T1', 'C1', 4, '2026-07-27', '出勤'),
      seen('T2', 'C1', 1, '2026-07-06', '出勤'),
      seen('T2', 'C1', 2, '2026-07-13', '迟到'),
      seen('T1', 'C2', 1, '2026-09-21', '出勤'),
      seen('T1', 'C2', 2, '2026-09-28', '出勤'),
      seen('T1', 'C2', 3, '2026-10-12', '出勤'),
      seen('T2', 'C2', 1, '2026-09-21', '缺勤'),
      seen('T2', 'C2', 2, '2026-09-28', '迟到'),
      seen('T2', 'C2', 3, '2026-10-12', '缺勤'),
    ],
    leave: [{ ...leaveFor('T2', 'C1', 3, '已批准'), leave_date: '2026-07-20' }],
  });
}

const figures = ({ export_mark: _m, exported_at: _e, name: _n, branch: _b, ...rest }: MarkedRow) => rest;

describe('the sample quarter 2026-Q3, default rules (1 per course passed, 2 per 优秀, −1 per unexcused absence)', () => {
  const result = run(sampleQuarter(), NOW);

  it('grades the courses as the scenario says', () => {
    expect(result.grades.map((row) => [row.trainee_id, row.course_id, row.status])).toEqual([
      ['T1', 'C1', '优秀'],
      ['T1', 'C2', '通过'],
      // Attendance below the minimum is re-training, not a retake.
      ['T2', 'C1', '重修/辅导'],
      ['T2', 'C2', '缺考'],
    ]);
  });

  it('gives each trainee the hand-computed quarter figures', () => {
    const rows = markedAppraisal(result.appraisal, settingsWith(), undefined);
    expect(rows.map(figures)).toEqual([
      // T1, Q3: hours C1 16 × 4/4 = 16, C2 12 × 2/3 = 8 (sessions 21 and 28 Sept) → 24.
      // Passed: C1 (ends 27 July); C2 ends 12 Oct, so Q4. 优秀: C1. Absences: none.
      // Bonus: 1 × 1 + 1 × 2 − 0 × 1 = 3.
      {
        period: '2026-Q3',
        trainee_id: 'T1',
        training_hours: 24,
        courses_passed: 1,
        excellent_count: 1,
        bonus_points: 3,
        unexcused_absences: 0,
      },
      // T2, Q3: hours C1 16 × 2/4 = 8 (session 2 late counts; session 3 on leave earns none), C2 12 × 1/3 = 4 (late at 28 Sept) → 12.
      // Absences: C1 session 4 (27 July, no record, no leave) and C2 session 1 (21 Sept, 缺勤) → 2. Passed none.
      // Bonus: 0 × 1 + 0 × 2 − 2 × 1 = −2.
      {
        period: '2026-Q3',
        trainee_id: 'T2',
        training_hours: 12,
        courses_passed: 0,
        excellent_count: 0,
        bonus_points: -2,
        unexcused_absences: 2,
      },
      // T1, Q4: C2 session 3 (12 Oct) 12 × 1/3 = 4 hours; C2 passed → bonus 1.
      {
        period: '2026-Q4',
        trainee_id: 'T1',
        training_hours: 4,
        courses_passed: 1,
        excellent_count: 0,
        bonus_points: 1,
        unexcused_absences: 0,
      },
      // T2, Q4: C2 session 3 absent → 1 absence, bonus −1.
      {
        period: '2026-Q4',
        trainee_id: 'T2',
        training_hours: 0,
        courses_passed: 0,
        excellent_count: 0,
        bonus_points: -1,
        unexcused_absences: 1,
      },
    ]);
  });

  it('sums the months of any cadence: the year is the two quarters added up', () => {
    const year = markedAppraisal(result.appraisal, settingsWith({ appraisal_cadence: '年度' }), undefined);
    expect(year.map((row) => [row.period, row.trainee_id, row.training_hours, row.bonus_points, row.unexcused_absences])).toEqual([
      ['2026', 'T1', 28, 4, 0],
      ['2026', 'T2', 12, -3, 3],
    ]);
  });

  it('splits Q3 into its months by session date', () => {
    const months = markedAppraisal(result.appraisal, settingsWith({ appraisal_cadence: '月度' }), undefined);
    expect(months.filter((row) => row.trainee_id === 'T2').map((row) => [row.period, row.training_hours, row.unexcused_absences])).toEqual([
      // July: C1 sessions 1 and 2 (2 × 4 h), session 4 absent. September: C2 session 2 late (4 h), session 1 absent. October: session 3 absent.
      ['2026-M07', 8, 1],
      ['2026-M09', 4, 1],
      ['2026-M10', 0, 1],
    ]);
  });

  it('follows the Settings rules: 2 per course passed, 5 per 优秀, 0.5 off per absence', () => {
    const rules = settingsWith({ appraisal_points_passed: 2, excellent_bonus_points: 5, appraisal_points_absence: 0.5 });
    const rows = markedAppraisal(result.appraisal, rules, undefined, parsePeriod('2026-Q3'));
    // T1: 1 × 2 + 1 × 5 = 7. T2: −2 × 0.5 = −1.
    expect(rows.map((row) => [row.trainee_id, row.bonus_points])).toEqual([
      ['T1', 7],
      ['T2', -1],
    ]);
  });
});

describe('bonusPoints', () => {
  it.each([
    ['nothing', { passed: 0, excellent: 0, absences: 0 }, 0],
    ['two passes, one of them 优秀', { passed: 2, excellent: 1, absences: 0 }, 4],
    ['absences only', { passed: 0, excellent: 0, absences: 3 }, -3],
    ['thirds that must not show float noise', { passed: 1, excellent: 0, absences: 1 }, 0.67],
  ])('%s', (_name, tally, expected) => {
    expect(
      bonusPoints(tally, {
        appraisal_points_passed: 1,
        excellent_bonus_points: 2,
        appraisal_points_absence: tally.passed === 1 ? 1 / 3 : 1,
      }),
    ).toBe(expected);
  });
});

/** The AppraisalExports tab as a store reads it back. */
const exportsTable = (records: readonly Record<string, unknown>[]): Table => ({
  tab: 'AppraisalExports',
  rows: records.map((values, i) => ({ rowNumber: i + 2, values: values as Table['rows'][number]['values'] })),
});

describe('export marks', () => {
  const q3 = parsePeriod('2026-Q3');
  const settings = settingsWith();

  it('marks every row 未导出 before any export', () => {
    const rows = markedAppraisal(run(sampleQuarter(), NOW).appraisal, settings, undefined);
    expect(new Set(rows.map((row) => row.export_mark))).toEqual(new Set(['未导出']));
  });

  describe('after Q3 was exported', () => {
    const before = markedAppraisal(run(sampleQuarter(), NOW).appraisal, settings, undefined, q3);
    const recorded = exportsTable(exportRecords(before, '2026-10-08T10:00:00+08:00'));

    it('marks the exported rows 已导出 with their export time, and leaves Q4 未导出', () => {
      const rows = markedAppraisal(run(sampleQuarter(), NOW).appraisal, settings, recorded);
      expect(rows.map((row) => [row.period, row.trainee_id, row.export_mark, row.exported_at])).toEqual([
        ['2026-Q3', 'T1', '已导出', '2026-10-08T10:00:00+08:00'],
        ['2026-Q3', 'T2', '已导出', '2026-10-08T10:00:00+08:00'],
        ['2026-Q4', 'T1', '未导出', null],
        ['2026-Q4', 'T2', '未导出', null],
      ]);
    });

    it('marks a row 已变更 when a late record changes its figures', () => {
      const data = sampleQuarter();
      // T2's absence at C1 session 4 turns out to be approved leave: one absence fewer in Q3, and C1's
      // attendance is now 2 / 2, so its 70 passes: 1 course passed. Bonus 1 × 1 − 1 × 1 = 0.
      const changed = { ...data, leave: [...data.leave, { ...leaveFor('T2', 'C1', 4, '已批准'), leave_date: '2026-07-27' }] };
      const rows = markedAppraisal(run(changed, NOW).appraisal, settings, recorded, q3);
      expect(rows.map((row) => [row.trainee_id, row.export_mark, row.courses_passed, row.unexcused_absences, row.bonus_points])).toEqual([
        ['T1', '已导出', 1, 0, 3],
        ['T2', '已变更', 1, 1, 0],
      ]);
    });

    it('keeps a zero row, marked 已变更, for an exported trainee who has nothing left in the period', () => {
      const data = sampleQuarter();
      const withoutT2 = { ...data, roster: data.roster.filter((row) => row.trainee_id !== 'T2') };
      const rows = markedAppraisal(run(withoutT2, NOW).appraisal, settings, recorded, q3);
      expect(rows.map((row) => [row.trainee_id, row.export_mark, row.training_hours, row.unexcused_absences])).toEqual([
        ['T1', '已导出', 24, 0],
        ['T2', '已变更', 0, 0],
      ]);
    });

    it('takes the latest export of a trainee and period: a later row wins', () => {
      const t2 = before.find((row) => row.trainee_id === 'T2');
      if (t2 === undefined) throw new Error('no T2 row');
      const stale = exportRecords([{ ...t2, unexcused_absences: 9 }], '2026-10-09T10:00:00+08:00');
      const last = lastExports(exportsTable([...exportRecords(before, '2026-10-08T10:00:00+08:00'), ...stale]));
      expect(last.get('2026-Q3\u0000T2')?.fingerprint).not.toBe(fingerprint(t2));
    });
  });

  it('keys each record by export time, period and trainee', () => {
    const rows = markedAppraisal(run(sampleQuarter(), NOW).appraisal, settings, undefined, q3);
    expect(exportRecords(rows, '2026-10-08T10:00:00+08:00')[1]).toEqual({
      export_key: '2026-10-08T10:00:00+08:00|2026-Q3|T2',
      exported_at: '2026-10-08T10:00:00+08:00',
      period: '2026-Q3',
      trainee_id: 'T2',
      // hours | passed | 优秀 | bonus | absences
      fingerprint: '12|0|0|-2|2',
    });
  });

  it('writes the tab in the reader language, in template column order', () => {
    const rows = markedAppraisal(run(sampleQuarter(), NOW).appraisal, settings, undefined, q3);
    const [zh] = appraisalRecords(rows, 'zh-CN');
    const [en] = appraisalRecords(rows, 'en');
    expect(Object.keys(zh ?? {})).toEqual([
      'period',
      'trainee_id',
      'name',
      'branch',
      'training_hours',
      'courses_passed',
      'excellent_count',
      'bonus_points',
      'unexcused_absences',
      'export_mark',
      'exported_at',
    ]);
    expect([zh?.['export_mark'], en?.['export_mark']]).toEqual(['未导出', 'Not exported']);
  });
});
