// The Problems tab: every source row, Plan course and Settings value a recompute could not use, with what to fix.
import { PLAN_TAB, SETTINGS, SETTINGS_TAB } from '../../../sheets-templates/index.js';
import { cellText } from './cells.js';
import type { CourseProblem } from './grading/rows.js';
import type { BrokenCourse, InvalidRow } from './model.js';
import { renderProblem, renderProblems, type Language } from './problems.js';
import type { SettingIssue } from './settings.js';
import type { RowRecord, Table } from './table.js';

export interface ProblemsInput {
  readonly invalid: readonly InvalidRow[];
  readonly broken: readonly BrokenCourse[];
  readonly courseProblems: readonly CourseProblem[];
  readonly courseRows: ReadonlyMap<string, number>;
  readonly settingIssues: readonly SettingIssue[];
  /** The tab as it is, so an unchanged problem keeps its first found_at. */
  readonly previous: Table | undefined;
  readonly language: Language;
  readonly now: string;
}

interface Entry {
  readonly tab: string;
  readonly row: number;
  readonly reasons: string;
  readonly submissionId: string;
  readonly raw: string;
}

/** "课程 C2026-07（第 8 行）：理论权重 -0.5 不在 0–1 之间；该课程暂不评定成绩，其他课程照常". */
function brokenCourseReasons(course: BrokenCourse, language: Language): string {
  const parts = course.problems.map((problem) => renderProblem(problem, language, PLAN_TAB.name));
  return language === 'en'
    ? `Course ${course.course_id} (row ${course.rowNumber}): ${parts.join('; ')}; this course is not graded until it is fixed, the others are`
    : `课程 ${course.course_id}（第 ${course.rowNumber} 行）：${parts.join('；')}；该课程暂不评定成绩，其他课程照常`;
}

function settingReasons(issue: SettingIssue, language: Language): string {
  const def = SETTINGS.find((setting) => setting.key === issue.key);
  const effect = issue.blocks.length === 0 ? { effect: 'default', default: def?.default ?? '' } : { effect: issue.blocks };
  return renderProblem({ ...issue.problem, params: { ...issue.problem.params, ...effect } }, language, SETTINGS_TAB.name);
}

function entries(input: ProblemsInput): Entry[] {
  const { language } = input;
  return [
    ...input.settingIssues.map((issue) => ({
      tab: SETTINGS_TAB.name,
      row: issue.rowNumber ?? 0,
      reasons: settingReasons(issue, language),
      submissionId: '',
      raw: JSON.stringify({ key: issue.key }),
    })),
    ...input.broken.map((course) => ({
      tab: PLAN_TAB.name,
      row: course.rowNumber,
      reasons: brokenCourseReasons(course, language),
      submissionId: '',
      raw: JSON.stringify({ course_id: course.course_id, fields: course.badFields }),
    })),
    ...input.invalid.map((row) => ({
      tab: row.tab,
      row: row.rowNumber,
      reasons: renderProblems(row.problems, language, row.tab)
        .map((error) => error.message)
        .join('\n'),
      submissionId: cellText(row.raw['submission_id']),
      raw: JSON.stringify(row.raw),
    })),
    ...input.courseProblems.map((problem) => ({
      tab: PLAN_TAB.name,
      row: input.courseRows.get(problem.course_id) ?? 0,
      reasons: language === 'en' ? problem.message_en : problem.message_zh,
      submissionId: '',
      raw: JSON.stringify({ course_id: problem.course_id, field: problem.field }),
    })),
  ];
}

/** Problems rows, by tab then row; an unchanged problem keeps its first found_at. */
export function problemRecords(input: ProblemsInput): RowRecord[] {
  const keyOf = (tab: string, row: string, reasons: string) => `${tab}|${row}|${reasons}`;
  const earlier = new Map<string, string>();
  for (const row of input.previous?.rows ?? []) {
    earlier.set(
      keyOf(cellText(row.values['tab']), cellText(row.values['row']), cellText(row.values['reasons'])),
      cellText(row.values['found_at']),
    );
  }
  const sorted = entries(input).sort((a, b) => (a.tab === b.tab ? a.row - b.row : a.tab < b.tab ? -1 : 1));
  return sorted.map((entry) => ({
    found_at: earlier.get(keyOf(entry.tab, entry.row === 0 ? '' : String(entry.row), entry.reasons)) ?? input.now,
    tab: entry.tab,
    row: entry.row === 0 ? null : entry.row,
    submission_id: entry.submissionId === '' ? null : entry.submissionId,
    reasons: entry.reasons,
    raw: entry.raw.slice(0, 40_000),
  }));
}
