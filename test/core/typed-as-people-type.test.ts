// Ids and numbers as staff and trainees type them: normalised once, refused with what to type when they are ambiguous.
import { describe, expect, it } from 'vitest';
import { PLAN_TAB, SCORES_TAB, SETTINGS_TAB } from '../../sheets-templates/index.js';
import { foldId, readNumber } from '../../functions/src/core/cells.js';
import { parsePlan } from '../../functions/src/core/model.js';
import { parseRow } from '../../functions/src/core/schemas.js';
import { renderProblem } from '../../functions/src/core/problems.js';
import { parseSettings } from '../../functions/src/core/settings.js';
import { gridToTable } from '../../functions/src/core/table.js';
import { settingsGrid } from '../fixtures/world.js';

const ZONE = 'Asia/Shanghai';

describe('an id is NFKC-normalised, trimmed and folded to capitals once', () => {
  it.each([
    ['as printed', 'CM2026002', 'CM2026002'],
    ['full-width', 'ＣＭ２０２６００２', 'CM2026002'],
    ['lower case', 'cm2026002', 'CM2026002'],
    ['padded with an ideographic space', '\u3000CM2026002 ', 'CM2026002'],
    ['with a zero-width space from a chat paste', 'CM2026\u200b002', 'CM2026002'],
    ['a course id with a full-width hyphen', 'ｃ２０２６－０７', 'C2026-07'],
  ])('%s: %j is %s', (_name, typed, id) => expect(foldId(typed)).toBe(id));

  it('folds the trainee and course ids of a row when it is parsed', () => {
    const cells = {
      submission_id: 's1',
      submitted_at: '2026-06-15T09:00:00+08:00',
      trainee_id: 'ｃｍ２０２６００２',
      course_id: ' c2026-07 ',
      component: '考试',
      attempt: '１',
      score: '８５',
    };
    expect(parseRow(SCORES_TAB, cells, ZONE)).toMatchObject({
      ok: true,
      row: { trainee_id: 'CM2026002', course_id: 'C2026-07', component: 'exam', attempt: 1, score: 85 },
    });
  });
});

describe('a number is read as typed, and a % or comma is never guessed at', () => {
  it.each([
    ['plain', '85', {}, { ok: true, value: 85 }],
    ['full-width digits and point', '８５．５', {}, { ok: true, value: 85.5 }],
    ['a number cell', 59.95, {}, { ok: true, value: 59.95 }],
    ['85% as a score is refused: type 85', '85%', {}, { ok: false, refusal: { rule: 'percent_sign', typed: '85%', plain: '85' } }],
    ['80% as a rate is 0.8', '80%', { percent: true }, { ok: true, value: 0.8 }],
    ['full-width ８０％ as a rate is 0.8', '８０％', { percent: true }, { ok: true, value: 0.8 }],
    ['8,5 may be 8.5 or 85: refused', '8,5', {}, { ok: false, refusal: { rule: 'comma_in_number', typed: '8,5', decimal: '8.5' } }],
    [
      '1,000 may be 1000 or 1.0: refused',
      '1,000',
      {},
      { ok: false, refusal: { rule: 'comma_in_number', typed: '1,000', decimal: '1.000', whole: '1000' } },
    ],
    ['a Chinese comma is a comma', '8，5', {}, { ok: false, refusal: { rule: 'comma_in_number', typed: '8,5', decimal: '8.5' } }],
    [
      '1,234,567 can only be whole',
      '1,234,567',
      {},
      { ok: false, refusal: { rule: 'comma_in_number', typed: '1,234,567', whole: '1234567' } },
    ],
    ['words are not a number', '八十五', {}, { ok: false }],
  ])('%s', (_name, cell, options, expected) => expect(readNumber(cell, options)).toEqual(expected));
});

describe('a refused number says what to type, in both languages', () => {
  const scoreProblems = (score: string) => {
    const parsed = parseRow(
      SCORES_TAB,
      { submission_id: 's', trainee_id: 'T', course_id: 'C', component: 'exam', attempt: 1, score },
      ZONE,
    );
    return parsed.ok ? [] : parsed.problems.filter((problem) => problem.field === 'score');
  };

  it.each([
    ['85%', 'zh-CN', '分数：「85%」不能带 %，请直接写 85'],
    ['85%', 'en', 'Score "85%" cannot carry a %: type 85'],
    ['8,5', 'zh-CN', '分数：「8,5」含逗号，无法确定含义；小数请写 8.5'],
    ['8,5', 'en', 'Score "8,5" has a comma, which could mean two things: for a decimal type 8.5'],
    ['1,000', 'zh-CN', '分数：「1,000」含逗号，无法确定含义；小数请写 1.000，整数请直接写 1000'],
  ] as const)('score %s (%s)', (score, language, message) => {
    const [problem] = scoreProblems(score);
    expect(problem && renderProblem(problem, language, SCORES_TAB.name)).toBe(message);
  });

  it('a Plan rate may carry %, and 80 for a fraction says how to write a percentage', () => {
    const row = (min_attendance: string) => ({
      course_id: 'C1',
      title: 't',
      category: '营销技能',
      method: '面授',
      level: '助理级',
      direction: '通用',
      instructor: 'i',
      instructor_type: '内训师',
      start_date: '2026-03-01',
      end_date: '2026-03-20',
      hours: 8,
      sessions: 4,
      theory_weight: '60%',
      practice_weight: '40%',
      required_components: '考试,案例分析',
      min_attendance,
      approval: '已批准',
    });
    expect(parseRow(PLAN_TAB, row('90%'), ZONE)).toMatchObject({ ok: true, row: { min_attendance: 0.9, theory_weight: 0.6 } });
    const [broken] = parsePlan({ tab: 'Plan', rows: [{ rowNumber: 8, values: row('80') }] }, ZONE).broken;
    expect(broken?.problems.map((problem) => renderProblem(problem, 'zh-CN', PLAN_TAB.name))).toEqual([
      '最低出勤率（可选） 80 不在 0–1 之间；百分比请写作 80% 或小数',
    ]);
  });

  it('a Settings rate may carry % too', () => {
    expect(parseSettings(gridToTable(SETTINGS_TAB, settingsGrid({ min_attendance: '75%' })))).toMatchObject({
      min_attendance: 0.75,
      issues: [],
    });
  });
});
