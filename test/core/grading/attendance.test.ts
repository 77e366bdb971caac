// Attendance rates: attended sessions over held sessions, approved leave excused, missing records absent.
import { describe, expect, it } from 'vitest';
import type { AttendanceRecord, LeaveRequest } from '../../../functions/src/core/model.js';
import { attendanceFor, endedCourse, gradeOf, leaveFor, oneTraineeScenario, run, runningCourse, trainee } from './fixtures.js';

const passing = { exam: 80, case: 80 };

describe('with a course that has ended (all 4 sessions held)', () => {
  it.each<{ name: string; attendance: AttendanceRecord[]; leave?: LeaveRequest[]; rate: number; unexcused: number }>([
    { name: 'present at every session', attendance: attendanceFor('T001', 'C01', ['出勤', '出勤', '出勤', '出勤']), rate: 1, unexcused: 0 },
    { name: 'late counts as present', attendance: attendanceFor('T001', 'C01', ['迟到', '出勤', '迟到', '出勤']), rate: 1, unexcused: 0 },
    { name: 'one absence', attendance: attendanceFor('T001', 'C01', ['出勤', '缺勤', '出勤', '出勤']), rate: 0.75, unexcused: 1 },
    {
      name: 'a held session with no record is an absence',
      attendance: attendanceFor('T001', 'C01', ['出勤', '出勤', '出勤']),
      rate: 0.75,
      unexcused: 1,
    },
    {
      name: 'approved leave is excused',
      attendance: attendanceFor('T001', 'C01', ['出勤', '请假', '出勤', '出勤']),
      leave: [leaveFor('T001', 'C01', 2, '已批准')],
      rate: 1,
      unexcused: 0,
    },
    {
      name: 'pending leave is not excused',
      attendance: attendanceFor('T001', 'C01', ['出勤', '请假', '出勤', '出勤']),
      leave: [leaveFor('T001', 'C01', 2, '待审批')],
      rate: 0.75,
      unexcused: 1,
    },
    {
      name: 'declined leave is not excused',
      attendance: attendanceFor('T001', 'C01', ['出勤', '请假', '出勤', '出勤']),
      leave: [leaveFor('T001', 'C01', 2, '已驳回')],
      rate: 0.75,
      unexcused: 1,
    },
    {
      name: 'leave without an approval is not excused',
      attendance: attendanceFor('T001', 'C01', ['出勤', '出勤', '出勤']),
      leave: [leaveFor('T001', 'C01', 4)],
      rate: 0.75,
      unexcused: 1,
    },
    {
      name: 'a session attended despite approved leave counts as attended',
      attendance: attendanceFor('T001', 'C01', ['出勤', '出勤', '出勤', '缺勤']),
      leave: [leaveFor('T001', 'C01', 1, '已批准')],
      rate: 0.75,
      unexcused: 1,
    },
    {
      name: 'every session excused leaves no denominator: rate 1',
      attendance: [],
      leave: [1, 2, 3, 4].map((session) => leaveFor('T001', 'C01', session, '已批准')),
      rate: 1,
      unexcused: 0,
    },
    {
      name: 'two records for one session count once',
      attendance: [...attendanceFor('T001', 'C01', ['出勤', '出勤']), ...attendanceFor('T001', 'C01', ['出勤', '出勤'])],
      rate: 0.5,
      unexcused: 2,
    },
    {
      name: 'a session beyond the planned count is never held',
      attendance: attendanceFor('T001', 'C01', ['出勤', '出勤', '出勤', '出勤', '缺勤', '缺勤']),
      rate: 1,
      unexcused: 0,
    },
    {
      name: 'leave for another trainee does not excuse',
      attendance: attendanceFor('T001', 'C01', ['出勤', '出勤', '出勤']),
      leave: [leaveFor('T999', 'C01', 4, '已批准')],
      rate: 0.75,
      unexcused: 1,
    },
  ])('$name', ({ attendance, leave = [], rate, unexcused }) => {
    const result = run(oneTraineeScenario(passing, { attendance, leave }));
    expect(gradeOf(result).attendance_rate).toBe(rate);
    expect(result.archive[0]?.unexcused_absences).toBe(unexcused);
  });

  it('shows the rate with four decimals', () => {
    const course = endedCourse({ sessions: 3 });
    const result = run(oneTraineeScenario(passing, { course, attendance: attendanceFor('T001', 'C01', ['出勤', '出勤']) }));
    expect(gradeOf(result).attendance_rate).toBe(0.6667);
  });
});

describe('with a course still running', () => {
  it.each<{ name: string; attendance: AttendanceRecord[]; rate: number }>([
    {
      name: 'sessions held are as far as anyone has a record',
      attendance: [...attendanceFor('T001', 'C01', ['出勤', '出勤']), ...attendanceFor('T002', 'C01', ['出勤', '出勤', '缺勤'])],
      rate: 0.6667,
    },
    { name: 'no records at all: nothing held yet, rate 1', attendance: [], rate: 1 },
    { name: 'all held sessions attended', attendance: attendanceFor('T001', 'C01', ['出勤', '迟到']), rate: 1 },
  ])('$name', ({ attendance, rate }) => {
    const result = run(
      oneTraineeScenario(passing, { course: runningCourse(), roster: [trainee(), trainee({ trainee_id: 'T002' })], attendance }),
    );
    expect(gradeOf(result).attendance_rate).toBe(rate);
  });
});
