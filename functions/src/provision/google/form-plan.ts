// Pure builder of the Google Form for each submission kind: one question per column the submitter answers, titled by its header.
import type { forms_v1 } from '@googleapis/forms';
import {
  ENVELOPE_COLUMNS,
  FUNCTION_FILLED_COLUMNS,
  SUBMISSION_KINDS,
  SUBMISSION_TARGETS,
  headerText,
  values,
  type ColumnDef,
  type SubmissionKind,
} from '../../../../sheets-templates/index.js';

export const FORM_KINDS = Object.keys(SUBMISSION_TARGETS) as SubmissionKind[];

/** Text longer than this is asked with a paragraph box. */
const PARAGRAPH_FROM = 500;
/** Up to this many choices are shown as radio buttons; more as a drop-down. */
const RADIO_UP_TO = 5;

/** The columns a kind's form asks, in the tab's order: not the envelope, not what the function fills. */
export function formColumns(kind: SubmissionKind): ColumnDef[] {
  const filled = FUNCTION_FILLED_COLUMNS[kind];
  return SUBMISSION_TARGETS[kind].columns.filter((column) => !ENVELOPE_COLUMNS.has(column.key) && !filled.has(column.key));
}

/**
 * The question for a column. Choices offer the stored values, which the submission handler accepts as
 * they are; a 1–5 integer is a rating scale; everything else is typed and checked by the handler.
 */
export function questionFor(column: ColumnDef): forms_v1.Schema$Question {
  const required = column.required;
  const type = column.type;
  switch (type.kind) {
    case 'choice':
      return {
        required,
        choiceQuestion: {
          type: type.choices.length <= RADIO_UP_TO ? 'RADIO' : 'DROP_DOWN',
          options: values(type.choices).map((value) => ({ value })),
        },
      };
    case 'choices':
      return { required, choiceQuestion: { type: 'CHECKBOX', options: values(type.choices).map((value) => ({ value })) } };
    case 'date':
      return { required, dateQuestion: { includeYear: true, includeTime: false } };
    case 'datetime':
      return { required, dateQuestion: { includeYear: true, includeTime: true } };
    case 'integer':
      if (type.min === 1 && type.max === 5)
        return { required, scaleQuestion: { low: 1, high: 5, lowLabel: '1 很差 Poor', highLabel: '5 很好 Excellent' } };
      return { required, textQuestion: { paragraph: false } };
    case 'text':
      return { required, textQuestion: { paragraph: type.maxLength >= PARAGRAPH_FROM } };
    case 'number':
    case 'email':
      return { required, textQuestion: { paragraph: false } };
  }
}

function itemDescription(column: ColumnDef): string | undefined {
  const parts: string[] = [];
  if (column.note) parts.push(`${column.note.zh} ${column.note.en}`);
  const type = column.type;
  if ((type.kind === 'integer' || type.kind === 'number') && !(type.kind === 'integer' && type.min === 1 && type.max === 5)) {
    parts.push(`${type.min} – ${type.max}`);
  }
  return parts.length === 0 ? undefined : parts.join('\n');
}

/** The question title is the column's header: the submission handler maps an answer back to its column by it. */
export function formItem(column: ColumnDef): forms_v1.Schema$Item {
  const description = itemDescription(column);
  return {
    title: headerText(column),
    ...(description === undefined ? {} : { description }),
    questionItem: { question: questionFor(column) },
  };
}

function kindLabel(kind: SubmissionKind): { zh: string; en: string } {
  return SUBMISSION_KINDS.find((choice) => choice.value === kind)?.label ?? { zh: kind, en: kind };
}

export function formTitle(kind: SubmissionKind): string {
  const label = kindLabel(kind);
  return `客户经理培训：${label.zh} Customer-manager training: ${label.en}`;
}

const PURPOSE: Record<SubmissionKind, { zh: string; en: string }> = {
  score: {
    zh: '讲师或评分人录入考核成绩：每个考核项目每次考核填写一份。',
    en: 'For instructors and assessors: one answer per component per attempt.',
  },
  attendance: { zh: '每位学员每次课填写一份考勤。', en: 'One answer per trainee per session.' },
  leave: {
    zh: '学员请假申请，提交后由培训管理员在表格中审批。',
    en: "A trainee's leave request; training staff approve it in the spreadsheet.",
  },
  evaluation: {
    zh: '课程结束后的培训评估（1 分很差，5 分很好）；学员编号可留空，即为匿名。',
    en: 'Course evaluation (1 poor, 5 excellent); leave the trainee ID blank to answer anonymously.',
  },
  enrollment: { zh: '报名参加培训，登记到学员名册。', en: 'Enrollment into the training roster.' },
};

export function formDescription(kind: SubmissionKind): string {
  const purpose = PURPOSE[kind];
  return [
    purpose.zh,
    '提交后系统自动校验并写入培训表格；不符合规则的提交会被退回并说明原因。',
    '',
    purpose.en,
    'Answers are checked and written to the training spreadsheet; an answer that breaks a rule is returned with the reason.',
  ].join('\n');
}

/**
 * Who answered matters for the staff forms (the assessor or recorder is the respondent) and for leave;
 * an evaluation may be anonymous, and an enrollment asks for the e-mail as a question.
 */
const EMAIL_COLLECTION: Record<SubmissionKind, string> = {
  score: 'VERIFIED',
  attendance: 'VERIFIED',
  leave: 'VERIFIED',
  evaluation: 'DO_NOT_COLLECT',
  enrollment: 'DO_NOT_COLLECT',
};

/** forms.create accepts the title only; everything else comes in the first batchUpdate. */
export function newForm(kind: SubmissionKind): forms_v1.Schema$Form {
  return { info: { title: formTitle(kind), documentTitle: formTitle(kind) } };
}

/** The batch that turns a just-created, empty form into the kind's form. */
export function newFormRequests(kind: SubmissionKind): forms_v1.Schema$Request[] {
  return [
    { updateFormInfo: { info: { description: formDescription(kind) }, updateMask: 'description' } },
    { updateSettings: { settings: { emailCollectionType: EMAIL_COLLECTION[kind] }, updateMask: 'emailCollectionType' } },
    ...formColumns(kind).map((column, index) => ({ createItem: { item: formItem(column), location: { index } } })),
  ];
}

/**
 * Questions an existing form lacks, matched by title, added at its end. Questions staff added or
 * reworded are left as they are; so are the form's description and settings.
 */
export function missingItemRequests(
  kind: SubmissionKind,
  form: forms_v1.Schema$Form,
): { requests: forms_v1.Schema$Request[]; added: string[] } {
  const items = form.items ?? [];
  const titles = new Set(items.map((item) => (item.title ?? '').trim()));
  const missing = formColumns(kind).filter((column) => !titles.has(headerText(column)));
  return {
    requests: missing.map((column, i) => ({ createItem: { item: formItem(column), location: { index: items.length + i } } })),
    added: missing.map(headerText),
  };
}

/**
 * Forms created through the API are now created unpublished (a 2026 Forms API change), so nobody could answer them.
 * A legacy form has no publish settings and is always published; a form that is published but closed
 * (not accepting responses) was closed by someone on purpose and stays closed.
 */
export function needsPublishing(form: forms_v1.Schema$Form): boolean {
  const state = form.publishSettings?.publishState;
  if (form.publishSettings === undefined || form.publishSettings === null) return false;
  return state?.isPublished !== true;
}

export const PUBLISH: forms_v1.Schema$SetPublishSettingsRequest = {
  publishSettings: { publishState: { isPublished: true, isAcceptingResponses: true } },
  updateMask: 'publishState',
};

export function editUrl(formId: string): string {
  return `https://docs.google.com/forms/d/${encodeURIComponent(formId)}/edit`;
}
