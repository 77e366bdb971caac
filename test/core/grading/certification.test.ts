// Certification by the trainee's own curriculum: 通用 plus their direction, the roster level credited, progress per level.
import { describe, expect, it } from 'vitest';
import type { ArchiveRow } from '../../../functions/src/core/grading/rows.js';
import { toTabRows } from '../../../functions/src/core/grading/tab-rows.js';
import type { Course, Trainee } from '../../../functions/src/core/model.js';
import { endedCourse, presentAtEverySession, run, runningCourse, scoresFor, source, trainee } from './fixtures.js';

const course = (
  course_id: string,
  title: string,
  level: Course['level'],
  direction: Course['direction'],
  hours = 8,
  extra: Partial<Course> = {},
) => endedCourse({ course_id, title, level, direction, hours, ...extra });

/** Passing marks in each course, present at every session. */
function passing(traineeId: string, courses: readonly Course[]) {
  return {
    scores: courses.flatMap((c) => scoresFor(traineeId, c.course_id, { exam: 85, case: 85 })),
    attendance: courses.flatMap((c) => presentAtEverySession(traineeId, c.course_id, c.sessions)),
  };
}

function archiveOf(
  courses: readonly Course[],
  roster: readonly Trainee[],
  passed: Readonly<Record<string, readonly string[]>>,
): ArchiveRow[] {
  const scores = [];
  const attendance = [];
  for (const [traineeId, ids] of Object.entries(passed)) {
    const done = passing(
      traineeId,
      courses.filter((c) => ids.includes(c.course_id)),
    );
    scores.push(...done.scores);
    attendance.push(...done.attendance);
  }
  return [...run(source({ courses, roster, scores, attendance })).archive];
}

const levelOf = (archive: readonly ArchiveRow[], traineeId: string) =>
  archive.find((row) => row.trainee_id === traineeId)?.certification_level;

describe('the issue reproduction: 助理级 courses of both directions in the plan', () => {
  const plan = [
    course('M-01', '概论', '助理级', '通用'),
    course('M-02', '公司业务基础', '助理级', '对公'),
    course('M-03', '个人业务基础', '助理级', '对私'),
  ];
  const roster = [
    trainee({ trainee_id: 'T1', direction: '对公' }),
    trainee({ trainee_id: 'T2', direction: '对私' }),
    trainee({ trainee_id: 'T3', direction: '对公' }),
  ];
  const archive = archiveOf(plan, roster, { T1: ['M-01', 'M-02'], T2: ['M-01', 'M-03'], T3: ['M-01'] });

  it.each([
    { name: 'a 对公 trainee who passed 通用 and 对公 is 助理级, without the 对私 course', id: 'T1', level: '助理级' },
    { name: 'a 对私 trainee who passed 通用 and 对私 is 助理级, without the 对公 course', id: 'T2', level: '助理级' },
    { name: 'one course short is not yet 助理级', id: 'T3', level: '' },
  ])('$name', ({ id, level }) => expect(levelOf(archive, id)).toBe(level));

  it('shows who is one course away: courses passed of required, hours of the level, and the course still to pass', () => {
    const [records] = [toTabRows({ grades: [], retakes: [], archive, summary: [] }).get('Archive') ?? []];
    expect(records.find((row) => row['trainee_id'] === 'T3')).toMatchObject({
      certification_level: null,
      assistant_progress: '1/2 门 · 8/24 学时',
      next_courses: '公司业务基础',
    });
    expect(records.find((row) => row['trainee_id'] === 'T1')).toMatchObject({
      certification_level: '助理级',
      assistant_progress: '2/2 门 · 16/24 学时 ✓',
    });
  });
});

describe('with the seed curriculum at every level', () => {
  // 助理级: three 通用 courses; 专业级 adds one 通用 and two per direction; 高级 adds four 通用.
  const plan = [
    course('A1', '概论', '助理级', '通用'),
    course('A2', '理论基础与政策法规', '助理级', '通用'),
    course('A3', '营销实务与策略', '助理级', '通用'),
    course('P1', '客户开发与客户关系管理', '专业级', '通用', 16),
    course('P-C1', '公司信贷', '专业级', '对公', 16),
    course('P-C2', '供应链金融', '专业级', '对公', 16),
    course('P-R1', '个人信贷', '专业级', '对私', 16),
    course('P-R2', '财富规划', '专业级', '对私', 16),
    course('S1', '金融热点与产业分析', '高级', '通用'),
    course('S2', '财富管理', '高级', '通用'),
    course('S3', '金融项目评估与管理', '高级', '通用'),
    course('S4', '投资银行业务', '高级', '通用'),
    course('X', '待审批课程', '高级', '通用', 8, { approval: '待审批' }),
  ];
  const at = (level: Trainee['level'], direction: Trainee['direction']) => [trainee({ level, direction })];

  it.each<{ name: string; roster: Trainee[]; passed: string[]; level: string; progress: [string, string, string] }>([
    {
      name: '助理级 trainee with all three 助理级 courses',
      roster: at('助理级', '对公'),
      passed: ['A1', 'A2', 'A3'],
      level: '助理级',
      progress: ['3/3 门 · 24/24 学时 ✓', '0/3 门 · 24/72 学时', '0/4 门 · 24/104 学时'],
    },
    {
      name: '专业级·对公 trainee: 助理级 credited by the roster, 专业级 by 通用 + 对公 courses',
      roster: at('专业级', '对公'),
      passed: ['P1', 'P-C1', 'P-C2'],
      level: '专业级·对公',
      progress: ['已认定（名册层级）', '3/3 门 · 72/72 学时 ✓', '0/4 门 · 72/104 学时'],
    },
    {
      name: '专业级·对私 trainee does not need the 对公 courses',
      roster: at('专业级', '对私'),
      passed: ['P1', 'P-R1', 'P-R2'],
      level: '专业级·对私',
      progress: ['已认定（名册层级）', '3/3 门 · 72/72 学时 ✓', '0/4 门 · 72/104 学时'],
    },
    {
      name: '专业级 trainee one course short holds 助理级 and is credited its hours',
      roster: at('专业级', '对公'),
      passed: ['P1', 'P-C1'],
      level: '助理级',
      progress: ['已认定（名册层级）', '2/3 门 · 56/72 学时', '0/4 门 · 56/104 学时'],
    },
    {
      name: '高级 trainee with the four 高级 courses (the unapproved one is not required)',
      roster: at('高级', '对私'),
      passed: ['S1', 'S2', 'S3', 'S4'],
      level: '高级',
      progress: ['已认定（名册层级）', '已认定（名册层级）', '4/4 门 · 104/104 学时 ✓'],
    },
    {
      name: '高级 trainee who has passed nothing yet holds 专业级 of their direction',
      roster: at('高级', '对私'),
      passed: [],
      level: '专业级·对私',
      progress: ['已认定（名册层级）', '已认定（名册层级）', '0/4 门 · 72/104 学时'],
    },
  ])('$name', ({ roster, passed, level, progress }) => {
    const archive = archiveOf(plan, roster, { T001: passed });
    const [record] = toTabRows({ grades: [], retakes: [], archive, summary: [] }).get('Archive') ?? [];
    expect([
      record?.['certification_level'] ?? '',
      record?.['assistant_progress'],
      record?.['professional_progress'],
      record?.['senior_progress'],
    ]).toEqual([level, ...progress]);
  });

  it('cannot earn a level the plan has no course for', () => {
    const archive = archiveOf(
      plan.filter((c) => c.level !== '高级'),
      at('高级', '对公'),
      { T001: [] },
    );
    expect(archive).toEqual([]);
    const professional = archiveOf(
      plan.filter((c) => c.level !== '专业级'),
      at('助理级', '对公'),
      { T001: ['A1', 'A2', 'A3'] },
    );
    expect(professional[0]?.certification.levels[1]).toMatchObject({ required: 0, reached: false });
  });

  it('writes levels and progress in English when the language is en', () => {
    const archive = archiveOf(plan, at('专业级', '对公'), { T001: ['P1', 'P-C1', 'P-C2'] });
    const [record] = toTabRows({ grades: [], retakes: [], archive, summary: [] }, 'en').get('Archive') ?? [];
    expect(record).toMatchObject({
      certification_level: 'Professional · Corporate',
      assistant_progress: 'credited (roster level)',
      professional_progress: '3/3 courses · 72/72 h ✓',
      next_courses: '金融热点与产业分析, 财富管理, 金融项目评估与管理, 投资银行业务',
    });
  });
});

describe('with courses in two plan years', () => {
  it('counts a pass of a course in an earlier year towards the same course (by title) in a later plan', () => {
    const plan = [
      course('A25', '概论', '助理级', '通用', 8, { start_date: '2025-09-01', end_date: '2025-12-20' }),
      course('A26', '概论', '助理级', '通用'),
      course('B26', '营销实务与策略', '助理级', '通用'),
    ];
    const archive = archiveOf(plan, [trainee()], { T001: ['A25', 'B26'] });
    expect(archive.map((row) => [row.year, row.certification_level])).toEqual([
      [2025, '助理级'],
      [2026, '助理级'],
    ]);
  });

  it('keeps a level reached in an earlier year when the next plan adds a course', () => {
    const plan = [
      course('A25', '概论', '助理级', '通用', 8, { start_date: '2025-09-01', end_date: '2025-12-20' }),
      course('C26', '新增课程', '助理级', '通用', 8, { start_date: '2026-06-01', end_date: '2026-07-31' }),
    ];
    const archive = archiveOf(plan, [trainee()], { T001: ['A25'] });
    expect(archive.map((row) => [row.year, row.certification_level])).toEqual([
      [2025, '助理级'],
      [2026, '助理级'],
    ]);
  });

  it('does not count a pass from a later year', () => {
    const plan = [
      course('A25', '概论', '助理级', '通用', 8, { start_date: '2025-09-01', end_date: '2025-12-20' }),
      course('B25', '营销实务与策略', '助理级', '通用', 8, { start_date: '2025-09-01', end_date: '2025-12-20' }),
      course('B26', '营销实务与策略', '助理级', '通用'),
    ];
    const archive = archiveOf(plan, [trainee()], { T001: ['A25', 'B26'] });
    expect(archive.map((row) => [row.year, row.certification_level])).toEqual([
      [2025, ''],
      [2026, '助理级'],
    ]);
  });
});

describe('with a course still running', () => {
  it('is in progress, the running course still to pass', () => {
    const plan = [course('A1', '概论', '助理级', '通用'), runningCourse({ course_id: 'A2', title: '营销技能实训', hours: 8 })];
    const archive = archiveOf(plan, [trainee()], { T001: ['A1'] });
    const [record] = toTabRows({ grades: [], retakes: [], archive, summary: [] }).get('Archive') ?? [];
    expect(record).toMatchObject({ certification_level: null, assistant_progress: '1/2 门 · 8/24 学时', next_courses: '营销技能实训' });
  });
});
