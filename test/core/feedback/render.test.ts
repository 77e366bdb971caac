// Rendering feedback e-mails from the Settings templates: both languages, corrections, escaping, blank values.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Feedback, Facts } from '../../../functions/src/core/feedback/desired.js';
import { renderFeedback } from '../../../functions/src/core/feedback/render.js';
import { zoneName } from '../../../functions/src/core/feedback/zone-name.js';
import type { GradeRow, RetakeRow, SummaryRow } from '../../../functions/src/core/grading/rows.js';
import { blockedBy, defaultSettings, parseSettings, type Settings } from '../../../functions/src/core/settings.js';
import { gridToTable } from '../../../functions/src/core/table.js';
import { EARLIER_DEFAULTS, SETTINGS_TAB } from '../../../sheets-templates/index.js';
import { settingsGrid } from '../../fixtures/world.js';

const NOW = DateTime.fromISO('2026-06-05T10:00:00+08:00', { setZone: true });

const grade = (overrides: Partial<GradeRow> = {}): GradeRow => ({
  trainee_id: 'T0001',
  name: '张伟',
  branch: '北京分行',
  cohort: '2026-助理级-1期',
  course_id: 'C-FB-01',
  course_title: '客户沟通技巧',
  theory: 84,
  practice: 88.5,
  total: 86.3,
  band: '良好',
  attendance_rate: 0.9167,
  attempt: 1,
  status: '通过',
  missing_components: [],
  reasons: [],
  ...overrides,
});

const retake: RetakeRow = {
  trainee_id: 'T0002',
  name: '李娜',
  email: 'li.na@bank.example',
  branch: '上海分行',
  course_id: 'C-FB-01',
  course_title: '客户沟通技巧',
  reasons: ['总评不合格', '出勤不足'],
  why: [
    { kind: 'below_pass_mark', total: 52, passMark: 60 },
    { kind: 'attendance', rate: 0.5, min: 0.8 },
  ],
  components: ['exam', 'case'],
  total: 52,
  attendance_rate: 0.5,
  next_attempt: 2,
  deadline: '2026-06-14',
};

const summaryRow = (section: string, item: string, passRate: number | null, graded: number): SummaryRow => ({
  section,
  item,
  trainees: 40,
  courses: 19,
  graded,
  passed: Math.round((passRate ?? 0) * graded),
  pass_rate: passRate,
  average: 84.25,
  excellent: 30,
  open_retakes: 1,
  attendance_rate: 0.951,
  response_rate: 0.8,
  responses: 109,
  goal_achievement: 4.5,
  content_practicality: 4.4,
  method_effectiveness: 4.3,
  instructor_level: 4.6,
  overall_satisfaction: 4.52,
  held: 0,
  notes: '',
  updated_at: '2026-06-05T10:00:00+08:00',
});

const message = (facts: Facts): Feedback => ({
  key: `${facts.kind}|T0001|C-FB-01|1|abc`,
  base: `${facts.kind}|T0001|C-FB-01|1`,
  kind: facts.kind,
  to: { name: '张伟', address: 'zhang.wei@bank.example' },
  traineeId: 'T0001',
  courseId: 'C-FB-01',
  facts,
});

const FACTS: Record<string, Facts> = {
  result: {
    kind: 'result',
    grade: grade(),
    passMark: 60,
    rank: 'top25',
    components: [
      { component: 'exam', part: 'theory', attempt: 1, score: 84 },
      { component: 'case', part: 'practice', attempt: 1, score: 88.5 },
    ],
  },
  // The issue's case: 79.5 is a 合格 total, but attendance was 62.5%; the e-mail must say so.
  'failed result': {
    kind: 'result',
    grade: grade({
      theory: 78,
      practice: 81,
      total: 79.5,
      band: '合格',
      status: '重修/辅导',
      attempt: 2,
      attendance_rate: 0.625,
      reasons: [
        { kind: 'attendance', rate: 0.625, min: 0.8 },
        { kind: 'attempts_used', attempts: 2, max: 2 },
      ],
    }),
    passMark: 60,
    rank: 'rest',
    components: [
      { component: 'exam', part: 'theory', attempt: 2, score: 78 },
      { component: 'case', part: 'practice', attempt: 2, score: 81 },
    ],
  },
  'missed result': {
    kind: 'result',
    grade: grade({
      theory: 84,
      practice: null,
      total: null,
      band: null,
      status: '缺考',
      missing_components: ['case'],
      reasons: [
        { kind: 'missing', components: ['case'] },
        { kind: 'window_closed', deadline: '2026-05-15' },
      ],
    }),
    passMark: 60,
    rank: 'few',
    components: [
      { component: 'exam', part: 'theory', attempt: 1, score: 84 },
      { component: 'case', part: 'practice', attempt: 0, score: null },
    ],
  },
  retake: { kind: 'retake', retake },
  excellent: { kind: 'excellent', grade: grade({ total: 93.5, band: '优秀', status: '优秀' }), bonusPoints: 2 },
  digest: {
    kind: 'digest',
    week: '2026-W23',
    overall: summaryRow('总览', '全部', 0.923, 195),
    worst: [summaryRow('课程', 'C2026-10 供应链金融产品实务', 0.75, 12), summaryRow('课程', 'C2026-03 零售业务风险管理', 0.85, 20)],
    link: 'https://docs.google.com/spreadsheets/d/abc/edit',
  },
};

const settingsWith = (overrides: Record<string, string>): Settings => parseSettings(gridToTable(SETTINGS_TAB, settingsGrid(overrides)));
const zh = defaultSettings();
const en = settingsWith({ language: 'en' });

describe.each([
  ['zh-CN', zh],
  ['en', en],
])('in %s', (_language, settings) => {
  it.each(Object.keys(FACTS))('renders the %s e-mail', (kind) => {
    const rendered = renderFeedback(message(FACTS[kind] as Facts), settings, { correction: false, now: NOW });
    expect({ subject: rendered.subject, text: rendered.text }).toMatchSnapshot();
    expect(rendered.html).toMatchSnapshot();
  });

  it('marks a correction in the subject and the first line', () => {
    const rendered = renderFeedback(message(FACTS['result'] as Facts), settings, { correction: true, now: NOW });
    expect(rendered.subject).toMatchSnapshot();
    expect(rendered.text.split('\n')[0]).toMatchSnapshot();
  });
});

describe('values that are not there', () => {
  it.each([
    [
      'a result with nothing scored',
      {
        kind: 'result',
        grade: grade({ theory: null, practice: null, total: null, band: null, attempt: 0, status: '缺考' }),
        passMark: 60,
        rank: 'few',
        components: [{ component: 'exam', part: 'theory', attempt: 0, score: null }],
      },
    ],
    ['a retake without a total', { kind: 'retake', retake: { ...retake, total: null } }],
    ['a digest before any grade', { kind: 'digest', week: '2026-W01', worst: [], link: '' }],
  ] as [string, Facts][])('never show as NaN, null or undefined: %s', (_name, facts) => {
    for (const settings of [zh, en]) {
      const rendered = renderFeedback(message(facts), settings, { correction: false, now: NOW });
      for (const part of [rendered.subject, rendered.text, rendered.html]) expect(part).not.toMatch(/NaN|null|undefined|\{\{/);
    }
  });
});

describe('values from the sheets', () => {
  const hostile = grade({ name: '<script>alert(1)</script>\r\nBcc: x@evil.example', course_title: '课程 & "引号" <b>' });
  const rendered = renderFeedback(message({ ...(FACTS['result'] as Extract<Facts, { kind: 'result' }>), grade: hostile }), zh, {
    correction: false,
    now: NOW,
  });

  it('are escaped in the HTML part', () => {
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Bcc: x@evil.example，您好：');
    expect(rendered.html).toContain('课程 &amp; &quot;引号&quot; &lt;b&gt;');
  });

  it('stay on one line in the subject and the text', () => {
    expect(rendered.subject).toBe('【培训反馈】课程 & "引号" <b>：通过');
    expect(rendered.text.split('\n')[0]).toBe('<script>alert(1)</script> Bcc: x@evil.example，您好：');
  });
});

describe('templates staff edit', () => {
  it('are used as written, in the language they are written in', () => {
    const settings = settingsWith({ language: 'en', result_subject_template: '成绩通知：{{course_title}} {{total}}' });
    const rendered = renderFeedback(message(FACTS['result'] as Facts), settings, { correction: false, now: NOW });
    expect(rendered.subject).toBe('成绩通知：客户沟通技巧 86.3');
    // The body was left as provisioned (Chinese): with English chosen, the English default is used.
    expect(rendered.text.startsWith('Dear 张伟,')).toBe(true);
  });

  it('with an unknown placeholder are an issue naming the key, the placeholder and those allowed, holding only that kind', () => {
    const settings = settingsWith({ retake_body_template: '{{name}} 请于 {{deadlin}} 前补考' });
    expect(settings.issues).toEqual([
      {
        key: 'retake_body_template',
        rowNumber: expect.any(Number) as unknown,
        problem: {
          field: 'retake_body_template',
          rule: 'unknown_placeholder',
          params: { names: ['{{deadlin}}'], allowed: expect.arrayContaining(['{{name}}', '{{deadline}}']) as unknown },
        },
        blocks: ['retake'],
      },
    ]);
    expect(blockedBy(settings, 'retake')).toHaveLength(1);
    expect(blockedBy(settings, 'result')).toEqual([]);
  });

  it('may not use a placeholder of another kind of e-mail', () => {
    expect(settingsWith({ digest_body_template: '{{name}}' }).issues).toMatchObject([
      { key: 'digest_body_template', problem: { rule: 'unknown_placeholder', params: { names: ['{{name}}'] } }, blocks: ['digest'] },
    ]);
  });
});

describe('templates provisioned by the previous release', () => {
  it('count as untouched, so a failed result gets the reasons line of the current default', () => {
    const settings = settingsWith({ result_body_template: EARLIER_DEFAULTS[0] ?? '' });
    const rendered = renderFeedback(message(FACTS['failed result'] as Facts), settings, { correction: false, now: NOW });
    expect(rendered.text).toContain('原因：出勤率 62.5%，低于 80%；已考核 2 次，达到最多 2 次');
  });

  it('as edited by staff are used as written, without the new lines', () => {
    const edited = `${EARLIER_DEFAULTS[0] ?? ''}\n（本行由培训中心添加）`;
    const rendered = renderFeedback(message(FACTS['failed result'] as Facts), settingsWith({ result_body_template: edited }), {
      correction: false,
      now: NOW,
    });
    expect(rendered.text).not.toContain('原因：');
    expect(rendered.text).toContain('（本行由培训中心添加）');
  });
});

describe('a passed result', () => {
  it('has no reasons line and no blank line in its place', () => {
    const rendered = renderFeedback(message(FACTS['result'] as Facts), zh, { correction: false, now: NOW });
    expect(rendered.text).toContain('结果：通过\n在本课程中的名次：前 25%');
  });
});

describe('a time zone in a deadline', () => {
  const at = new Date('2026-06-14T15:59:00Z');
  it.each([
    ['Asia/Shanghai', 'zh-CN', '北京时间'],
    ['Asia/Shanghai', 'en', 'Beijing time'],
    ['Asia/Hong_Kong', 'zh-CN', '香港时间'],
    ['Asia/Tokyo', 'zh-CN', '日本标准时间'],
    ['Europe/London', 'en', 'British Summer Time'],
  ] as const)('%s in %s is %s', (zone, language, name) => expect(zoneName(zone, language, at)).toBe(name));

  it('is written the way people say it in the retake notice, never as an IANA id', () => {
    const rendered = renderFeedback(message(FACTS['retake'] as Facts), zh, { correction: false, now: NOW });
    expect(rendered.text).toContain('2026年6月14日 23:59（北京时间）');
    expect(rendered.text).not.toContain('Asia/Shanghai');
  });
});
