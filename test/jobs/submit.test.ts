// Every submission rule, accepted and rejected, table-driven through the submission job on a memory store.
import { describe, expect, it } from 'vitest';
import { LEAVE_TAB, REJECTED_TAB, SCORES_TAB } from '../../sheets-templates/index.js';
import type { SheetStore } from '../../functions/src/ports.js';
import { submit } from '../../functions/src/jobs/submit.js';
import { rejectedRaw } from '../../functions/src/core/intake.js';
import { clock, SCORE_ANSWERS, submission, TODAY, worldStore } from '../fixtures/world.js';

const scoreOf = (answers: Record<string, unknown>) => submission('score', { ...SCORE_ANSWERS, ...answers });

describe('with the standard world', () => {
  const accepted: { name: string; body: Record<string, unknown>; tab: string; expect?: Record<string, unknown> }[] = [
    {
      name: 'score by stable keys',
      body: scoreOf({}),
      tab: 'Scores',
      expect: { trainee_id: 'T002', component: 'exam', attempt: 1, score: 88, assessor: 'staff@bank.example' },
    },
    {
      name: 'score by zh-CN + English form titles as e.namedValues lists',
      body: submission('score', {
        '学员编号 Trainee ID': ['T002'],
        '课程编号 Course ID': ['C-PRO-CORP'],
        '考核项目 Component': ['考试'],
        '考核次数 Attempt': ['1'],
        '分数 Score': ['92.5'],
        Timestamp: ['2026/06/15 9:00:00'],
      }),
      tab: 'Scores',
      expect: { component: 'exam', attempt: 1, score: 92.5 },
    },
    {
      name: 'score by English labels',
      body: submission('score', { 'Trainee ID': 'T002', 'Course ID': 'C-PRO-CORP', Component: 'Exam', Attempt: 1, Score: '60' }),
      tab: 'Scores',
    },
    { name: 'score with full-width digits', body: scoreOf({ score: '８８' }), tab: 'Scores', expect: { score: 88 } },
    {
      name: 'score on a 通用 course in its window',
      body: submission(
        'score',
        { trainee_id: 'T001', course_id: 'C-ASSIST-01', component: 'case', attempt: 1, score: 75 },
        { submittedAt: '2026-03-18T16:00:00+08:00' },
      ),
      tab: 'Scores',
    },
    {
      name: 'score of a trainee in two cohorts, matched by the current one',
      body: submission('score', { trainee_id: 'T004', course_id: 'C-PRO-RETAIL', component: 'paper', attempt: 1, score: 70 }),
      tab: 'Scores',
    },
    {
      name: 'attendance, late',
      body: submission('attendance', { trainee_id: 'T002', course_id: 'C-PRO-CORP', session: 2, session_date: '2026/6/8', status: '迟到' }),
      tab: 'Attendance',
      expect: { session_date: '2026-06-08', status: '迟到', recorded_by: 'staff@bank.example' },
    },
    {
      name: 'leave starts pending whatever the form says',
      body: submission('leave', {
        trainee_id: 'T002',
        course_id: 'C-PRO-CORP',
        session: 3,
        leave_date: '2026-06-10',
        reason: '客户拜访',
        approval: '已批准',
      }),
      tab: 'Leave',
      expect: { approval: '待审批', approver: null },
    },
    {
      name: 'anonymous evaluation',
      body: submission('evaluation', {
        course_id: 'C-PRO-RETAIL',
        goal_achievement: 5,
        content_practicality: 4,
        method_effectiveness: 4,
        instructor_level: 5,
        overall_satisfaction: 5,
      }),
      tab: 'Evaluations',
      expect: { trainee_id: null },
    },
    {
      name: 'enrollment of a new trainee, status defaults to active',
      body: submission('enrollment', {
        trainee_id: 'T010',
        name: '赵敏',
        email: 'zhao.min@bank.example',
        branch: '杭州分行',
        level: '助理级',
        direction: 'Retail',
        cohort: '2026-助理级-2期',
      }),
      tab: 'Roster',
      expect: { direction: '对私', status: '在训' },
    },
    {
      name: 'enrollment of a known trainee in another cohort',
      body: submission('enrollment', {
        trainee_id: 'T001',
        name: '张伟',
        email: 'zhang.wei@bank.example',
        branch: '北京分行',
        level: '专业级',
        direction: '对公',
        cohort: '2026-专业级-2期',
      }),
      tab: 'Roster',
    },
  ];

  it.each(accepted)('accepts $name', async ({ body, tab, expect: expected }) => {
    const store = worldStore();
    const result = await submit(body, store, clock);
    expect(result).toMatchObject({ status: 'accepted', id: body['id'] });
    const rows = (await store.read([tab])).get(tab)?.rows ?? [];
    const row = rows.find((r) => r.values['submission_id'] === body['id']);
    // A Roster row is dated by when the function received it; other rows keep the time the form was answered.
    expect(row?.values['submitted_at']).toBe(tab === 'Roster' ? TODAY : body['submittedAt']);
    if (expected) expect(row?.values).toMatchObject(expected);
  });

  const rejected: {
    name: string;
    body: Record<string, unknown>;
    field: string;
    message: string;
    store?: () => ReturnType<typeof worldStore>;
  }[] = [
    { name: 'unknown trainee', body: scoreOf({ trainee_id: 'T999' }), field: 'trainee_id', message: '学员编号：学员 T999 不在学员名册中' },
    {
      name: 'trainee not active',
      body: scoreOf({ trainee_id: 'T003', course_id: 'C-PRO-RETAIL' }),
      field: 'trainee_id',
      message: '学员编号：学员 T003 当前状态为「暂停」，不在训',
    },
    {
      name: 'unknown course',
      body: scoreOf({ course_id: 'C-NOPE' }),
      field: 'course_id',
      message: '课程编号：课程 C-NOPE 不在年度培训计划中',
    },
    {
      name: 'course not approved',
      body: scoreOf({ trainee_id: 'T001', course_id: 'C-DRAFT' }),
      field: 'course_id',
      message: '课程编号：课程 C-DRAFT 尚未审批通过（当前：待审批）',
    },
    {
      name: 'trainee at another level',
      body: scoreOf({ trainee_id: 'T001' }),
      field: 'trainee_id',
      message: '学员编号：学员 T001 未报名 专业级·对公 层级的课程',
    },
    {
      name: 'trainee in another direction',
      body: scoreOf({ course_id: 'C-PRO-RETAIL' }),
      field: 'trainee_id',
      message: '学员编号：学员 T002 未报名 专业级·对私 层级的课程',
    },
    {
      name: 'component the course does not assess',
      body: scoreOf({ component: 'paper' }),
      field: 'component',
      message: '考核项目：课程 C-PRO-CORP 的考核项目只有：exam、project',
    },
    {
      name: 'component outside the list',
      body: scoreOf({ component: 'quiz' }),
      field: 'component',
      message: '考核项目：只能是：exam、paper、classroom、project、case、simulation、performance',
    },
    { name: 'score above 100', body: scoreOf({ score: 100.5 }), field: 'score', message: '分数：必须在 0 到 100 之间' },
    { name: 'score below 0', body: scoreOf({ score: -1 }), field: 'score', message: '分数：必须在 0 到 100 之间' },
    { name: 'score not a number', body: scoreOf({ score: '八十' }), field: 'score', message: '分数：必须是数字' },
    { name: 'score missing', body: scoreOf({ score: '' }), field: 'score', message: '分数：必须填写' },
    { name: 'attempt not whole', body: scoreOf({ attempt: 1.5 }), field: 'attempt', message: '考核次数：必须是整数' },
    {
      name: 'attempt beyond the course maximum',
      body: submission('score', { trainee_id: 'T004', course_id: 'C-PRO-RETAIL', component: 'exam', attempt: 3, score: 70 }),
      field: 'attempt',
      message: '考核次数：本课程最多考核 2 次',
    },
    {
      name: 'attempt 2 before attempt 1',
      body: scoreOf({ attempt: 2 }),
      field: 'attempt',
      message: '考核次数：第 1 次考核成绩尚未录入，不能录入第 2 次',
    },
    {
      name: 'attempt already recorded',
      body: scoreOf({}),
      field: 'attempt',
      message: '考核次数：该记录已存在；如需更正，请培训管理员直接在表格中修改',
      store: () => worldStore({ scores: [{ submission_id: 'old', submitted_at: '2026-06-10T10:00:00+08:00', ...SCORE_ANSWERS }] }),
    },
    {
      name: 'score submitted before the course starts',
      body: { ...scoreOf({}), submittedAt: '2026-05-20T10:00:00+08:00' },
      field: 'submitted_at',
      message: '提交时间：必须在课程期间 2026-06-01 至 2026-07-14 之内',
    },
    {
      name: 'attendance outside the course dates',
      body: submission('attendance', {
        trainee_id: 'T002',
        course_id: 'C-PRO-CORP',
        session: 1,
        session_date: '2026-07-02',
        status: '出勤',
      }),
      field: 'session_date',
      message: '上课日期：必须在课程期间 2026-06-01 至 2026-06-30 之内',
    },
    {
      name: 'attendance session beyond the plan',
      body: submission('attendance', {
        trainee_id: 'T002',
        course_id: 'C-PRO-CORP',
        session: 9,
        session_date: '2026-06-10',
        status: '出勤',
      }),
      field: 'session',
      message: '课次序号：课次必须在 1 到 8 之间',
    },
    {
      name: 'attendance date not a date',
      body: submission('attendance', {
        trainee_id: 'T002',
        course_id: 'C-PRO-CORP',
        session: 1,
        session_date: 'next Monday',
        status: '出勤',
      }),
      field: 'session_date',
      message: '上课日期：必须是日期，格式如 2026-03-01',
    },
    {
      name: 'rating above 5',
      body: submission('evaluation', {
        course_id: 'C-PRO-RETAIL',
        goal_achievement: 6,
        content_practicality: 4,
        method_effectiveness: 4,
        instructor_level: 5,
        overall_satisfaction: 5,
      }),
      field: 'goal_achievement',
      message: '目标达成度：必须在 1 到 5 之间',
    },
    {
      name: 'rating 0',
      body: submission('evaluation', {
        course_id: 'C-PRO-RETAIL',
        goal_achievement: 3,
        content_practicality: 0,
        method_effectiveness: 4,
        instructor_level: 5,
        overall_satisfaction: 5,
      }),
      field: 'content_practicality',
      message: '内容实用性：必须在 1 到 5 之间',
    },
    {
      name: 'leave reason too long',
      body: submission('leave', {
        trainee_id: 'T002',
        course_id: 'C-PRO-CORP',
        session: 3,
        leave_date: '2026-06-10',
        reason: '事'.repeat(501),
      }),
      field: 'reason',
      message: '请假事由：不能超过 500 个字符',
    },
    {
      name: 'enrollment with a malformed e-mail',
      body: submission('enrollment', {
        trainee_id: 'T011',
        name: '孙丽',
        email: 'sun.li@',
        branch: '成都分行',
        level: '助理级',
        direction: '对私',
        cohort: '2026-助理级-2期',
      }),
      field: 'email',
      message: '邮箱：必须是有效的邮箱地址',
    },
    {
      name: 'enrollment twice in one cohort',
      body: submission('enrollment', {
        trainee_id: 'T002',
        name: '李娜',
        email: 'li.na@bank.example',
        branch: '上海分行',
        level: '专业级',
        direction: '对公',
        cohort: '2026-专业级-1期',
      }),
      field: 'trainee_id',
      message: '学员编号：学员 T002 已在班次 2026-专业级-1期 中',
    },
    {
      name: 'enrollment of a known trainee id with another e-mail (a takeover)',
      body: submission(
        'enrollment',
        {
          trainee_id: 'T002',
          name: '李娜',
          email: 'thief@evil.example',
          branch: '上海分行',
          level: '专业级',
          direction: '对公',
          cohort: '2026-专业级-9期',
        },
        { submittedAt: '2026-01-02T09:00:00+08:00' },
      ),
      field: 'trainee_id',
      message:
        '学员编号：学员 T002 已在学员名册中，但姓名或邮箱与本次报名不同；报名不能更改已有学员的信息，如需更改邮箱，请培训管理员在学员名册中修改',
    },
    {
      name: 'enrollment of a known trainee id under another name',
      body: submission('enrollment', {
        trainee_id: 'T002',
        name: '李四',
        email: 'li.na@bank.example',
        branch: '上海分行',
        level: '专业级',
        direction: '对公',
        cohort: '2026-专业级-9期',
      }),
      field: 'trainee_id',
      message:
        '学员编号：学员 T002 已在学员名册中，但姓名或邮箱与本次报名不同；报名不能更改已有学员的信息，如需更改邮箱，请培训管理员在学员名册中修改',
    },
    {
      name: 'a submittedAt of 2000, before the year before the plan year',
      body: { ...scoreOf({}), submittedAt: '2000-01-01T00:00:00+08:00' },
      field: 'submittedAt',
      message: '提交时间：必须在 2025-01-01 00:00 至 2026-06-16 10:00 之间（不早于培训计划年度的上一年年初，不晚于当前时间后一天）',
    },
    {
      name: 'a submittedAt more than a day ahead of the server',
      body: { ...scoreOf({}), submittedAt: '2026-06-16T10:00:01+08:00' },
      field: 'submittedAt',
      message: '提交时间：必须在 2025-01-01 00:00 至 2026-06-16 10:00 之间（不早于培训计划年度的上一年年初，不晚于当前时间后一天）',
    },
    { name: 'envelope without an id', body: { ...scoreOf({}), id: '' }, field: 'id', message: '提交编号：必须填写' },
    {
      name: 'envelope with an unknown kind',
      body: { ...scoreOf({}), kind: 'grade' },
      field: 'kind',
      message: '提交类型：只能是：score、attendance、leave、evaluation、enrollment',
    },
    {
      name: 'envelope with a time that is no time',
      body: { ...scoreOf({}), submittedAt: 'yesterday' },
      field: 'submittedAt',
      message: '提交时间：必须是带时区的时间，格式如 2026-03-01T09:30:00+08:00',
    },
    {
      name: 'envelope whose answers are a list',
      body: { ...scoreOf({}), answers: ['T002'] },
      field: 'answers',
      message: '答案：必须是一个对象（键值对）',
    },
    {
      name: 'one question answered twice differently',
      body: scoreOf({ 'Trainee ID': 'T001' }),
      field: 'trainee_id',
      message: '学员编号：同一问题给出了不同的答案',
    },
  ];

  it.each(rejected)('rejects $name, naming the field, and keeps the entry in Rejected', async ({ body, field, message, store: make }) => {
    const store = make ? make() : worldStore();
    const result = await submit(body, store, clock);
    expect(result.status).toBe('rejected');
    if (result.status !== 'rejected') return;
    expect(result.errors).toContainEqual({ field, message });
    const kept = (await store.read([REJECTED_TAB.name])).get(REJECTED_TAB.name)?.rows ?? [];
    expect(kept).toHaveLength(1);
    expect(kept[0]?.values).toMatchObject({ source: 'submission', raw: rejectedRaw(JSON.stringify(body)) });
    expect(String(kept[0]?.values['reasons'])).toContain(message);
  });
});

describe('with the language set to English', () => {
  it('answers in English', async () => {
    const store = worldStore({ settings: { language: 'en' } });
    const result = await submit(scoreOf({ trainee_id: 'T999', score: 101 }), store, clock);
    expect(result.status === 'rejected' && result.errors).toMatchInlineSnapshot(`
      [
        {
          "field": "score",
          "message": "Score must be between 0 and 100",
        },
        {
          "field": "trainee_id",
          "message": "Trainee ID trainee T999 is not on the roster",
        },
      ]
    `);
  });
});

describe('with a submission already stored', () => {
  it('answers duplicate and leaves the store unchanged', async () => {
    const store = worldStore();
    const body = scoreOf({});
    expect((await submit(body, store, clock)).status).toBe('accepted');
    const before = store.grid(SCORES_TAB.name).length;
    expect(await submit(body, store, clock)).toMatchObject({ status: 'duplicate', id: body['id'] });
    expect(store.grid(SCORES_TAB.name)).toHaveLength(before);
    expect(store.grid(REJECTED_TAB.name)).toHaveLength(1);
  });

  it('keeps one Rejected row for a rejected entry delivered twice', async () => {
    const store = worldStore();
    const body = scoreOf({ score: 120 });
    await submit(body, store, clock);
    await submit(body, store, clock);
    expect(store.grid(REJECTED_TAB.name)).toHaveLength(2);
  });

  it('keeps one row for two deliveries of one id at once, even on a store that cannot tell while both are in flight', async () => {
    // The Google Sheets store's view of a tab is refreshed by every read: another request's read landing while the
    // first delivery's append is in flight drops that append from the view, so the store's own check lets a second copy through.
    const inner = worldStore();
    const blind: SheetStore = {
      read: (tabs) => inner.read(tabs),
      append: (tab, rows) => inner.append(tab, rows),
      replace: (tables) => inner.replace(tables),
    };
    const body = scoreOf({});
    const answers = await Promise.all([
      submit(body, blind, clock),
      submit(body, blind, clock),
      submit({ ...body, id: ` ${String(body['id'])} ` }, blind, clock),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual(['accepted', 'duplicate', 'duplicate']);
    expect(inner.grid(SCORES_TAB.name)).toHaveLength(2);
  });

  it('reads every tab it needs in one call and writes once', async () => {
    const store = worldStore();
    await submit(scoreOf({}), store, clock);
    expect(store.calls.map((call) => call.method)).toEqual(['read', 'append']);
  });
});

describe('with text that looks like a formula', () => {
  it.each(['=HYPERLINK("http://x","y")', '+1-2', '-1+2', '@SUM(A1)'])('stores %s as text', async (text) => {
    const store = worldStore();
    const body = submission('leave', { trainee_id: 'T002', course_id: 'C-PRO-CORP', session: 4, leave_date: '2026-06-12', reason: text });
    expect((await submit(body, store, clock)).status).toBe('accepted');
    const rows = (await store.read([LEAVE_TAB.name])).get(LEAVE_TAB.name)?.rows ?? [];
    expect(rows.at(-1)?.values['reason']).toBe(text);
  });
});
