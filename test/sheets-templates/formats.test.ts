// The look of a tab derived from its definition: number formats, widths that do not cut Chinese text, highlights, validated rows.
import { describe, expect, it } from 'vitest';
import {
  ALL_TABS,
  ATTENDANCE_TAB,
  GRADES_TAB,
  HIGHLIGHT_VOCABULARY,
  PLAN_TAB,
  SCORES_TAB,
  SUMMARY_TAB,
  columnWidth,
  displayWidth,
  headerHeight,
  headerLines,
  highlightsOf,
  numberFormatKind,
  validatedRows,
  values,
  type TabDef,
} from '../../sheets-templates/index.js';
import { sampleRows } from '../../functions/src/provision/sample-data.js';

function column(tab: TabDef, key: string) {
  const found = tab.columns.find((c) => c.key === key);
  if (!found) throw new Error(`${tab.name} has no ${key}`);
  return found;
}

describe('numberFormatKind', () => {
  it.each([
    { name: 'a Summary pass rate is a percentage', tab: SUMMARY_TAB, key: 'pass_rate', kind: 'percent' },
    { name: 'a Grades attendance rate is a percentage', tab: GRADES_TAB, key: 'attendance_rate', kind: 'percent' },
    { name: 'a Summary average has one decimal', tab: SUMMARY_TAB, key: 'average', kind: 'decimal' },
    { name: 'a rating mean has one decimal', tab: SUMMARY_TAB, key: 'overall_satisfaction', kind: 'decimal' },
    { name: 'a Grades total has one decimal', tab: GRADES_TAB, key: 'total', kind: 'decimal' },
    { name: 'a score staff type has one decimal', tab: SCORES_TAB, key: 'score', kind: 'decimal' },
    { name: 'a Plan date is a date', tab: PLAN_TAB, key: 'start_date', kind: 'date' },
    { name: 'a weight staff type shows as typed', tab: PLAN_TAB, key: 'theory_weight', kind: undefined },
    { name: 'hours staff type show as typed', tab: PLAN_TAB, key: 'hours', kind: undefined },
    { name: 'a count is general', tab: SUMMARY_TAB, key: 'trainees', kind: undefined },
    { name: 'a date-time stays ISO text', tab: SUMMARY_TAB, key: 'updated_at', kind: undefined },
    { name: 'text is general', tab: GRADES_TAB, key: 'name', kind: undefined },
  ])('$name', ({ tab, key, kind }) => {
    expect(numberFormatKind(tab, column(tab, key))).toBe(kind);
  });
});

describe('displayWidth', () => {
  it.each([
    { name: 'ASCII counts one a character', text: 'Pass rate', width: 9 },
    { name: 'Chinese counts two a character', text: '通过率', width: 6 },
    { name: 'mixed text adds both', text: 'C2026-04 客户开发', width: 17 },
    { name: 'full-width punctuation counts two', text: '（可选）', width: 8 },
    { name: 'empty text is zero', text: '', width: 0 },
  ])('$name', ({ text, width }) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('column widths and header heights of every tab', () => {
  const columns = ALL_TABS.flatMap((tab) => tab.columns.map((c) => ({ tab, column: c, label: `${tab.name}.${c.key}` })));

  it.each(columns)('$label fits its Chinese header on one line and never breaks an English word', ({ tab, column: c }) => {
    const room = columnWidth(tab, c) - 2;
    expect(displayWidth(c.label.zh) * 1.15).toBeLessThanOrEqual(room);
    for (const word of c.label.en.split(/\s+/)) expect(displayWidth(word) * 1.15, word).toBeLessThanOrEqual(room);
  });

  it.each(columns.filter(({ column: c }) => c.type.kind === 'choice'))('$label shows its longest choice uncut', ({ tab, column: c }) => {
    if (c.type.kind !== 'choice') throw new Error('not a choice');
    const longest = Math.max(...values(c.type.choices).map(displayWidth));
    expect(columnWidth(tab, c)).toBeGreaterThanOrEqual(longest + 2);
  });

  it.each(ALL_TABS.map((tab) => ({ tab, name: tab.name })))('$name has a header row tall enough for its most-wrapped header', ({ tab }) => {
    const lines = Math.max(...tab.columns.map((c) => headerLines(tab, c)));
    expect(headerHeight(tab)).toBeGreaterThanOrEqual(lines * 16);
  });

  it('keeps the template width when it is already wide enough', () => {
    expect(columnWidth(SUMMARY_TAB, column(SUMMARY_TAB, 'item'))).toBe(column(SUMMARY_TAB, 'item').width);
  });

  it('widens a column whose English header word would be cut ("Excellent" in 8 characters)', () => {
    const excellent = column(SUMMARY_TAB, 'excellent');
    expect(excellent.width).toBe(8);
    expect(columnWidth(SUMMARY_TAB, excellent)).toBeGreaterThanOrEqual(Math.ceil(9 * 1.15) + 2);
  });

  it('wraps a long English header over more lines than a short one, the Chinese label on a line of its own', () => {
    const lines = (key: string) => headerLines(SUMMARY_TAB, column(SUMMARY_TAB, key));
    expect(lines('section')).toBe(2);
    expect(lines('response_rate')).toBeGreaterThan(lines('pass_rate'));
    expect(headerHeight(SUMMARY_TAB)).toBe(lines('response_rate') * 16 + 4);
  });
});

describe('highlights', () => {
  it('colour every failing Grades status and band one tone and excellence another', () => {
    const grades = highlightsOf(GRADES_TAB);
    const tone = (key: string, text: string) =>
      grades.find((h) => h.kind === 'text' && h.column === key && h.texts.includes(text))?.kind === 'text'
        ? (grades.find((h) => h.kind === 'text' && h.column === key && h.texts.includes(text)) as { tone: string }).tone
        : undefined;
    expect(['补考', '重修/辅导', '缺考'].map((text) => tone('status', text))).toEqual(['bad', 'bad', 'bad']);
    expect(tone('band', '不合格')).toBe('bad');
    expect(tone('status', '优秀')).toBe('good');
    expect(tone('band', '优秀')).toBe('good');
    expect(tone('status', '通过')).toBeUndefined();
  });

  it('shade the Summary pass rate on a scale', () => {
    expect(highlightsOf(SUMMARY_TAB)).toEqual([{ kind: 'scale', column: 'pass_rate' }]);
  });

  it.each(ALL_TABS.flatMap((tab) => highlightsOf(tab).map((h) => ({ tab, h, name: `${tab.name}.${h.column}` }))))(
    '$name names a column of its tab and only values of its vocabulary',
    ({ tab, h }) => {
      expect(tab.columns.map((c) => c.key)).toContain(h.column);
      if (h.kind !== 'text') return;
      const vocabulary = HIGHLIGHT_VOCABULARY[h.column as keyof typeof HIGHLIGHT_VOCABULARY];
      for (const text of h.texts) expect(values(vocabulary), text).toContain(text);
    },
  );
});

describe('validatedRows', () => {
  it.each([...sampleRows()].map(([name, rows]) => ({ name, count: rows.length })))(
    '$name has dropdowns over its sample year ($count rows) with room for another',
    ({ name, count }) => {
      const tab = ALL_TABS.find((t) => t.name === name);
      if (!tab) throw new Error(name);
      expect(validatedRows(tab)).toBeGreaterThanOrEqual(2 * count + 1);
    },
  );

  it('gives Attendance, the largest tab, 5,000 rows', () => {
    expect(validatedRows(ATTENDANCE_TAB)).toBe(5000);
  });
});
