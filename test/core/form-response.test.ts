// Forms API responses become the envelope POST /submissions takes: ids, times, titles and every answer type.
import { describe, expect, it } from 'vitest';
import { answerText, questionTitles, responseEnvelope, type FormItem, type FormResponse } from '../../functions/src/core/form-response.js';
import { submit } from '../../functions/src/jobs/submit.js';
import { clock, worldStore } from '../fixtures/world.js';

/** Items as forms.get returns them for a score form with a rating grid, a section header and an image. */
const ITEMS: FormItem[] = [
  { title: '学员编号 Trainee ID', questionItem: { question: { questionId: '1a2b0001' } } },
  { title: '课程编号 Course ID', questionItem: { question: { questionId: '1a2b0002' } } },
  { title: '第二部分 Part two' },
  { title: '考核项目 Component', questionItem: { question: { questionId: '1a2b0003' } } },
  {
    title: '评价 Ratings',
    questionGroupItem: {
      questions: [
        { questionId: '1a2b0010', rowQuestion: { title: '讲师水平 Instructor level' } },
        { questionId: '1a2b0011', rowQuestion: { title: '内容 Content' } },
      ],
    },
  },
  { title: '备注 Note', questionItem: { question: { questionId: '1a2b0004' } } },
  { title: '备注 Note', questionItem: { question: { questionId: '1a2b0005' } } },
];

const text = (...values: string[]) => ({ textAnswers: { answers: values.map((value) => ({ value })) } });

describe('questionTitles', () => {
  it('maps every question id to its title, and a grid row to "Title [Row]" as e.namedValues does', () => {
    expect(Object.fromEntries(questionTitles(ITEMS))).toEqual({
      '1a2b0001': '学员编号 Trainee ID',
      '1a2b0002': '课程编号 Course ID',
      '1a2b0003': '考核项目 Component',
      '1a2b0010': '评价 Ratings [讲师水平 Instructor level]',
      '1a2b0011': '评价 Ratings [内容 Content]',
      '1a2b0004': '备注 Note',
      '1a2b0005': '备注 Note',
    });
  });

  it('gives nothing for a form without items', () => {
    expect(questionTitles([]).size).toBe(0);
  });
});

describe('answerText for each question type', () => {
  it.each([
    { name: 'text', value: 'CM2026001', expected: 'CM2026001' },
    { name: 'a choice', value: '考试', expected: '考试' },
    { name: 'a scale', value: '4', expected: '4' },
    { name: 'a date', value: '2026-06-15', expected: '2026-06-15' },
    { name: 'a date without a year', value: '06-15', expected: '06-15' },
    { name: 'a date with a time', value: '2026-06-15 14:51', expected: '2026-06-15T14:51' },
    { name: 'a date without a year, with a time', value: '06-15 14:51', expected: '06-15 14:51' },
    { name: 'a time', value: '14:51', expected: '14:51' },
    { name: 'a formula-looking text stays text', value: '=HYPERLINK("http://x","y")', expected: '=HYPERLINK("http://x","y")' },
  ])('$name', ({ value, expected }) => {
    expect(answerText(value)).toBe(expected);
  });
});

describe('responseEnvelope', () => {
  const titles = questionTitles(ITEMS);
  const full: FormResponse = {
    responseId: 'ACYDBNj8Ckz1',
    createTime: '2026-06-15T01:00:00.100Z',
    lastSubmittedTime: '2026-06-15T01:00:00.123456Z',
    respondentEmail: 'teacher@bank.example',
    answers: {
      '1a2b0001': { questionId: '1a2b0001', ...text('T002') },
      '1a2b0002': { questionId: '1a2b0002', ...text('C-PRO-CORP') },
      '1a2b0003': { questionId: '1a2b0003', ...text('考试') },
      '1a2b0010': { questionId: '1a2b0010', ...text('5') },
    },
  } as FormResponse;

  it.each([
    {
      name: 'a full response: id, last submission time, respondent and answers by title',
      response: full,
      expected: {
        id: 'ACYDBNj8Ckz1',
        kind: 'score',
        submittedAt: '2026-06-15T01:00:00.123456Z',
        submitter: 'teacher@bank.example',
        answers: {
          '学员编号 Trainee ID': 'T002',
          '课程编号 Course ID': 'C-PRO-CORP',
          '考核项目 Component': '考试',
          '评价 Ratings [讲师水平 Instructor level]': '5',
        },
      },
    },
    {
      name: 'no e-mail collected: no submitter',
      response: { responseId: 'r1', lastSubmittedTime: '2026-06-15T01:00:00Z', answers: { '1a2b0001': text('T002') } },
      expected: { id: 'r1', kind: 'score', submittedAt: '2026-06-15T01:00:00Z', answers: { '学员编号 Trainee ID': 'T002' } },
    },
    {
      name: 'checkboxes: a list',
      response: { responseId: 'r2', lastSubmittedTime: '2026-06-15T01:00:00Z', answers: { '1a2b0003': text('考试', '论文') } },
      expected: { id: 'r2', kind: 'score', submittedAt: '2026-06-15T01:00:00Z', answers: { '考核项目 Component': ['考试', '论文'] } },
    },
    {
      name: 'two questions with one title: one list, so validation sees the clash',
      response: { responseId: 'r3', lastSubmittedTime: '2026-06-15T01:00:00Z', answers: { '1a2b0004': text('a'), '1a2b0005': text('b') } },
      expected: { id: 'r3', kind: 'score', submittedAt: '2026-06-15T01:00:00Z', answers: { '备注 Note': ['a', 'b'] } },
    },
    {
      name: 'a question removed from the form since: keyed by its id, which no column matches',
      response: { responseId: 'r4', lastSubmittedTime: '2026-06-15T01:00:00Z', answers: { '7f7f7f7f': text('x') } },
      expected: { id: 'r4', kind: 'score', submittedAt: '2026-06-15T01:00:00Z', answers: { '7f7f7f7f': 'x' } },
    },
    {
      name: 'a file upload and an empty answer are left out',
      response: {
        responseId: 'r5',
        lastSubmittedTime: '2026-06-15T01:00:00Z',
        answers: {
          '1a2b0001': { fileUploadAnswers: { answers: [{ fileId: 'f1', fileName: 'a.pdf' }] } },
          '1a2b0002': { textAnswers: { answers: [] } },
        },
      } as FormResponse,
      expected: { id: 'r5', kind: 'score', submittedAt: '2026-06-15T01:00:00Z', answers: {} },
    },
    {
      name: 'a date with a time gets the ISO T',
      response: { responseId: 'r6', lastSubmittedTime: '2026-06-15T01:00:00Z', answers: { '1a2b0004': text('2026-06-15 14:51') } },
      expected: { id: 'r6', kind: 'score', submittedAt: '2026-06-15T01:00:00Z', answers: { '备注 Note': '2026-06-15T14:51' } },
    },
  ])('$name', ({ response, expected }) => {
    expect(responseEnvelope(response, 'score', titles)).toEqual(expected);
  });

  it.each([
    { name: 'no response id', response: { lastSubmittedTime: '2026-06-15T01:00:00Z' } },
    { name: 'no submission time', response: { responseId: 'r7' } },
    { name: 'a blank response id', response: { responseId: ' ', lastSubmittedTime: '2026-06-15T01:00:00Z' } },
  ])('gives nothing for $name', ({ response }) => {
    expect(responseEnvelope(response, 'score', titles)).toBeUndefined();
  });
});

describe('envelopes of each question type, through the submission job', () => {
  /** A form whose questions carry the given titles, question ids q0, q1, … */
  const formOf = (titles: readonly string[]) =>
    questionTitles(titles.map((title, i) => ({ title, questionItem: { question: { questionId: `q${i}` } } })));
  const responseOf = (values: readonly (string | string[])[]): FormResponse => ({
    responseId: `resp-${values.join('-')}`,
    lastSubmittedTime: '2026-06-15T01:00:00.123456Z',
    answers: Object.fromEntries(values.map((value, i) => [`q${i}`, text(...(Array.isArray(value) ? value : [value]))])),
  });

  it.each([
    {
      name: 'an evaluation: dropdown course, five scales, a paragraph',
      kind: 'evaluation' as const,
      titles: [
        '课程编号 Course ID',
        '目标达成度 Goal achievement',
        '内容实用性 Content practicality',
        '方法有效性 Method effectiveness',
        '讲师水平 Instructor level',
        '总体满意度 Overall satisfaction',
        '意见建议 Comment',
      ],
      values: ['C-PRO-CORP', '4', '5', '3', '5', '4', '案例很实用'],
      tab: 'Evaluations',
      stored: {
        course_id: 'C-PRO-CORP',
        goal_achievement: 4,
        overall_satisfaction: 4,
        comment: '案例很实用',
        submitted_at: '2026-06-15T09:00:00.123+08:00',
      },
    },
    {
      name: 'attendance: a date question and a choice by its Chinese label',
      kind: 'attendance' as const,
      titles: ['学员编号 Trainee ID', '课程编号 Course ID', '课次序号 Session', '上课日期 Session date', '考勤状态 Status'],
      values: ['T002', 'C-PRO-CORP', '2', '2026-06-08', '迟到'],
      tab: 'Attendance',
      stored: { session: 2, session_date: '2026-06-08', status: '迟到' },
    },
  ])('$name is accepted', async ({ kind, titles, values, tab, stored }) => {
    const store = worldStore();
    const envelope = responseEnvelope(responseOf(values), kind, formOf(titles));
    expect(await submit({ ...envelope }, store, clock)).toMatchObject({ status: 'accepted' });
    expect((await store.read([tab])).get(tab)?.rows[0]?.values).toMatchObject(stored);
  });
});
