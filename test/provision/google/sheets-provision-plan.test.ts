// The provisioning planner: from a spreadsheet's state to the one batch of what is missing, never touching what is there.
import type { sheets_v4 } from '@googleapis/sheets';
import { describe, expect, it } from 'vitest';
import {
  ALL_TABS,
  GRADES_TAB,
  SCORES_TAB,
  SETTINGS,
  SETTINGS_TAB,
  SUMMARY_TAB,
  headerText,
  type TabDef,
} from '../../../sheets-templates/index.js';
import { CHART_TITLE, highlightsFor, numberFormatFor, validationFor } from '../../../functions/src/provision/google/sheets-format.js';
import { planProvision, type ProvisionPlan } from '../../../functions/src/provision/google/sheets-provision-plan.js';
import type { GridState, SheetState, SpreadsheetState } from '../../../functions/src/provision/google/spreadsheet-state.js';

type Request = sheets_v4.Schema$Request;

function sheet(title: string, sheetId: number, overrides: Partial<SheetState> = {}, grid: Partial<GridState> = {}): SheetState {
  return {
    sheetId,
    title,
    index: sheetId,
    rowCount: 1000,
    columnCount: 26,
    frozenRowCount: 0,
    hasTabColor: false,
    hasBasicFilter: false,
    protectedRanges: [],
    conditionalFormats: [],
    chartTitles: [],
    grid: { header: [], firstRow: [], rows: [], ...grid },
    ...overrides,
  };
}

function headerCells(texts: readonly string[], bold = true) {
  return texts.map((text) => ({ text, bold, note: '' }));
}

/** A tab exactly as provisioning leaves it, described independently of the planner. */
function provisioned(tab: TabDef, sheetId: number): SheetState {
  const header = tab.columns.map((column) => ({
    text: headerText(column),
    bold: true,
    note: column.note === undefined ? '' : `${column.note.zh}\n${column.note.en}`,
  }));
  const firstRow = tab.columns.map((column) => ({
    validation: tab.role === 'source' && validationFor(column) !== undefined,
    numberFormat: numberFormatFor(tab, column) !== undefined,
  }));
  const at = (key: string) => tab.columns.findIndex((column) => column.key === key);
  return sheet(
    tab.name,
    sheetId,
    {
      frozenRowCount: 1,
      hasTabColor: true,
      hasBasicFilter: true,
      // As the API answers: a whole-sheet range on sheet 0 has no fields left at all.
      protectedRanges: tab.role === 'derived' ? [{ range: sheetId === 0 ? {} : { sheetId }, warningOnly: true }] : [],
      conditionalFormats: highlightsFor(tab).map((highlight) => ({
        ...highlight.rule,
        ranges: [{ sheetId, startRowIndex: 1, startColumnIndex: at(highlight.column) }],
      })),
      chartTitles: tab.name === SUMMARY_TAB.name ? [CHART_TITLE] : [],
    },
    { header, firstRow, rows: tab.name === SETTINGS_TAB.name ? SETTINGS.map((s) => [s.key, s.default, '']) : [] },
  );
}

function state(sheets: readonly SheetState[]): SpreadsheetState {
  return { spreadsheetId: 'sheet-1', url: 'https://docs.google.com/spreadsheets/d/sheet-1/edit', title: 'training', sheets };
}

const fullyProvisioned = () => state(ALL_TABS.map((tab, i) => provisioned(tab, i)));

function kindOf(request: Request): string {
  return Object.keys(request)[0] ?? '';
}

function countKinds(requests: readonly Request[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) counts[kindOf(request)] = (counts[kindOf(request)] ?? 0) + 1;
  return counts;
}

/** Every sheet id a request acts on. */
function sheetIdsOf(request: Request): number[] {
  const ids: number[] = [];
  const walk = (value: unknown, key: string) => {
    if (key === 'sheetId' && typeof value === 'number') ids.push(value);
    if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(request, '');
  return ids;
}

/** The columns a request writes into, for the sheet given. */
function columnsOf(request: Request, sheetId: number): number[] {
  const range =
    request.setDataValidation?.range ?? request.repeatCell?.range ?? request.addConditionalFormatRule?.rule?.ranges?.[0] ?? undefined;
  if (range && (range.sheetId ?? 0) === sheetId) return [range.startColumnIndex ?? 0];
  const start = request.updateCells?.start;
  if (start && (start.sheetId ?? 0) === sheetId) {
    const width = request.updateCells?.rows?.[0]?.values?.length ?? 1;
    return Array.from({ length: width }, (_, i) => (start.columnIndex ?? 0) + i);
  }
  const dimension = request.updateDimensionProperties?.range;
  if (dimension && (dimension.sheetId ?? 0) === sheetId) return [dimension.startIndex ?? 0];
  return [];
}

const scoresHeaders = SCORES_TAB.columns.map(headerText);

interface Case {
  readonly name: string;
  readonly state: SpreadsheetState;
  readonly rowsToWrite?: ReadonlyMap<string, number>;
  readonly check: (plan: ProvisionPlan) => void;
}

const cases: Case[] = [
  {
    name: 'a spreadsheet with nothing of ours gets every tab added at the end, and its own tab is left alone',
    state: state([sheet('Sheet1', 0, {}, { header: headerCells(['notes'], false) })]),
    check: (plan) => {
      const added = plan.requests.flatMap((r) => (r.addSheet ? [r.addSheet.properties] : []));
      expect(added.map((p) => p?.title)).toEqual(ALL_TABS.map((tab) => tab.name));
      expect(added.map((p) => p?.index)).toEqual(ALL_TABS.map((_, i) => i + 1));
      expect(added.every((p) => p?.gridProperties?.frozenRowCount === 1 && (p.sheetId ?? 0) > 0)).toBe(true);
      expect(plan.requests.some((r) => sheetIdsOf(r).includes(0))).toBe(false);
    },
  },
  {
    name: 'a freshly created spreadsheet (every tab, all empty) gets headers, formats, validation, protection, highlights, chart and Settings',
    state: state(ALL_TABS.map((tab, i) => sheet(tab.name, i + 1))),
    check: (plan) => {
      const counts = countKinds(plan.requests);
      const sourceRules = ALL_TABS.filter((tab) => tab.role === 'source').flatMap((tab) =>
        tab.columns.filter((c) => validationFor(c) !== undefined),
      );
      const formats = ALL_TABS.flatMap((tab) => tab.columns.filter((c) => numberFormatFor(tab, c) !== undefined));
      expect(counts).toEqual({
        updateSheetProperties: ALL_TABS.length,
        updateCells: ALL_TABS.length + 1,
        updateDimensionProperties: ALL_TABS.reduce((sum, tab) => sum + tab.columns.length, 0),
        setDataValidation: sourceRules.length,
        repeatCell: formats.length,
        setBasicFilter: ALL_TABS.length,
        addProtectedRange: ALL_TABS.filter((tab) => tab.role === 'derived').length,
        // Grades 6 (three failing statuses, 优秀, 不合格, 优秀), Retakes 3 (each reason), Summary 1 (the pass-rate scale).
        addConditionalFormatRule: 10,
        addChart: 1,
      });
      for (const tab of ALL_TABS) expect(plan.tabs.get(tab.name)?.header).toEqual(tab.columns.map(headerText));
      expect(plan.filledSettings).toBe(true);
      const protections = plan.requests.flatMap((r) => (r.addProtectedRange ? [r.addProtectedRange.protectedRange] : []));
      expect(protections.every((p) => p?.warningOnly === true)).toBe(true);
    },
  },
  {
    name: 'a fully provisioned spreadsheet needs nothing',
    state: fullyProvisioned(),
    check: (plan) => expect(plan.requests).toEqual([]),
  },
  {
    name: 'staff added a column and a template column is missing: the missing one goes after theirs, nothing else moves',
    state: state(
      fullyProvisioned().sheets.map((s) =>
        s.title === SCORES_TAB.name
          ? {
              ...s,
              grid: {
                header: headerCells([...scoresHeaders.filter((h) => !h.startsWith('评分人')), '备注 Remark']),
                firstRow: [],
                rows: [['x']],
              },
            }
          : s,
      ),
    ),
    check: (plan) => {
      const scores = plan.tabs.get(SCORES_TAB.name);
      const assessor = headerText(SCORES_TAB.columns.find((c) => c.key === 'assessor') ?? SCORES_TAB.columns[0]!);
      expect(scores?.header).toEqual([...scoresHeaders.filter((h) => h !== assessor), '备注 Remark', assessor]);
      expect(scores?.addedHeaders).toEqual([assessor]);
      const remark = scoresHeaders.length - 1;
      const sheetId = scores?.sheetId ?? -1;
      expect(plan.requests.flatMap((r) => columnsOf(r, sheetId))).not.toContain(remark);
      expect(plan.requests.some((r) => r.addSheet)).toBe(false);
    },
  },
  {
    name: 'a renamed tab is not reused: the template tab is added again and the renamed one is not touched',
    state: state(fullyProvisioned().sheets.map((s) => (s.title === SCORES_TAB.name ? { ...s, title: '成绩' } : s))),
    check: (plan) => {
      const renamedId = ALL_TABS.indexOf(SCORES_TAB);
      expect(plan.requests.filter((r) => r.addSheet).map((r) => r.addSheet?.properties?.title)).toEqual([SCORES_TAB.name]);
      expect(plan.requests.some((r) => sheetIdsOf(r).includes(renamedId))).toBe(false);
      expect(plan.tabs.get(SCORES_TAB.name)?.sheetId).toBe(ALL_TABS.length);
    },
  },
  {
    name: 'headers typed as a label only, not bold and without validation, are kept and formatted, not written again',
    state: state(
      fullyProvisioned().sheets.map((s) =>
        s.title === SCORES_TAB.name
          ? {
              ...s,
              grid: {
                header: headerCells(
                  SCORES_TAB.columns.map((c) => c.label.zh),
                  false,
                ),
                firstRow: [],
                rows: [],
              },
            }
          : s,
      ),
    ),
    check: (plan) => {
      const sheetId = plan.tabs.get(SCORES_TAB.name)?.sheetId;
      const writes = plan.requests.filter((r) => r.updateCells && r.updateCells.fields?.includes('userEnteredValue'));
      expect(writes).toEqual([]);
      const bolds = plan.requests.filter((r) => r.updateCells?.fields?.includes('textFormat.bold'));
      expect(bolds).toHaveLength(SCORES_TAB.columns.length);
      expect(plan.requests.filter((r) => r.setDataValidation).map((r) => r.setDataValidation?.range?.sheetId)).toEqual(
        SCORES_TAB.columns.filter((c) => validationFor(c)).map(() => sheetId),
      );
    },
  },
  {
    name: "staff's own settings (frozen rows, partial protection, recoloured highlight) are respected; only what is missing is added",
    state: state(
      fullyProvisioned().sheets.map((s) =>
        s.title === GRADES_TAB.name
          ? {
              ...s,
              frozenRowCount: 2,
              protectedRanges: [{ range: { sheetId: s.sheetId, startRowIndex: 0, endRowIndex: 1 }, warningOnly: false }],
              conditionalFormats: s.conditionalFormats
                .slice(1)
                .map((rule) => ({ ...rule, booleanRule: { ...rule.booleanRule, format: { backgroundColor: { red: 1 } } } })),
            }
          : s,
      ),
    ),
    check: (plan) => {
      expect(countKinds(plan.requests)).toEqual({ addProtectedRange: 1, addConditionalFormatRule: 1 });
      expect(plan.requests[1]?.addConditionalFormatRule?.rule?.booleanRule?.condition?.values).toEqual([
        { userEnteredValue: highlightsFor(GRADES_TAB)[0]?.rule.booleanRule?.condition?.values?.[0]?.userEnteredValue },
      ]);
    },
  },
  {
    name: 'Settings with rows keeps them; empty Settings gets the defaults along its own column order',
    state: state(
      fullyProvisioned().sheets.map((s) =>
        s.title === SETTINGS_TAB.name
          ? { ...s, grid: { ...(s.grid as GridState), header: headerCells(['取值 Value', '参数 Key', '说明 Description']), rows: [] } }
          : s,
      ),
    ),
    check: (plan) => {
      expect(plan.filledSettings).toBe(true);
      const fill = plan.requests.find((r) => r.updateCells?.start?.rowIndex === 1);
      const first = fill?.updateCells?.rows?.[0]?.values?.map((cell) => cell.userEnteredValue?.stringValue);
      expect(first).toEqual([SETTINGS[0]?.default, SETTINGS[0]?.key, '合格分数线 Pass mark']);
      expect(fill?.updateCells?.rows).toHaveLength(SETTINGS.length);
    },
  },
  {
    name: 'rows to write beyond the grid and a chart beyond the last column grow the grid first',
    state: state(
      fullyProvisioned().sheets.map((s) =>
        s.title === SUMMARY_TAB.name
          ? { ...s, columnCount: SUMMARY_TAB.columns.length, chartTitles: [] }
          : s.title === 'Attendance'
            ? { ...s, rowCount: 1000 }
            : s,
      ),
    ),
    rowsToWrite: new Map([['Attendance', 1241]]),
    check: (plan) => {
      expect(plan.requests.map(kindOf)).toEqual(['appendDimension', 'addChart', 'appendDimension']);
      expect(plan.requests[0]?.appendDimension).toMatchObject({ dimension: 'COLUMNS', length: 1 });
      expect(plan.requests[1]?.addChart?.chart?.position?.overlayPosition?.anchorCell?.columnIndex).toBe(SUMMARY_TAB.columns.length);
      expect(plan.requests[2]?.appendDimension).toMatchObject({ dimension: 'ROWS', length: 242 });
    },
  },
];

describe('planProvision', () => {
  it.each(cases)('$name', ({ state: given, rowsToWrite, check }) => {
    check(planProvision(given, rowsToWrite === undefined ? {} : { rowsToWrite }));
  });

  it('refuses to plan a template tab whose cells were not read, rather than guess it is empty', () => {
    const { grid, ...unread } = sheet(SCORES_TAB.name, 3);
    expect(grid).toBeDefined();
    expect(() => planProvision(state([unread]), { tabs: [SCORES_TAB] })).toThrow(/cells of tab "Scores" were not read/);
  });

  it('plans the same batch for the same state (pure)', () => {
    const given = state([sheet('Sheet1', 0)]);
    expect(planProvision(given)).toEqual(planProvision(given));
  });
});
