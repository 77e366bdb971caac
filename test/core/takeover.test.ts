// Nobody takes over a trainee: an enrollment naming a known trainee id must carry that trainee's name and e-mail.
import { describe, expect, it } from 'vitest';
import { ROSTER_TAB, SETTINGS_TAB } from '../../sheets-templates/index.js';
import type { Envelope } from '../../functions/src/core/envelope.js';
import { parseRoster } from '../../functions/src/core/model.js';
import { renderProblems } from '../../functions/src/core/problems.js';
import { parseSettings } from '../../functions/src/core/settings.js';
import { gridToTable } from '../../functions/src/core/table.js';
import { indexRoster, validateSubmission } from '../../functions/src/core/validate-submission.js';
import { gridOf, settingsGrid, TRAINEES } from '../fixtures/world.js';

const settings = parseSettings(gridToTable(SETTINGS_TAB, settingsGrid()));
const roster = indexRoster(parseRoster(gridToTable(ROSTER_TAB, gridOf(ROSTER_TAB, TRAINEES)), 'Asia/Shanghai').rows);
const context = { settings, courses: new Map(), roster, target: gridToTable(ROSTER_TAB, gridOf(ROSTER_TAB, TRAINEES)) };

const LI_NA = {
  trainee_id: 'T002',
  name: '李娜',
  email: 'li.na@bank.example',
  branch: '上海分行',
  level: '专业级',
  direction: '对公',
  cohort: '2026-专业级-2期',
};

const enrollment = (answers: Record<string, string>, id = 'e-1'): Envelope => ({
  id,
  kind: 'enrollment',
  submittedAt: '2026-06-15T09:00:00+08:00',
  answers,
});

describe('an enrollment naming a trainee id', () => {
  it.each([
    { name: 'a new id', answers: { ...LI_NA, trainee_id: 'T100' }, outcome: 'accepted' },
    { name: 'a known trainee, same name and e-mail, a new cohort', answers: LI_NA, outcome: 'accepted' },
    { name: 'the same e-mail in other case and spaces', answers: { ...LI_NA, email: ' Li.Na@Bank.example ' }, outcome: 'accepted' },
    { name: 'the same name with a space in it', answers: { ...LI_NA, name: '李 娜' }, outcome: 'accepted' },
    { name: 'another e-mail', answers: { ...LI_NA, email: 'thief@evil.example' }, outcome: 'trainee_id_taken' },
    { name: 'another name', answers: { ...LI_NA, name: '李四' }, outcome: 'trainee_id_taken' },
    {
      name: 'another e-mail in the cohort already joined',
      answers: { ...LI_NA, email: 'x@evil.example', cohort: '2026-专业级-1期' },
      outcome: 'trainee_id_taken',
    },
    { name: 'same person, cohort already joined', answers: { ...LI_NA, cohort: '2026-专业级-1期' }, outcome: 'already_enrolled' },
    {
      name: 'a trainee in two cohorts, matching both rows',
      answers: { ...LI_NA, trainee_id: 'T004', name: '刘洋', email: 'liu.yang@bank.example', cohort: '2027-高级-1期' },
      outcome: 'accepted',
    },
  ])('$name → $outcome', ({ answers, outcome }) => {
    const result = validateSubmission(enrollment(answers), context);
    if (outcome === 'accepted') expect(result.status).toBe('accepted');
    else expect(result.status === 'rejected' && result.problems.map((p) => p.rule)).toEqual([outcome]);
  });

  it('says why without showing whose name or e-mail the id holds', () => {
    const result = validateSubmission(enrollment({ ...LI_NA, email: 'thief@evil.example' }), context);
    if (result.status !== 'rejected') throw new Error(`expected a rejection, got ${result.status}`);
    const [zh] = renderProblems(result.problems, 'zh-CN', ROSTER_TAB.name);
    const [en] = renderProblems(result.problems, 'en', ROSTER_TAB.name);
    expect(zh?.message).toBe(
      '学员编号：学员 T002 已在学员名册中，但姓名或邮箱与本次报名不同；报名不能更改已有学员的信息，如需更改邮箱，请培训管理员在学员名册中修改',
    );
    expect(en?.message).toBe(
      'Trainee ID trainee T002 is already on the roster with another name or e-mail; an enrollment cannot change an existing trainee, training staff change e-mails in the Roster',
    );
    for (const text of [zh?.message, en?.message]) expect(text).not.toMatch(/li\.na|李娜/);
  });
});
