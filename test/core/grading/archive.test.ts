// The training archive: yearly counts per trainee and the certification level their passes add up to.
import { describe, expect, it } from 'vitest';
import {
  attendanceFor,
  endedCourse,
  presentAtEverySession,
  run,
  runningCourse,
  scoresFor,
  settingsWith,
  source,
  trainee,
} from './fixtures.js';

describe('with one trainee in four courses of one year', () => {
  const courses = [
    endedCourse({ course_id: 'C01', title: '银行客户经理概论', hours: 8 }),
    endedCourse({ course_id: 'C02', title: '理论基础与政策法规', hours: 12.5 }),
    endedCourse({ course_id: 'C03', title: '营销实务与策略', hours: 6 }),
    runningCourse({ course_id: 'C04', title: '客户经理营销技能实训', hours: 4 }),
  ];
  const result = run(
    source({
      courses,
      roster: [trainee()],
      scores: [
        ...scoresFor('T001', 'C01', { exam: 70, case: 70 }),
        ...scoresFor('T001', 'C02', { exam: 95, case: 95 }),
        ...scoresFor('T001', 'C03', { exam: 40, case: 50 }),
        ...scoresFor('T001', 'C04', { exam: 80, case: 80 }),
      ],
      attendance: [
        ...presentAtEverySession('T001', 'C01'),
        ...presentAtEverySession('T001', 'C02'),
        ...attendanceFor('T001', 'C03', ['出勤', '缺勤', '出勤']),
        ...attendanceFor('T001', 'C04', ['出勤', '缺勤']),
      ],
      settings: settingsWith({ excellent_bonus_points: 1.5 }),
    }),
  );

  it('counts enrolled, passed, hours, excellent and bonus', () => {
    expect(result.archive.map(({ certification: _progress, ...row }) => row)).toEqual([
      {
        year: 2026,
        trainee_id: 'T001',
        name: '张三',
        branch: '城东支行',
        courses_enrolled: 4,
        courses_passed: 2,
        hours_earned: 20.5,
        // (70 + 95 + 45 + 80) / 4, the running course's complete total included.
        average_total: 72.5,
        excellent_count: 1,
        bonus_points: 1.5,
        // C03: sessions 2 and 4; C04 (running, 2 held): session 2.
        unexcused_absences: 3,
        certification_level: '',
      },
    ]);
  });
});

describe('with courses ending in two years', () => {
  it('keeps one row per trainee and year, sorted by year then trainee', () => {
    const courses = [
      endedCourse({ course_id: 'C25', start_date: '2025-09-01', end_date: '2025-12-20' }),
      endedCourse({ course_id: 'C26' }),
    ];
    const roster = [trainee({ trainee_id: 'T2' }), trainee({ trainee_id: 'T1' })];
    const result = run(source({ courses, roster }));
    expect(result.archive.map((row) => [row.year, row.trainee_id, row.courses_enrolled])).toEqual([
      [2025, 'T1', 1],
      [2025, 'T2', 1],
      [2026, 'T1', 1],
      [2026, 'T2', 1],
    ]);
  });
});
