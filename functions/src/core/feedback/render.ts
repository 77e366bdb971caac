// Renders a feedback e-mail's subject, text and HTML from the Settings templates; every value is escaped for its part.
import { DateTime } from 'luxon';
import {
  BANDS,
  BLOCK_PLACEHOLDERS,
  COMPONENTS,
  DEFAULT_TEMPLATES,
  EARLIER_DEFAULTS,
  OPTIONAL_LINE_PLACEHOLDERS,
  type EmailKind,
} from '../../../../sheets-templates/index.js';
import type { CourseStatus, SummaryRow } from '../grading/rows.js';
import type { Language } from '../problems.js';
import { settingTemplate, type Settings } from '../settings.js';
import { renderTable } from '../terminal-table.js';
import { choiceText, componentsText, percentText, whyListText } from '../words.js';
import { zoneName } from './zone-name.js';
import type { ComponentScore, Facts, Feedback, RankBand } from './desired.js';

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A placeholder's value in each part: text as written, HTML already escaped (blocks are whole elements). */
interface Value {
  readonly text: string;
  readonly html: string;
}

const WORDS = {
  'zh-CN': {
    none: '—',
    correctionSubject: '【更正】',
    correctionNote: '此前发给您的结果有误，请以本邮件为准。',
    component: '考核项目',
    part: '类别',
    attempt: '次数',
    score: '成绩',
    theory: '理论',
    practice: '实践',
    theoryPart: '理论部分',
    practicePart: '实践部分',
    notScored: '未录入',
    listSeparator: '、',
    colon: '：',
    deadline: (date: string, zone: string) => `${date} 23:59（${zone}）`,
    reasons: (text: string) => `原因：${text}`,
    noComponents: '无需重考考核项（出勤不足无法以补考弥补，请与培训中心联系补课安排）',
    rank: { top10: '前 10%', top25: '前 25%', top50: '前 50%', rest: '后 50%', few: '参评人数较少，不提供名次' } satisfies Record<
      RankBand,
      string
    >,
    outcome: { 通过: '通过', 优秀: '优秀', 补考: '需补考', '重修/辅导': '需重修或辅导', 缺考: '缺考', 进行中: '进行中' } satisfies Record<
      CourseStatus,
      string
    >,
    nextSteps: {
      通过: '恭喜您通过本课程考核。',
      优秀: '恭喜您以优秀成绩通过本课程考核，表彰通知另行发送。',
      补考: '您需要参加补考，补考安排请见补考通知邮件。',
      '重修/辅导': '培训中心将与您联系，安排重修或专项辅导。',
      缺考: '您未完成全部考核项目且补考期限已过，培训中心将与您联系安排重修。',
      进行中: '课程仍在进行中。',
    } satisfies Record<CourseStatus, string>,
    headline: {
      trainees: '参训学员',
      courses: '课程',
      passRate: '通过率',
      average: '平均分',
      excellent: '优秀人次',
      retakes: '待补考',
      attendance: '出勤率',
      satisfaction: '总体满意度（1–5）',
      held: '暂缓发送的成绩',
    },
    worstLine: (row: SummaryRow, rate: string) => `${row.item}：通过率 ${rate}（已评定 ${row.graded} 人次）`,
    noCourses: '暂无已评定的课程',
    noLink: '（未设置看板链接）',
  },
  en: {
    none: '—',
    correctionSubject: '[Correction] ',
    correctionNote: 'This corrects the result we sent you earlier; please disregard that e-mail.',
    component: 'Assessment',
    part: 'Part',
    attempt: 'Attempt',
    score: 'Score',
    theory: 'theory',
    practice: 'practice',
    theoryPart: 'Theory part',
    practicePart: 'Practice part',
    notScored: 'not recorded',
    listSeparator: ', ',
    colon: ': ',
    deadline: (date: string, zone: string) => `23:59 on ${date} (${zone})`,
    reasons: (text: string) => `Why: ${text}`,
    noComponents: 'no assessment (attendance cannot be made up by a retake: contact the Training Centre about make-up sessions)',
    rank: {
      top10: 'top 10%',
      top25: 'top 25%',
      top50: 'top half',
      rest: 'lower half',
      few: 'not given (too few trainees graded)',
    } satisfies Record<RankBand, string>,
    outcome: {
      通过: 'passed',
      优秀: 'passed with distinction',
      补考: 'retake required',
      '重修/辅导': 're-training or tutoring required',
      缺考: 'assessment missed',
      进行中: 'in progress',
    } satisfies Record<CourseStatus, string>,
    nextSteps: {
      通过: 'Congratulations on passing the course.',
      优秀: 'Congratulations on passing with distinction; a separate e-mail tells you about your award.',
      补考: 'You need to sit a retake; a separate retake notice gives the details.',
      '重修/辅导': 'The Training Centre will contact you to arrange re-training or tutoring.',
      缺考: 'You did not complete every assessment and the retake window has closed; the Training Centre will contact you to arrange re-training.',
      进行中: 'The course is still running.',
    } satisfies Record<CourseStatus, string>,
    headline: {
      trainees: 'Trainees',
      courses: 'Courses',
      passRate: 'Pass rate',
      average: 'Average total',
      excellent: 'Excellent results',
      retakes: 'Open retakes',
      attendance: 'Attendance',
      satisfaction: 'Overall satisfaction (1–5)',
      held: 'Results held back',
    },
    worstLine: (row: SummaryRow, rate: string) => `${row.item}: pass rate ${rate} (${row.graded} graded)`,
    noCourses: 'No course graded yet',
    noLink: '(no summary link set)',
  },
} as const;

type Words = (typeof WORDS)[Language];

/** Control characters and line breaks inside a value could break a header or forge lines; a value is one line. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

const inline = (text: string): Value => {
  const clean = oneLine(text);
  return { text: clean, html: escapeHtml(clean) };
};

const fixed1 = (value: number | null, words: Words) => (value === null ? words.none : value.toFixed(1));
const percent = (rate: number | null, words: Words) => percentText(rate, words.none);

/**
 * The template a kind and part uses: the Settings text, or the built-in one of the language when staff
 * left it blank or untouched (a default of either language, or of an earlier release).
 */
export function templateText(settings: Settings, kind: EmailKind, part: 'subject' | 'body'): string {
  const configured = settingTemplate(settings, kind, part);
  const language = settings.language;
  const untouched =
    Object.values(DEFAULT_TEMPLATES[kind]).some((template) => template[part] === configured) || EARLIER_DEFAULTS.includes(configured);
  return configured.trim() === '' || untouched ? DEFAULT_TEMPLATES[kind][language][part] : configured;
}

export function renderFeedback(
  message: Feedback,
  settings: Settings,
  options: { readonly correction: boolean; readonly now: DateTime },
): RenderedMail {
  const language = settings.language;
  const words = WORDS[language];
  const values = placeholderValues(message.facts, settings, words, options.now);
  const fill = (template: string, pick: (value: Value) => string) =>
    template.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (_match, name: string) => {
      const value = values[name];
      return value === undefined ? '' : pick(value);
    });

  let subject = oneLine(fill(templateText(settings, message.kind, 'subject'), (value) => value.text));
  if (options.correction) subject = `${words.correctionSubject}${subject}`;
  // Long subjects are folded by the composer; beyond this they are unreadable in every mail client anyway.
  subject = [...subject].slice(0, 200).join('');

  const body = withoutEmptyLines(templateText(settings, message.kind, 'body').replace(/\r\n?/g, '\n'), values);
  const textBody = fill(body, (value) => value.text);
  const text = options.correction ? `${words.correctionNote}\n\n${textBody}` : textBody;
  const html = htmlDocument(subject, body, values, options.correction ? words.correctionNote : undefined, language);
  return { subject, text, html };
}

/** Lines that hold only an optional placeholder whose value is empty (a passed result's reasons) are left out. */
function withoutEmptyLines(body: string, values: Readonly<Record<string, Value>>): string {
  return body
    .split('\n')
    .filter((line) => {
      const name = /^\s*\{\{\s*([^{}]*?)\s*\}\}\s*$/.exec(line)?.[1];
      return name === undefined || !OPTIONAL_LINE_PLACEHOLDERS.has(name) || (values[name]?.text ?? '') !== '';
    })
    .join('\n');
}

function htmlDocument(
  subject: string,
  body: string,
  values: Readonly<Record<string, Value>>,
  note: string | undefined,
  language: Language,
): string {
  const lines = body.split('\n').map((line) => {
    const block = /^\s*\{\{\s*([^{}]*?)\s*\}\}\s*$/.exec(line)?.[1];
    if (block !== undefined && BLOCK_PLACEHOLDERS.has(block)) return { block: values[block]?.html ?? '' };
    // Literal template text is escaped piece by piece, so a value can never close or open a tag.
    let html = '';
    let last = 0;
    for (const match of line.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)) {
      html += escapeHtml(line.slice(last, match.index)) + (values[match[1] ?? '']?.html ?? '');
      last = match.index + match[0].length;
    }
    return { html: html + escapeHtml(line.slice(last)) };
  });
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) paragraphs.push(`<p>${current.join('<br>\n')}</p>`);
    current = [];
  };
  for (const line of lines) {
    if ('block' in line) {
      flush();
      paragraphs.push(line.block);
    } else if (line.html.trim() === '') flush();
    else current.push(line.html);
  }
  flush();
  const noteHtml = note === undefined ? '' : `<p style="color:#b00020;font-weight:bold">${escapeHtml(note)}</p>\n`;
  return [
    '<!doctype html>',
    `<html lang="${language}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    "<body style=\"font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif;font-size:14px;line-height:1.6;color:#222\">",
    `${noteHtml}${paragraphs.join('\n')}`,
    '</body>',
    '</html>',
  ].join('\n');
}

const TABLE = 'border-collapse:collapse;margin:8px 0';
const CELL = 'border:1px solid #ccc;padding:4px 10px';

function htmlTable(header: readonly string[] | undefined, rows: readonly (readonly string[])[], numeric: readonly boolean[]): string {
  const cell = (tag: 'th' | 'td', text: string, i: number) =>
    `<${tag} style="${CELL};text-align:${numeric[i] ? 'right' : 'left'}">${escapeHtml(text)}</${tag}>`;
  const head = header === undefined ? '' : `<tr>${header.map((text, i) => cell('th', text, i)).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((text, i) => cell('td', text, i)).join('')}</tr>`).join('');
  return `<table style="${TABLE}">${head}${body}</table>`;
}

function placeholderValues(facts: Facts, settings: Settings, words: Words, now: DateTime): Record<string, Value> {
  const language = settings.language;
  switch (facts.kind) {
    case 'result': {
      const { grade } = facts;
      return {
        ...traineeValues(grade),
        attempt: inline(String(Math.max(1, grade.attempt))),
        scores: scoresBlock(facts.components, grade.theory, grade.practice, words, language),
        theory: inline(fixed1(grade.theory, words)),
        practice: inline(fixed1(grade.practice, words)),
        total: inline(fixed1(grade.total, words)),
        band: inline(grade.band === null ? words.none : choiceText(BANDS, grade.band, language)),
        outcome: inline(words.outcome[grade.status]),
        reasons: inline(grade.reasons.length === 0 ? '' : words.reasons(whyListText(grade.reasons, language))),
        attendance_rate: inline(percent(grade.attendance_rate, words)),
        rank: inline(words.rank[facts.rank]),
        pass_mark: inline(String(facts.passMark)),
        next_steps: inline(words.nextSteps[grade.status]),
      };
    }
    case 'retake': {
      const { retake } = facts;
      const deadline = DateTime.fromISO(retake.deadline, { zone: settings.time_zone }).endOf('day');
      const date = deadline.setLocale(language).toLocaleString(DateTime.DATE_FULL);
      return {
        ...traineeValues(retake),
        reasons: inline(whyListText(retake.why, language)),
        components: inline(retake.components.length === 0 ? words.noComponents : componentsText(retake.components, language)),
        total: inline(fixed1(retake.total, words)),
        attendance_rate: inline(percent(retake.attendance_rate, words)),
        next_attempt: inline(String(retake.next_attempt)),
        deadline: inline(words.deadline(date, zoneName(settings.time_zone, language, deadline.toJSDate()))),
      };
    }
    case 'excellent':
      return {
        ...traineeValues(facts.grade),
        total: inline(fixed1(facts.grade.total, words)),
        bonus_points: inline(String(facts.bonusPoints)),
      };
    case 'digest': {
      const updated = facts.overall?.updated_at ?? now.toISO({ suppressMilliseconds: true }) ?? '';
      const link = oneLine(facts.link);
      return {
        week: inline(facts.week),
        updated_at: inline(DateTime.fromISO(updated, { zone: settings.time_zone }).toFormat('yyyy-MM-dd HH:mm')),
        headline: headlineBlock(facts.overall, words),
        worst_courses: worstBlock(facts.worst, words),
        link:
          link === ''
            ? inline(words.noLink)
            : { text: link, html: /^https?:\/\//i.test(link) ? `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>` : escapeHtml(link) },
      };
    }
  }
}

function traineeValues(row: {
  readonly name: string;
  readonly trainee_id: string;
  readonly course_id: string;
  readonly course_title: string;
}): Record<string, Value> {
  return {
    name: inline(row.name),
    trainee_id: inline(row.trainee_id),
    course_id: inline(row.course_id),
    course_title: inline(row.course_title),
  };
}

function scoresBlock(
  components: readonly ComponentScore[],
  theory: number | null,
  practice: number | null,
  words: Words,
  language: Language,
): Value {
  const header = [words.component, words.part, words.attempt, words.score];
  const rows = components.map((c) => [
    oneLine(choiceText(COMPONENTS, c.component, language)),
    c.part === 'theory' ? words.theory : words.practice,
    c.attempt === 0 ? words.none : String(c.attempt),
    c.score === null ? words.notScored : String(c.score),
  ]);
  if (components.some((c) => c.part === 'theory')) rows.push([words.theoryPart, '', '', fixed1(theory, words)]);
  if (components.some((c) => c.part === 'practice')) rows.push([words.practicePart, '', '', fixed1(practice, words)]);
  const numeric = [false, false, true, true];
  return { text: renderTable(header, rows, ['left', 'left', 'right', 'right']), html: htmlTable(header, rows, numeric) };
}

function headlineBlock(overall: SummaryRow | undefined, words: Words): Value {
  const h = words.headline;
  const rows: [string, string][] =
    overall === undefined
      ? [[h.trainees, '0']]
      : [
          [h.trainees, String(overall.trainees)],
          [h.courses, String(overall.courses)],
          [h.passRate, `${percent(overall.pass_rate, words)} (${overall.passed}/${overall.graded})`],
          [h.average, fixed1(overall.average, words)],
          [h.excellent, String(overall.excellent)],
          [h.retakes, String(overall.open_retakes)],
          [h.attendance, percent(overall.attendance_rate, words)],
          [h.satisfaction, overall.overall_satisfaction === null ? words.none : overall.overall_satisfaction.toFixed(2)],
          ...(overall.held > 0 ? [[h.held, overall.notes] as [string, string]] : []),
        ];
  return {
    text: rows.map(([label, value]) => `${label}${words.colon}${value}`).join('\n'),
    html: htmlTable(undefined, rows, [false, true]),
  };
}

function worstBlock(rows: readonly SummaryRow[], words: Words): Value {
  if (rows.length === 0) return inline(words.noCourses);
  const lines = rows.map((row) => oneLine(words.worstLine(row, percent(row.pass_rate, words))));
  return {
    text: lines.map((line) => `• ${line}`).join('\n'),
    html: `<ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`,
  };
}
