// The leaders' summary as terminal text: headline figures, then the per-course table, worst pass rate first.
import type { SummaryRow } from '../functions/src/core/grading/recompute.js';
import type { Language } from '../functions/src/core/problems.js';
import { formatPercent as percent } from '../functions/src/core/percent.js';
import { renderTable } from '../functions/src/core/terminal-table.js';

const number = (value: number | null, digits = 1) => (value === null ? '—' : value.toFixed(digits));

export function summaryReport(rows: readonly SummaryRow[], language: Language): string {
  const en = language === 'en';
  const [overall, ...rest] = rows;
  if (!overall) return en ? 'No grades yet.' : '暂无成绩。';
  const headline: [string, string][] = [
    [en ? 'Trainees' : '学员数', String(overall.trainees)],
    [en ? 'Courses' : '课程数', String(overall.courses)],
    [en ? 'Pass rate' : '通过率', `${percent(overall.pass_rate)} (${overall.passed}/${overall.graded})`],
    [en ? 'Average total' : '平均分', number(overall.average)],
    [en ? 'Excellent' : '优秀人次', String(overall.excellent)],
    [en ? 'Open retakes' : '待补考', String(overall.open_retakes)],
    [en ? 'Attendance rate' : '出勤率', percent(overall.attendance_rate)],
    [en ? 'Evaluation response rate' : '评估回收率', `${percent(overall.response_rate)} (${overall.responses})`],
    [en ? 'Mean satisfaction (1–5)' : '总体满意度（1–5）', number(overall.overall_satisfaction, 2)],
    [en ? 'Last updated' : '更新时间', overall.updated_at],
  ];
  const courseSection = overall.section === 'Overall' ? 'Course' : '课程';
  const courses = rest.filter((row) => row.section === courseSection);
  const table = renderTable(
    en
      ? ['Course', 'Graded', 'Passed', 'Pass rate', 'Average', 'Excellent', 'Retakes', 'Attendance', 'Satisfaction']
      : ['课程', '已评定', '通过', '通过率', '平均分', '优秀', '待补考', '出勤率', '满意度'],
    courses.map((row) => [
      row.item,
      String(row.graded),
      String(row.passed),
      percent(row.pass_rate),
      number(row.average),
      String(row.excellent),
      String(row.open_retakes),
      percent(row.attendance_rate),
      number(row.overall_satisfaction, 2),
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  return `${renderTable([en ? 'Headline' : '总览', ''], headline, ['left', 'right'])}\n\n${table}`;
}
