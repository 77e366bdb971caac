// Validation problems as data (field, rule, parameters) and their rendering in zh-CN or English.
import type { $ZodIssue } from 'zod/v4/core';
import { REFUSAL_TEXT, type RefusalCode } from './checkin/words.js';
import { FEEDBACK_KINDS, SETTINGS, SETTINGS_TAB, tabByName, type ColumnDef, type Label } from '../../../sheets-templates/index.js';

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
  | 'percent_sign'
  | 'comma_in_number'
  | 'course_row_invalid'
  | 'trainee_row_invalid'
  | 'joined_after_course'
  | 'unknown_placeholder'
  | 'not_time_zone'
  | 'band_order'
  | 'invalid'
  // QR check-in (扫码签到): a session that ends before it starts, a check-in code that does not admit the response.
  | 'ends_before_start'
  | 'checkin_refused';

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

// eslint-disable-next-line complexity -- one branch per kind of zod issue, each a rule of its own
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

/** The words for a field: a Settings key's label, the template column's label for a column key, else the envelope's. */
export function fieldLabel(field: string, tabName: string | undefined, language: Language): string {
  const setting = tabName === SETTINGS_TAB.name ? SETTINGS.find((def) => def.key === field) : undefined;
  if (setting !== undefined) return language === 'en' ? `${setting.label.en} (${field})` : `${setting.label.zh}（${field}）`;
  const column: ColumnDef | undefined = tabName === undefined ? undefined : tabByName(tabName)?.columns.find((c) => c.key === field);
  const label = column?.label ?? ENVELOPE_LABELS[field];
  if (label === undefined) return field;
  return language === 'en' ? label.en : label.zh;
}

/** A parameter as text: lists joined the way the language joins them; '' when absent. */
type Param = (name: string) => string;
/** The whole sentence for a problem, given its parameters and the field's label. */
type Message = (p: Param, label: string) => string;
type Messages = Record<Rule, Message>;

/** Most messages are "label：text" (zh) or "label text" (en). */
const zh =
  (text: (p: Param) => string): Message =>
  (p, label) =>
    `${label}：${text(p)}`;
const en =
  (text: (p: Param) => string): Message =>
  (p, label) =>
    `${label} ${text(p)}`;

/** A range message names the value when the sheet row is known ("理论权重 -0.5 不在 0–1 之间"). */
const ZH_RANGE: Message = (p, label) => {
  const hint = p('percent') === '' ? '' : `；百分比请写作 ${p('percent')} 或小数`;
  if (p('value') !== '' && p('min') !== '' && p('max') !== '') return `${label} ${p('value')} 不在 ${p('min')}–${p('max')} 之间${hint}`;
  if (p('min') !== '' && p('max') !== '') return `${label}：必须在 ${p('min')} 到 ${p('max')} 之间${hint}`;
  return p('min') !== '' ? `${label}：不能小于 ${p('min')}` : `${label}：不能大于 ${p('max')}`;
};
const EN_RANGE: Message = (p, label) => {
  const hint = p('percent') === '' ? '' : `; write a percentage as ${p('percent')} or a fraction`;
  if (p('value') !== '' && p('min') !== '' && p('max') !== '')
    return `${label} ${p('value')} is not between ${p('min')} and ${p('max')}${hint}`;
  if (p('min') !== '' && p('max') !== '') return `${label} must be between ${p('min')} and ${p('max')}${hint}`;
  return p('min') !== '' ? `${label} must be at least ${p('min')}` : `${label} must be at most ${p('max')}`;
};

const ZH_COMMA: Message = (p, label) => {
  const readings = [
    ...(p('decimal') === '' ? [] : [`小数请写 ${p('decimal')}`]),
    ...(p('whole') === '' ? [] : [`整数请直接写 ${p('whole')}`]),
  ];
  return `${label}：「${p('typed')}」含逗号，无法确定含义；${readings.length === 0 ? '请只用数字和小数点' : readings.join('，')}`;
};
const EN_COMMA: Message = (p, label) => {
  const readings = [
    ...(p('decimal') === '' ? [] : [`for a decimal type ${p('decimal')}`]),
    ...(p('whole') === '' ? [] : [`for a whole number type ${p('whole')}`]),
  ];
  return `${label} "${p('typed')}" has a comma, which could mean two things: ${readings.length === 0 ? 'use digits and a decimal point only' : readings.join('; ')}`;
};

const ZH: Messages = {
  required: zh(() => '必须填写'),
  too_long: zh((p) => `不能超过 ${p('max')} 个字符`),
  not_number: zh(() => '必须是数字'),
  not_integer: zh(() => '必须是整数'),
  out_of_range: ZH_RANGE,
  not_date: zh(() => '必须是日期，格式如 2026-03-01'),
  not_datetime: zh(() => '必须是带时区的时间，格式如 2026-03-01T09:30:00+08:00'),
  not_email: zh(() => '必须是有效的邮箱地址'),
  not_choice: zh((p) => `只能是：${p('allowed')}`),
  not_text: zh(() => '必须是文字'),
  not_object: zh(() => '必须是一个对象（键值对）'),
  unknown_trainee: zh((p) => `学员 ${p('trainee_id')} 不在学员名册中`),
  inactive_trainee: zh((p) => `学员 ${p('trainee_id')} 当前状态为「${p('status')}」，不在训`),
  unknown_course: zh((p) => `课程 ${p('course_id')} 不在年度培训计划中`),
  course_not_approved: zh((p) => `课程 ${p('course_id')} 尚未审批通过（当前：${p('approval')}）`),
  not_enrolled: zh((p) => `学员 ${p('trainee_id')} 未报名 ${p('level')}·${p('direction')} 层级的课程`),
  component_not_required: zh((p) => `课程 ${p('course_id')} 的考核项目只有：${p('allowed')}`),
  attempt_too_high: zh((p) => `本课程最多考核 ${p('max')} 次`),
  attempt_out_of_order: zh((p) => `第 ${p('previous')} 次考核成绩尚未录入，不能录入第 ${p('attempt')} 次`),
  already_recorded: zh(() => '该记录已存在；如需更正，请培训管理员直接在表格中修改'),
  already_enrolled: zh((p) => `学员 ${p('trainee_id')} 已在班次 ${p('cohort')} 中`),
  date_outside_course: zh((p) => `必须在课程期间 ${p('start')} 至 ${p('end')} 之内`),
  session_out_of_range: zh((p) => `课次必须在 1 到 ${p('max')} 之间`),
  conflicting_answers: zh(() => '同一问题给出了不同的答案'),
  trainee_id_taken: zh(
    (p) =>
      `学员 ${p('trainee_id')} 已在学员名册中，但姓名或邮箱与本次报名不同；报名不能更改已有学员的信息，如需更改邮箱，请培训管理员在学员名册中修改`,
  ),
  time_outside_window: zh((p) => `必须在 ${p('from')} 至 ${p('to')} 之间（不早于培训计划年度的上一年年初，不晚于当前时间后一天）`),
  unstorable_character: zh(() => '含有表格无法保存的控制字符，请删除后重新提交'),
  percent_sign: zh((p) => `「${p('typed')}」不能带 %，请直接写 ${p('plain')}`),
  comma_in_number: ZH_COMMA,
  course_row_invalid: zh(
    (p) =>
      `课程 ${p('course_id')} 在年度培训计划第 ${p('row')} 行的「${p('fields_zh')}」填写有误，暂时无法核对；请培训管理员修正后重新提交`,
  ),
  trainee_row_invalid: zh((p) => `学员 ${p('trainee_id')} 在学员名册第 ${p('row')} 行的信息有误，请先修正名册`),
  joined_after_course: zh(
    (p) => `学员 ${p('trainee_id')} 于 ${p('joined')} 加入，课程 ${p('course_id')} 已于 ${p('end')} 结束，不是该学员的课程`,
  ),
  unknown_placeholder: zh((p) => `模板中有未知的占位符 ${p('names')}；可用：${p('allowed')}`),
  not_time_zone: zh(() => '必须是时区名称，如 Asia/Shanghai'),
  band_order: zh((p) => `不能高于优秀分数线 ${p('excellent')}`),
  invalid: zh(() => '格式不正确'),
  ends_before_start: zh((p) => `必须晚于开始时间 ${p('start')}`),
  checkin_refused: zh((p) => REFUSAL_TEXT[p('reason') as RefusalCode]?.zh ?? p('reason')),
};

const EN: Messages = {
  required: en(() => 'is required'),
  too_long: en((p) => `must be at most ${p('max')} characters`),
  not_number: en(() => 'must be a number'),
  not_integer: en(() => 'must be a whole number'),
  out_of_range: EN_RANGE,
  not_date: en(() => 'must be a date such as 2026-03-01'),
  not_datetime: en(() => 'must be a time with its offset, such as 2026-03-01T09:30:00+08:00'),
  not_email: en(() => 'must be a valid e-mail address'),
  not_choice: en((p) => `must be one of: ${p('allowed')}`),
  not_text: en(() => 'must be text'),
  not_object: en(() => 'must be an object of answers'),
  unknown_trainee: en((p) => `trainee ${p('trainee_id')} is not on the roster`),
  inactive_trainee: en((p) => `trainee ${p('trainee_id')} is not active (status: ${p('status')})`),
  unknown_course: en((p) => `course ${p('course_id')} is not in the training plan`),
  course_not_approved: en((p) => `course ${p('course_id')} is not approved (approval: ${p('approval')})`),
  not_enrolled: en((p) => `trainee ${p('trainee_id')} is not enrolled at level ${p('level')} / direction ${p('direction')}`),
  component_not_required: en((p) => `course ${p('course_id')} assesses only: ${p('allowed')}`),
  attempt_too_high: en((p) => `this course allows at most ${p('max')} attempts`),
  attempt_out_of_order: en((p) => `attempt ${p('previous')} has no score yet, so attempt ${p('attempt')} cannot be recorded`),
  already_recorded: en(() => 'is already recorded; training staff correct it in the sheet'),
  already_enrolled: en((p) => `trainee ${p('trainee_id')} is already in cohort ${p('cohort')}`),
  date_outside_course: en((p) => `must be within the course dates ${p('start')} to ${p('end')}`),
  session_out_of_range: en((p) => `session must be between 1 and ${p('max')}`),
  conflicting_answers: en(() => 'was answered twice with different values'),
  trainee_id_taken: en(
    (p) =>
      `trainee ${p('trainee_id')} is already on the roster with another name or e-mail; an enrollment cannot change an existing trainee, training staff change e-mails in the Roster`,
  ),
  time_outside_window: en(
    (p) =>
      `must be between ${p('from')} and ${p('to')} (no earlier than the start of the year before the plan year, no later than a day from now)`,
  ),
  unstorable_character: en(() => 'holds a control character a spreadsheet cannot store; remove it and submit again'),
  percent_sign: en((p) => `"${p('typed')}" cannot carry a %: type ${p('plain')}`),
  comma_in_number: EN_COMMA,
  course_row_invalid: en(
    (p) =>
      `cannot be checked: course ${p('course_id')} has an error in ${p('fields_en')} on row ${p('row')} of the training plan; training staff fix the plan, then submit again`,
  ),
  trainee_row_invalid: en((p) => `trainee ${p('trainee_id')} has an error on row ${p('row')} of the roster; fix the roster first`),
  joined_after_course: en(
    (p) => `trainee ${p('trainee_id')} joined on ${p('joined')}, after course ${p('course_id')} ended on ${p('end')}, so it is not theirs`,
  ),
  unknown_placeholder: en((p) => `has unknown placeholders ${p('names')}; use ${p('allowed')}`),
  not_time_zone: en(() => 'must be a time zone name such as Asia/Shanghai'),
  band_order: en((p) => `must not be above the excellent mark ${p('excellent')}`),
  invalid: en(() => 'is not valid'),
  ends_before_start: en((p) => `must be after the start ${p('start')}`),
  checkin_refused: en((p) => REFUSAL_TEXT[p('reason') as RefusalCode]?.en ?? p('reason')),
};

/**
 * What an unreadable Settings value stops (`effect`: the blocks, or 'default' with `default` the value used
 * instead), said after the problem so staff know how urgent the fix is.
 */
function effectText(params: Readonly<Record<string, ParamValue>>, language: Language): string {
  const effect = params['effect'];
  if (effect === undefined) return '';
  const zh = language !== 'en';
  if (effect === 'default') {
    const value = String(params['default'] ?? '');
    return zh ? `；已改用默认值 ${value === '' ? '（空）' : value}` : `; the default ${value === '' ? '(blank)' : value} is used instead`;
  }
  const blocks: readonly string[] = typeof effect === 'string' ? [effect] : typeof effect === 'number' ? [] : effect;
  const kinds = FEEDBACK_KINDS.filter((kind) => blocks.includes(kind.value)).map((kind) => (zh ? kind.label.zh : kind.label.en));
  const parts: string[] = [];
  if (blocks.includes('grading'))
    parts.push(
      zh
        ? '成绩暂停评定（各汇总表保留上次结果），修正后自动恢复'
        : 'grading waits (the derived tabs keep their last results) until it is fixed',
    );
  if (blocks.includes('score_intake'))
    parts.push(
      zh ? '需要此值的成绩提交暂不受理，提交端会稍后重试' : 'score submissions that need it are refused for now and retried by the sender',
    );
  if (kinds.length > 0) parts.push(zh ? `${kinds.join('、')}邮件暂停发送` : `${kinds.join(', ')} e-mails wait`);
  return parts.length === 0 ? '' : zh ? `；${parts.join('；')}` : `; ${parts.join('; ')}`;
}

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
  return messages[problem.rule](param, label) + effectText(params, language);
}

export interface RenderedError {
  readonly field: string;
  readonly message: string;
}

export function renderProblems(problems: readonly Problem[], language: Language, tabName?: string): RenderedError[] {
  return problems.map((problem) => ({ field: problem.field, message: renderProblem(problem, language, tabName) }));
}
