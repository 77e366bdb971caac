// The form of each submission kind: its questions, their types and titles, and that answers keyed by those titles are accepted.
import type { forms_v1 } from '@googleapis/forms';
import { describe, expect, it } from 'vitest';
import {
  ENVELOPE_COLUMNS,
  FUNCTION_FILLED_COLUMNS,
  SUBMISSION_TARGETS,
  headerText,
  type SubmissionKind,
} from '../../../sheets-templates/index.js';
import { mapAnswers } from '../../../functions/src/core/envelope.js';
import {
  FORM_KINDS,
  formColumns,
  formItem,
  missingItemRequests,
  needsPublishing,
  newForm,
  newFormRequests,
  questionFor,
} from '../../../functions/src/provision/google/form-plan.js';
import { submit } from '../../../functions/src/jobs/submit.js';
import { clock, worldStore } from '../../fixtures/world.js';

/** The kind of question an item is, in words. */
function questionKind(question: forms_v1.Schema$Question): string {
  if (question.choiceQuestion) return `choice ${question.choiceQuestion.type ?? ''}`;
  if (question.scaleQuestion) return `scale ${question.scaleQuestion.low ?? ''}-${question.scaleQuestion.high ?? ''}`;
  if (question.dateQuestion) return question.dateQuestion.includeTime ? 'date+time' : 'date';
  if (question.textQuestion) return question.textQuestion.paragraph ? 'paragraph' : 'short text';
  return 'other';
}

function questionsOf(kind: SubmissionKind): [string, string, boolean][] {
  return formColumns(kind).map((column) => {
    const question = questionFor(column);
    return [headerText(column), questionKind(question), question.required === true];
  });
}

describe('the forms', () => {
  const expected: Record<SubmissionKind, [string, string, boolean][]> = {
    score: [
      ['学员编号 Trainee ID', 'short text', true],
      ['课程编号 Course ID', 'short text', true],
      ['考核项目 Component', 'choice DROP_DOWN', true],
      ['考核次数 Attempt', 'short text', true],
      ['分数 Score', 'short text', true],
    ],
    attendance: [
      ['课程编号 Course ID', 'short text', true],
      ['学员编号 Trainee ID', 'short text', true],
      ['课次序号 Session', 'short text', true],
      ['上课日期 Session date', 'date', true],
      ['考勤状态 Status', 'choice RADIO', true],
      ['签到码 Check-in code', 'short text', false],
    ],
    leave: [
      ['课程编号 Course ID', 'short text', true],
      ['学员编号 Trainee ID', 'short text', true],
      ['课次序号 Session', 'short text', true],
      ['请假日期 Leave date', 'date', true],
      ['请假事由 Reason', 'paragraph', true],
    ],
    evaluation: [
      ['课程编号 Course ID', 'short text', true],
      ['学员编号 Trainee ID', 'short text', false],
      ['目标达成度 Goal achievement', 'scale 1-5', true],
      ['内容实用性 Content practicality', 'scale 1-5', true],
      ['方法有效性 Method effectiveness', 'scale 1-5', true],
      ['讲师水平 Instructor level', 'scale 1-5', true],
      ['总体满意度 Overall satisfaction', 'scale 1-5', true],
      ['意见建议 Comment', 'paragraph', false],
    ],
    enrollment: [
      ['学员编号 Trainee ID', 'short text', true],
      ['姓名 Name', 'short text', true],
      ['邮箱 E-mail', 'short text', true],
      ['所属机构 Branch', 'short text', true],
      ['层级 Level', 'choice RADIO', true],
      ['业务方向 Direction', 'choice RADIO', true],
      ['班次 Cohort', 'short text', true],
    ],
  };

  it.each(FORM_KINDS)('the %s form asks one question per column it does not fill itself, typed from the template', (kind) => {
    expect(questionsOf(kind)).toEqual(expected[kind]);
    const asked = new Set(formColumns(kind).map((column) => column.key));
    for (const column of SUBMISSION_TARGETS[kind].columns) {
      expect(asked.has(column.key)).toBe(!ENVELOPE_COLUMNS.has(column.key) && !FUNCTION_FILLED_COLUMNS[kind].has(column.key));
    }
  });

  it('offers the stored values of a choice column, and checkboxes for a multi-choice one', () => {
    const component = SUBMISSION_TARGETS.score.columns.find((column) => column.key === 'component');
    expect(questionFor(component!).choiceQuestion?.options?.map((option) => option.value)).toEqual([
      'exam',
      'paper',
      'classroom',
      'project',
      'case',
      'simulation',
      'performance',
    ]);
    const multi = questionFor({
      key: 'reasons',
      label: { zh: '原因', en: 'Reasons' },
      required: false,
      type: { kind: 'choices', choices: [{ value: 'a', label: { zh: 'a', en: 'a' } }] },
    });
    expect(multi.choiceQuestion?.type).toBe('CHECKBOX');
    const when = questionFor({ key: 'at', label: { zh: '时间', en: 'At' }, required: true, type: { kind: 'datetime' } });
    expect(questionKind(when)).toBe('date+time');
  });

  it.each(FORM_KINDS)('every %s question title maps back to its column key through the submission envelope', (kind) => {
    const answers = Object.fromEntries(formColumns(kind).map((column) => [formItem(column).title ?? '', 'x']));
    const mapped = mapAnswers(SUBMISSION_TARGETS[kind], answers);
    expect(mapped.problems).toEqual([]);
    expect(Object.keys(mapped.cells).sort()).toEqual(
      formColumns(kind)
        .map((column) => column.key)
        .sort(),
    );
  });

  it('creates a form with the title only, then describes it, sets e-mail collection and adds the questions in order', () => {
    expect(Object.keys(newForm('score'))).toEqual(['info']);
    expect(Object.keys(newForm('score').info ?? {}).sort()).toEqual(['documentTitle', 'title']);
    const requests = newFormRequests('evaluation');
    expect(requests[0]?.updateFormInfo?.info?.description).toContain('课程结束后的培训评估');
    expect(requests[0]?.updateFormInfo?.info?.description).toContain('Course evaluation');
    expect(requests[1]?.updateSettings?.settings?.emailCollectionType).toBe('DO_NOT_COLLECT');
    expect(newFormRequests('score')[1]?.updateSettings?.settings?.emailCollectionType).toBe('VERIFIED');
    const items = requests.slice(2).map((request) => request.createItem);
    expect(items.map((item) => item?.location?.index)).toEqual(items.map((_, i) => i));
    expect(items.map((item) => item?.item?.title)).toEqual(expected.evaluation.map(([title]) => title));
  });
});

/** Valid answers for each kind in the standard world, keyed by the form's question titles. */
const ANSWERS: Record<SubmissionKind, Record<string, string>> = {
  score: { trainee_id: 'T002', course_id: 'C-PRO-CORP', component: 'exam', attempt: '1', score: '88.5' },
  attendance: { course_id: 'C-PRO-CORP', trainee_id: 'T002', session: '2', session_date: '2026-06-08', status: '迟到' },
  leave: { course_id: 'C-PRO-CORP', trainee_id: 'T002', session: '3', leave_date: '2026-06-10', reason: '客户拜访' },
  evaluation: {
    course_id: 'C-PRO-RETAIL',
    trainee_id: '',
    goal_achievement: '5',
    content_practicality: '4',
    method_effectiveness: '4',
    instructor_level: '5',
    overall_satisfaction: '4',
    comment: '案例很实用',
  },
  enrollment: {
    trainee_id: 'T010',
    name: '赵敏',
    email: 'zhao.min@bank.example',
    branch: '杭州分行',
    level: '助理级',
    direction: '对私',
    cohort: '2026-助理级-2期',
  },
};

describe('a response to each form', () => {
  it.each(FORM_KINDS)(
    'to the %s form is accepted by the submission handler and lands in the columns the questions stand for',
    async (kind) => {
      const answers: Record<string, string[]> = {};
      for (const column of formColumns(kind)) answers[formItem(column).title ?? ''] = [ANSWERS[kind][column.key] ?? ''];
      const store = worldStore();
      const id = `form-${kind}`;
      const result = await submit(
        { id, kind, submittedAt: '2026-06-15T09:00:00+08:00', submitter: 'staff@bank.example', answers },
        store,
        clock,
      );
      expect(result).toEqual({ status: 'accepted', id, kind });
      const tab = SUBMISSION_TARGETS[kind].name;
      const row = (await store.read([tab])).get(tab)?.rows.find((r) => r.values['submission_id'] === id);
      for (const column of formColumns(kind)) {
        const given = ANSWERS[kind][column.key] ?? '';
        const stored = row?.values[column.key];
        expect(given === '' ? stored : String(stored)).toBe(given === '' ? null : given);
      }
      // What the form does not ask, the handler fills.
      for (const key of FUNCTION_FILLED_COLUMNS[kind]) expect(row?.values[key]).not.toBeUndefined();
      if (kind === 'leave') expect(row?.values['approval']).toBe('待审批');
      if (kind === 'enrollment') expect(row?.values['status']).toBe('在训');
      if (kind === 'score') expect(row?.values['assessor']).toBe('staff@bank.example');
    },
  );
});

describe('completing an existing form', () => {
  const full: forms_v1.Schema$Form = { items: newFormRequests('score').flatMap((r) => (r.createItem?.item ? [r.createItem.item] : [])) };

  const cases: { name: string; form: forms_v1.Schema$Form; added: string[] }[] = [
    { name: 'a complete form needs nothing', form: full, added: [] },
    { name: 'a form without items gets every question', form: {}, added: expected('score') },
    {
      name: 'a missing question is added at the end, after the questions staff added',
      form: {
        items: [
          ...(full.items ?? []).filter((item) => item.title !== '分数 Score'),
          { title: '备注 Remark', questionItem: { question: { textQuestion: {} } } },
        ],
      },
      added: ['分数 Score'],
    },
    {
      name: 'titles are compared trimmed',
      form: { items: (full.items ?? []).map((item) => ({ ...item, title: ` ${item.title ?? ''} ` })) },
      added: [],
    },
  ];

  function expected(kind: SubmissionKind): string[] {
    return formColumns(kind).map(headerText);
  }

  it.each(cases)('$name', ({ form, added }) => {
    const result = missingItemRequests('score', form);
    expect(result.added).toEqual(added);
    const count = form.items?.length ?? 0;
    expect(result.requests.map((request) => request.createItem?.location?.index)).toEqual(added.map((_, i) => count + i));
  });
});

describe('needsPublishing', () => {
  const cases: { name: string; form: forms_v1.Schema$Form; publish: boolean }[] = [
    {
      name: 'a form created unpublished',
      form: { publishSettings: { publishState: { isPublished: false, isAcceptingResponses: false } } },
      publish: true,
    },
    { name: 'a form with empty publish settings', form: { publishSettings: {} }, publish: true },
    {
      name: 'a published form',
      form: { publishSettings: { publishState: { isPublished: true, isAcceptingResponses: true } } },
      publish: false,
    },
    {
      name: 'a form closed on purpose',
      form: { publishSettings: { publishState: { isPublished: true, isAcceptingResponses: false } } },
      publish: false,
    },
    { name: 'a legacy form (no publish settings, always published)', form: {}, publish: false },
  ];
  it.each(cases)('$name', ({ form, publish }) => expect(needsPublishing(form)).toBe(publish));
});
