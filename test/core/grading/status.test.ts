// Status per pair: running, passed, excellent, retake, re-training or missing, with the reasons and the Retakes row.
import { describe, expect, it } from 'vitest';
import type { AttendanceRecord, Course, Score } from '../../../functions/src/core/model.js';
import type { Settings } from '../../../functions/src/core/settings.js';
import {
  attendanceFor,
  courseEndedLongAgo,
  endedCourse,
  gradeOf,
  oneTraineeScenario,
  run,
  runningCourse,
  scoresFor,
  settingsWith,
  source,
  trainee,
} from './fixtures.js';

interface Case {
  readonly name: string;
  readonly course?: Course;
  readonly scores: Score[];
  readonly attendance?: AttendanceRecord[];
  readonly settings?: Partial<Settings>;
  readonly expected: { status: string; total: number | null; band: string | null; missing?: string[] };
  /** The Retakes row's reasons, next attempt and deadline; undefined when the pair is not on the list. */
  readonly retake?: { reasons: string[]; next_attempt: number; deadline: string };
}

const marks = (exam: number, kase: number, attempt = 1) => scoresFor('T001', 'C01', { exam, case: kase }, attempt);
const threeOfFour = attendanceFor('T001', 'C01', ['出勤', '出勤', '出勤', '缺勤']);

function check({ course, scores, attendance, settings, expected, retake }: Case): void {
  const result = run(
    oneTraineeScenario(
      {},
      { scores, settings: settingsWith(settings), ...(course ? { course } : {}), ...(attendance ? { attendance } : {}) },
    ),
  );
  const row = gradeOf(result, 'T001', course?.course_id ?? 'C01');
  expect({ status: row.status, total: row.total, band: row.band, missing: [...row.missing_components] }).toEqual({
    missing: [],
    ...expected,
  });
  const listed = result.retakes.find((r) => r.trainee_id === 'T001');
  expect(
    listed === undefined ? undefined : { reasons: [...listed.reasons], next_attempt: listed.next_attempt, deadline: listed.deadline },
  ).toEqual(retake);
}

describe('with a course not yet ended', () => {
  it.each<Case>([
    {
      name: 'complete scores show total and band',
      course: runningCourse(),
      scores: marks(80, 70),
      expected: { status: '进行中', total: 75, band: '合格' },
    },
    {
      name: 'a failing total does not fail yet',
      course: runningCourse(),
      scores: marks(40, 40),
      expected: { status: '进行中', total: 40, band: '不合格' },
    },
    {
      name: 'incomplete scores show no total',
      course: runningCourse(),
      scores: scoresFor('T001', 'C01', { exam: 80 }),
      expected: { status: '进行中', total: null, band: null, missing: ['case'] },
    },
  ])('$name', check);
});

describe('with an ended course and everything in order', () => {
  it.each<Case>([
    { name: 'a pass', scores: marks(80, 70), expected: { status: '通过', total: 75, band: '合格' } },
    { name: 'excellent on the first attempt', scores: marks(95, 90), expected: { status: '优秀', total: 92.5, band: '优秀' } },
    { name: 'a good band is still 通过', scores: marks(85, 85), expected: { status: '通过', total: 85, band: '良好' } },
    {
      name: 'a course minimum attendance below the settings one',
      course: endedCourse({ min_attendance: 0.5 }),
      scores: marks(80, 80),
      attendance: threeOfFour,
      expected: { status: '通过', total: 80, band: '良好' },
    },
    {
      name: 'a lower settings minimum attendance',
      settings: { min_attendance: 0.7 },
      scores: marks(80, 80),
      attendance: threeOfFour,
      expected: { status: '通过', total: 80, band: '良好' },
    },
  ])('$name', check);
});

describe('with a retake that passed', () => {
  it.each<Case>([
    {
      name: 'the total is capped at the pass mark',
      scores: [...marks(30, 30), ...marks(85, 85, 2)],
      expected: { status: '通过', total: 60, band: '合格' },
    },
    {
      name: 'the cap follows a course pass mark',
      course: endedCourse({ pass_mark: 70 }),
      scores: [...marks(30, 30), ...marks(95, 95, 2)],
      expected: { status: '通过', total: 70, band: '合格' },
    },
    {
      name: 'without the cap the total stands but the band is 合格',
      settings: { retake_cap: false },
      scores: [...marks(30, 30), ...marks(85, 85, 2)],
      expected: { status: '通过', total: 85, band: '合格' },
    },
    {
      name: 'an excellent retake is not 优秀',
      settings: { retake_cap: false },
      scores: marks(95, 95, 2),
      expected: { status: '通过', total: 95, band: '合格' },
    },
  ])('$name', check);
});

describe('with an ended course inside the retake window', () => {
  const deadline = '2026-07-09';
  it.each<Case>([
    {
      name: 'a failing total goes to 补考',
      scores: marks(50, 50),
      expected: { status: '补考', total: 50, band: '不合格' },
      retake: { reasons: ['总评不合格'], next_attempt: 2, deadline },
    },
    {
      name: 'attendance below the minimum goes to 补考 with 出勤不足',
      scores: marks(80, 80),
      attendance: threeOfFour,
      expected: { status: '补考', total: 80, band: '良好' },
      retake: { reasons: ['出勤不足'], next_attempt: 2, deadline },
    },
    {
      name: 'an excellent total with too little attendance is not 优秀',
      scores: marks(95, 95),
      attendance: threeOfFour,
      expected: { status: '补考', total: 95, band: '优秀' },
      retake: { reasons: ['出勤不足'], next_attempt: 2, deadline },
    },
    {
      name: 'a missing component goes to 补考',
      scores: scoresFor('T001', 'C01', { exam: 80 }),
      expected: { status: '补考', total: null, band: null, missing: ['case'] },
      retake: { reasons: ['缺少考核项'], next_attempt: 2, deadline },
    },
    {
      name: 'nothing scored makes the next attempt the first',
      scores: [],
      expected: { status: '补考', total: null, band: null, missing: ['exam', 'case'] },
      retake: { reasons: ['缺少考核项'], next_attempt: 1, deadline },
    },
    {
      name: 'several reasons are listed in vocabulary order',
      scores: marks(40, 40),
      attendance: threeOfFour,
      expected: { status: '补考', total: 40, band: '不合格' },
      retake: { reasons: ['总评不合格', '出勤不足'], next_attempt: 2, deadline },
    },
    {
      name: 'the last allowed attempt failed: 重修/辅导',
      scores: [...marks(40, 40), ...marks(50, 50, 2)],
      expected: { status: '重修/辅导', total: 50, band: '不合格' },
    },
    {
      name: 'a component missing on the last attempt before the deadline: 重修/辅导',
      scores: [...scoresFor('T001', 'C01', { exam: 40 }), ...scoresFor('T001', 'C01', { exam: 50 }, 2)],
      expected: { status: '重修/辅导', total: null, band: null, missing: ['case'] },
    },
    {
      name: 'a course allowing 3 attempts offers a third',
      course: endedCourse({ max_attempts: 3 }),
      scores: [...marks(40, 40), ...marks(50, 50, 2)],
      expected: { status: '补考', total: 50, band: '不合格' },
      retake: { reasons: ['总评不合格'], next_attempt: 3, deadline },
    },
    {
      name: 'a course allowing 1 attempt fails at once',
      course: endedCourse({ max_attempts: 1 }),
      scores: marks(40, 40),
      expected: { status: '重修/辅导', total: 40, band: '不合格' },
    },
  ])('$name', check);
});

describe('with an ended course after the retake window', () => {
  it.each<Case>([
    {
      name: 'a failing total: 重修/辅导',
      course: courseEndedLongAgo(),
      scores: marks(50, 50),
      expected: { status: '重修/辅导', total: 50, band: '不合格' },
    },
    {
      name: 'too little attendance: 重修/辅导',
      course: courseEndedLongAgo(),
      scores: marks(80, 80),
      attendance: threeOfFour,
      expected: { status: '重修/辅导', total: 80, band: '良好' },
    },
    {
      name: 'a missing component: 缺考',
      course: courseEndedLongAgo(),
      scores: scoresFor('T001', 'C01', { exam: 80 }),
      expected: { status: '缺考', total: null, band: null, missing: ['case'] },
    },
    {
      name: 'a component still missing after the last attempt: 缺考',
      course: courseEndedLongAgo(),
      scores: [...scoresFor('T001', 'C01', { exam: 40 }), ...scoresFor('T001', 'C01', { exam: 50 }, 2)],
      expected: { status: '缺考', total: null, band: null, missing: ['case'] },
    },
    {
      name: 'nothing scored: 缺考',
      course: courseEndedLongAgo(),
      scores: [],
      expected: { status: '缺考', total: null, band: null, missing: ['exam', 'case'] },
    },
    {
      name: 'a pass is still a pass',
      course: courseEndedLongAgo(),
      scores: marks(70, 70),
      expected: { status: '通过', total: 70, band: '合格' },
    },
    {
      name: 'a window of 0 days closes on the end date',
      settings: { retake_window_days: 0 },
      scores: marks(50, 50),
      expected: { status: '重修/辅导', total: 50, band: '不合格' },
    },
  ])('$name', check);
});

describe('with several pairs to retake', () => {
  it('lists them by deadline, then course, then trainee', () => {
    const courses = [
      endedCourse({ course_id: 'C01', end_date: '2026-06-25' }),
      endedCourse({ course_id: 'C03', end_date: '2026-06-20' }),
      endedCourse({ course_id: 'C02', end_date: '2026-06-20' }),
    ];
    const result = run(source({ courses, roster: [trainee({ trainee_id: 'T2' }), trainee({ trainee_id: 'T1' })] }));
    expect(result.retakes.map((row) => `${row.deadline} ${row.course_id} ${row.trainee_id}`)).toEqual([
      '2026-07-04 C02 T1',
      '2026-07-04 C02 T2',
      '2026-07-04 C03 T1',
      '2026-07-04 C03 T2',
      '2026-07-09 C01 T1',
      '2026-07-09 C01 T2',
    ]);
  });
});
