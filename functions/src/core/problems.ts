// Validation problems as data (field, rule, parameters) and their rendering in zh-CN or English.
import type { $ZodIssue } from 'zod/v4/core';
import { tabByName, type ColumnDef, type Label } from '../../../sheets-templates/index.js';

export type Language = 'zh-CN' | 'en';

export type Rule =
  | 'required'
  | 'too_long'
  | 'not_number'
  | 'not_integer'
  | 'out_of_range'
  | 'not_date'
  | 'not_datetime'
  | 'not_email'
  | 'not_choice'
  | 'not_text'
  | 'not_object'
  | 'unknown_trainee'
  | 'inactive_trainee'
  | 'unknown_course'
  | 'course_not_approved'
  | 'not_enrolled'
  | 'component_not_required'
  | 'attempt_too_high'
  | 'attempt_out_of_order'
  | 'already_recorded'
  | 'already_enrolled'
  | 'trainee_id_taken'
  | 'time_outside_window'
  | 'date_outside_course'
  | 'session_out_of_range'
  | 'conflicting_answers'
  /** A control character (or U+FFFE/U+FFFF, a lone surrogate) in an id: no workbook can hold it, and stripping it would make another id. */
  | 'unstorable_character'
  | 'invalid';

export type ParamValue = string | number | readonly string[];

/** One thing wrong with an entry: which field, which rule, and the facts a message needs. */
export interface Problem {
  readonly field: string;
  readonly rule: Rule;
  readonly params?: Readonly<Record<string, ParamValue>>;
}

/** Convert zod's issues into problems; `field` names the column, else the issue's first path segment. */
export function problemsFromZod(issues: readonly $ZodIssue[], field?: string): Problem[] {
  return issues.map((issue): Problem => {
    const fieldName = field ?? String(issue.path[0] ?? '');
    return problemFromIssue(issue, fieldName);
  });
}

function problemFromIssue(issue: $ZodIssue, field: string): Problem {
  {
    switch (issue.code) {
      case 'invalid_type':
        if (issue.input === undefined || issue.input === null || issue.input === '') return { field, rule: 'required' };
        if (issue.expected === 'number') return { field, rule: 'not_number' };
        if (issue.expected === 'int') return { field, rule: 'not_integer' };
        if (issue.expected === 'object' || issue.expected === 'record') return { field, rule: 'not_object' };
        if (issue.expected === 'string') return { field, rule: 'not_text' };
        return { field, rule: 'invalid' };
      case 'too_big':
        if (issue.origin === 'string') return { field, rule: 'too_long', params: { max: Number(issue.maximum) } };
        return { field, rule: 'out_of_range', params: { max: Number(issue.maximum) } };
      case 'too_small':
        if (issue.origin === 'string' || issue.origin === 'array') return { field, rule: 'required' };
        return { field, rule: 'out_of_range', params: { min: Number(issue.minimum) } };
      case 'invalid_format':
        if (issue.format === 'email') return { field, rule: 'not_email' };
        if (issue.format === 'date') return { field, rule: 'not_date' };
        if (issue.format === 'datetime') return { field, rule: 'not_datetime' };
        return { field, rule: 'invalid' };
      case 'invalid_value':
        return { field, rule: 'not_choice', params: { allowed: issue.values.map(String) } };
      case 'custom':
        if (issue.params !== undefined && typeof issue.params['rule'] === 'string') {
          const { rule, ...params } = issue.params as { rule: Rule } & Record<string, ParamValue>;
          return { field, rule, params };
        }
        return { field, rule: 'invalid' };
      default:
        if (issue.code === 'invalid_union' || issue.code === 'invalid_key' || issue.code === 'invalid_element') {
          return { field, rule: 'invalid' };
        }
        if (issue.code === 'not_multiple_of') return { field, rule: 'not_integer' };
        return { field, rule: 'invalid' };
    }
  }
}

const ENVELOPE_LABELS: Record<string, Label> = {
  id: { zh: '提交编号', en: 'Submission ID' },
  kind: { zh: '提交类型', en: 'Kind' },
  submittedAt: { zh: '提交时间', en: 'Submitted at' },
  submitter: { zh: '提交人', en: 'Submitter' },
  answers: { zh: '答案', en: 'Answers' },
};

/** The words for a field: the template column's label for a column key, else the envelope's. */
export function fieldLabel(field: string, tabName: string | undefined, language: Language): string {
  const column: ColumnDef | undefined = tabName === undefined ? undefined : tabByName(tabName)?.columns.find((c) => c.key === field);
  const label = column?.label ?? ENVELOPE_LABELS[field];
  if (label === undefined) return field;
  return language === 'en' ? label.en : label.zh;
}

/** A parameter as text: lists joined the way the language joins them. */
type Param = (name: string) => string;
type Messages = Record<Rule, (p: Param) => string>;

const ZH: Messages = {
  required: () => '必须填写',
  too_long: (p) => `不能超过 ${p('max')} 个字符`,
  not_number: () => '必须是数字',
  not_integer: () => '必须是整数',
  out_of_range: (p) =>
    p('min') !== '' && p('max') !== ''
      ? `必须在 ${p('min')} 到 ${p('max')} 之间`
      : p('min') !== ''
        ? `不能小于 ${p('min')}`
        : `不能大于 ${p('max')}`,
  not_date: () => '必须是日期，格式如 2026-03-01',
  not_datetime: () => '必须是带时区的时间，格式如 2026-03-01T09:30:00+08:00',
  not_email: () => '必须是有效的邮箱地址',
  not_choice: (p) => `只能是：${p('allowed')}`,
  not_text: () => '必须是文字',
  not_object: () => '必须是一个对象（键值对）',
  unknown_trainee: (p) => `学员 ${p('trainee_id')} 不在学员名册中`,
  inactive_trainee: (p) => `学员 ${p('trainee_id')} 当前状态为「${p('status')}」，不在训`,
  unknown_course: (p) => `课程 ${p('course_id')} 不在年度培训计划中`,
  course_not_approved: (p) => `课程 ${p('course_id')} 尚未审批通过（当前：${p('approval')}）`,
  not_enrolled: (p) => `学员 ${p('trainee_id')} 未报名 ${p('level')}·${p('direction')} 层级的课程`,
  component_not_required: (p) => `课程 ${p('course_id')} 的考核项目只有：${p('allowed')}`,
  attempt_too_high: (p) => `本课程最多考核 ${p('max')} 次`,
  attempt_out_of_order: (p) => `第 ${p('previous')} 次考核成绩尚未录入，不能录入第 ${p('attempt')} 次`,
  already_recorded: () => '该记录已存在；如需更正，请培训管理员直接在表格中修改',
  already_enrolled: (p) => `学员 ${p('trainee_id')} 已在班次 ${p('cohort')} 中`,
  trainee_id_taken: (p) =>
    `学员 ${p('trainee_id')} 已在学员名册中，但姓名或邮箱与本次报名不同；报名不能更改已有学员的信息，如需更改邮箱，请培训管理员在学员名册中修改`,
  time_outside_window: (p) => `必须在 ${p('from')} 至 ${p('to')} 之间（不早于培训计划年度的上一年年初，不晚于当前时间后一天）`,
  date_outside_course: (p) => `必须在课程期间 ${p('start')} 至 ${p('end')} 之内`,
  session_out_of_range: (p) => `课次必须在 1 到 ${p('max')} 之间`,
  conflicting_answers: () => '同一问题给出了不同的答案',
  unstorable_character: () => '含有表格无法保存的控制字符，请删除后重新提交',
  invalid: () => '格式不正确',
};

const EN: Messages = {
  required: () => 'is required',
  too_long: (p) => `must be at most ${p('max')} characters`,
  not_number: () => 'must be a number',
  not_integer: () => 'must be a whole number',
  out_of_range: (p) =>
    p('min') !== '' && p('max') !== ''
      ? `must be between ${p('min')} and ${p('max')}`
      : p('min') !== ''
        ? `must be at least ${p('min')}`
        : `must be at most ${p('max')}`,
  not_date: () => 'must be a date such as 2026-03-01',
  not_datetime: () => 'must be a time with its offset, such as 2026-03-01T09:30:00+08:00',
  not_email: () => 'must be a valid e-mail address',
  not_choice: (p) => `must be one of: ${p('allowed')}`,
  not_text: () => 'must be text',
  not_object: () => 'must be an object of answers',
  unknown_trainee: (p) => `trainee ${p('trainee_id')} is not on the roster`,
  inactive_trainee: (p) => `trainee ${p('trainee_id')} is not active (status: ${p('status')})`,
  unknown_course: (p) => `course ${p('course_id')} is not in the training plan`,
  course_not_approved: (p) => `course ${p('course_id')} is not approved (approval: ${p('approval')})`,
  not_enrolled: (p) => `trainee ${p('trainee_id')} is not enrolled at level ${p('level')} / direction ${p('direction')}`,
  component_not_required: (p) => `course ${p('course_id')} assesses only: ${p('allowed')}`,
  attempt_too_high: (p) => `this course allows at most ${p('max')} attempts`,
  attempt_out_of_order: (p) => `attempt ${p('previous')} has no score yet, so attempt ${p('attempt')} cannot be recorded`,
  already_recorded: () => 'is already recorded; training staff correct it in the sheet',
  already_enrolled: (p) => `trainee ${p('trainee_id')} is already in cohort ${p('cohort')}`,
  trainee_id_taken: (p) =>
    `trainee ${p('trainee_id')} is already on the roster with another name or e-mail; an enrollment cannot change an existing trainee, training staff change e-mails in the Roster`,
  time_outside_window: (p) =>
    `must be between ${p('from')} and ${p('to')} (no earlier than the start of the year before the plan year, no later than a day from now)`,
  date_outside_course: (p) => `must be within the course dates ${p('start')} to ${p('end')}`,
  session_out_of_range: (p) => `session must be between 1 and ${p('max')}`,
  conflicting_answers: () => 'was answered twice with different values',
  unstorable_character: () => 'holds a control character a spreadsheet cannot store; remove it and submit again',
  invalid: () => 'is not valid',
};

/** The sentence for one problem, naming the field, in the configured language. */
export function renderProblem(problem: Problem, language: Language, tabName?: string): string {
  const label = fieldLabel(problem.field, tabName, language);
  const messages = language === 'en' ? EN : ZH;
  const params = problem.params ?? {};
  const param: Param = (name) => {
    const value = params[name];
    if (value === undefined) return '';
    return typeof value === 'object' ? value.join(language === 'en' ? ', ' : '、') : String(value);
  };
  const text = messages[problem.rule](param);
  return language === 'en' ? `${label} ${text}` : `${label}：${text}`;
}

export interface RenderedError {
  readonly field: string;
  readonly message: string;
}

export function renderProblems(problems: readonly Problem[], language: Language, tabName?: string): RenderedError[] {
  return problems.map((problem) => ({ field: problem.field, message: renderProblem(problem, language, tabName) }));
}
