// A trainee who joins mid-year: courses that ended before the joined date are not theirs, a running one counts from it.
import { describe, expect, it } from 'vitest';
import { desiredFeedback } from '../../../functions/src/core/feedback/desired.js';
import type { AttendanceRecord, Trainee } from '../../../functions/src/core/model.js';
import { courseEndedLongAgo, endedCourse, gradeOf, NOW, run, scoresFor, source, trainee } from './fixtures.js';

/** C01 runs 1–25 June with four sessions; classmates' records date them 2, 9, 16 and 23 June. */
const JUNE = endedCourse();
const SESSION_DATES = ['2026-06-02', '2026-06-09', '2026-06-16', '2026-06-23'];
const MAY = courseEndedLongAgo({ course_id: 'C00', title: '五月课程' });

function present(traineeId: string, sessions: readonly number[], dated = true): AttendanceRecord[] {
  return sessions.map((session) => ({
    course_id: 'C01',
    trainee_id: traineeId,
    session,
    session_date: dated ? (SESSION_DATES[session - 1] ?? '') : '2026-06-02',
    status: '出勤' as const,
  }));
}

function joinerWorld(joiner: Trainee, attendance: readonly AttendanceRecord[]) {
  return source({
    courses: [MAY, JUNE],
    roster: [trainee({ trainee_id: 'T000', email: 'classmate@bank.example' }), joiner],
    scores: [...scoresFor('T000', 'C01', { exam: 80, case: 80 }), ...scoresFor('T001', 'C01', { exam: 80, case: 80 })],
    attendance: [...present('T000', [1, 2, 3, 4]), ...attendance],
  });
}

describe('a trainee who joined on 10 June', () => {
  const joiner = trainee({ joined_on: '2026-06-10' });

  it('has no Grades row for the May course that ended before they joined, and no e-mail for it', () => {
    const data = joinerWorld(joiner, present('T001', [3, 4]));
    const result = run(data);
    expect(result.grades.filter((row) => row.trainee_id === 'T001').map((row) => row.course_id)).toEqual(['C01']);
    const mail = desiredFeedback({ result, source: data, now: NOW });
    expect(mail.filter((message) => message.traineeId === 'T001').map((message) => message.courseId)).toEqual(['C01']);
  });

  it.each([
    {
      name: 'counts the June course from the joined date: present at both later sessions is 100%',
      sessions: [3, 4],
      rate: 1,
      status: '通过',
    },
    { name: 'an absence after joining still counts', sessions: [3], rate: 0.5, status: '补考' },
  ])('$name', ({ sessions, rate, status }) => {
    const grade = gradeOf(run(joinerWorld(joiner, present('T001', sessions))));
    expect({ rate: grade.attendance_rate, status: grade.status }).toEqual({ rate, status });
  });

  it.each([
    { joined: '2026-06-12', rate: 1, owes: 'sessions 3–4' },
    { joined: '2026-06-08', rate: 2 / 3, owes: 'sessions 2–4' },
  ])('dates sessions nobody recorded by their place in the window (1, 9, 17, 25 June): joined $joined owes $owes', ({ joined, rate }) => {
    const data = source({
      courses: [JUNE],
      roster: [trainee({ joined_on: joined })],
      scores: scoresFor('T001', 'C01', { exam: 80, case: 80 }),
      attendance: present('T001', [3, 4]),
    });
    expect(gradeOf(run(data)).attendance_rate).toBe(Math.round(rate * 10_000) / 10_000);
  });
});

describe.each([
  { name: 'with a blank joined date (the start of the plan year)', joiner: trainee() },
  { name: 'with a joined date before the course started', joiner: trainee({ joined_on: '2026-01-05' }) },
])('$name', ({ joiner }) => {
  it('is graded in every course of the level, over every session', () => {
    const result = run(joinerWorld(joiner, present('T001', [3, 4])));
    expect(result.grades.filter((row) => row.trainee_id === 'T001').map((row) => [row.course_id, row.attendance_rate])).toEqual([
      ['C00', 0],
      ['C01', 0.5],
    ]);
  });
});
