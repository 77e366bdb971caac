// The training archive: yearly counts per trainee and the certification level their passes add up to.
import { describe, expect, it } from 'vitest';
import { certificationLevel, certificationRequirements } from '../../../functions/src/core/grading/archive.js';
import type { Course } from '../../../functions/src/core/model.js';
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
    endedCourse({ course_id: 'C01', hours: 8 }),
    endedCourse({ course_id: 'C02', hours: 12.5 }),
    endedCourse({ course_id: 'C03', hours: 6 }),
    runningCourse({ course_id: 'C04', hours: 4 }),
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
    expect(result.archive).toEqual([
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
        updated_at: '2026-07-01T10:30:15+08:00',
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

  it('counts a pass towards certification from its year on', () => {
    const courses = [
      endedCourse({ course_id: 'A25', start_date: '2025-09-01', end_date: '2025-12-20' }),
      endedCourse({ course_id: 'A26' }),
    ];
    const scores = [...scoresFor('T001', 'A25', { exam: 80, case: 80 }), ...scoresFor('T001', 'A26', { exam: 80, case: 80 })];
    const attendance = [...presentAtEverySession('T001', 'A25'), ...presentAtEverySession('T001', 'A26')];
    const result = run(source({ courses, roster: [trainee()], scores, attendance }));
    expect(result.archive.map((row) => [row.year, row.certification_level])).toEqual([
      [2025, ''],
      [2026, '助理级'],
    ]);
  });
});

describe('with a plan for every certification level', () => {
  const plan: Course[] = [
    endedCourse({ course_id: 'A1', level: '助理级' }),
    endedCourse({ course_id: 'A2', level: '助理级', direction: '对公' }),
    endedCourse({ course_id: 'P-gen', level: '专业级', direction: '通用' }),
    endedCourse({ course_id: 'P-corp', level: '专业级', direction: '对公' }),
    endedCourse({ course_id: 'P-retail', level: '专业级', direction: '对私' }),
    endedCourse({ course_id: 'S-gen', level: '高级', direction: '通用' }),
    endedCourse({ course_id: 'S-corp', level: '高级', direction: '对公' }),
    endedCourse({ course_id: 'X', level: '高级', approval: '待审批' }),
  ];
  const requirements = certificationRequirements(plan);
  const passed = (...ids: string[]) => new Map(ids.map((id) => [id, 2026]));

  it.each<{ name: string; tracks: ('对公' | '对私')[]; passes: string[]; level: string; requirements?: typeof requirements }>([
    { name: 'nothing passed', tracks: ['对公'], passes: [], level: '' },
    { name: 'one of two assistant courses', tracks: ['对公'], passes: ['A1'], level: '' },
    { name: 'all assistant courses, whatever their direction', tracks: ['对私'], passes: ['A1', 'A2'], level: '助理级' },
    { name: 'corporate professional', tracks: ['对公'], passes: ['A1', 'A2', 'P-gen', 'P-corp'], level: '专业级·对公' },
    { name: 'retail professional', tracks: ['对私'], passes: ['A1', 'A2', 'P-gen', 'P-retail'], level: '专业级·对私' },
    {
      name: 'the other track’s professional courses do not count',
      tracks: ['对私'],
      passes: ['A1', 'A2', 'P-gen', 'P-corp'],
      level: '助理级',
    },
    { name: 'professional without assistant', tracks: ['对公'], passes: ['A1', 'P-gen', 'P-corp'], level: '' },
    { name: 'senior', tracks: ['对公'], passes: ['A1', 'A2', 'P-gen', 'P-corp', 'S-gen', 'S-corp'], level: '高级' },
    { name: 'senior without professional', tracks: ['对公'], passes: ['A1', 'A2', 'P-gen', 'S-gen', 'S-corp'], level: '助理级' },
    {
      name: 'an unapproved course is not required',
      tracks: ['对公'],
      passes: ['A1', 'A2', 'P-gen', 'P-corp', 'S-gen', 'S-corp'],
      level: '高级',
    },
    {
      name: 'a level with no courses in the plan cannot be earned',
      tracks: ['对私'],
      passes: ['A1', 'A2', 'P-gen', 'P-retail'],
      requirements: certificationRequirements(plan.filter((course) => course.level !== '专业级')),
      level: '助理级',
    },
    {
      name: 'a trainee on both tracks earns the one completed',
      tracks: ['对公', '对私'],
      passes: ['A1', 'A2', 'P-gen', 'P-retail'],
      level: '专业级·对私',
    },
  ])('$name', ({ tracks, passes, level, requirements: given }) => {
    expect(certificationLevel(given ?? requirements, tracks, passed(...passes), 2026)).toBe(level);
  });

  it('does not count a pass from a later year', () => {
    const passes = new Map([
      ['A1', 2025],
      ['A2', 2026],
    ]);
    expect(certificationLevel(requirements, ['对公'], passes, 2025)).toBe('');
    expect(certificationLevel(requirements, ['对公'], passes, 2026)).toBe('助理级');
  });
});
