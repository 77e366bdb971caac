// Reading the two spreadsheets.get answers into the state the planner works from, as the API shapes them (zeros left out).
import { describe, expect, it } from 'vitest';
import { FORMS_TAB, SCORES_TAB, SETTINGS_TAB } from '../../../sheets-templates/index.js';
import { gridRead, spreadsheetState } from '../../../functions/src/provision/google/spreadsheet-state.js';

const structure = {
  spreadsheetId: 's-1',
  spreadsheetUrl: 'https://docs.google.com/spreadsheets/d/s-1/edit',
  properties: { title: 'training' },
  sheets: [
    // Sheet 0 at index 0: proto3 JSON leaves both out.
    {
      properties: { title: 'Scores', gridProperties: { rowCount: 1000, columnCount: 26 } },
      protectedRanges: [{ range: {}, warningOnly: true }],
    },
    {
      properties: {
        sheetId: 7,
        title: 'Settings',
        index: 1,
        gridProperties: { rowCount: 50, columnCount: 3, frozenRowCount: 1 },
        tabColorStyle: { rgbColor: {} },
      },
      basicFilter: { range: {} },
    },
    { properties: { sheetId: 9, title: 'My notes', index: 2 }, charts: [{ chartId: 1, spec: { title: 'mine' } }] },
  ],
};

describe('gridRead', () => {
  it('asks rows 1–2 of the template tabs that exist, whole tabs where every row matters, and nothing of other tabs', () => {
    const read = gridRead(structure, new Set([SETTINGS_TAB.name, FORMS_TAB.name]));
    expect(read.ranges).toEqual(["'Settings'", "'Scores'!1:2"]);
    expect([...read.tabs]).toEqual(['Settings', 'Scores']);
  });
});

describe('spreadsheetState', () => {
  const cells = {
    sheets: [
      {
        properties: { title: 'Scores' },
        data: [
          {
            rowData: [
              {
                values: [
                  { formattedValue: ' 提交编号 Submission ID ', userEnteredFormat: { textFormat: { bold: true } }, note: 'n' },
                  {},
                  { formattedValue: '备注' },
                ],
              },
              {
                values: [
                  { dataValidation: { condition: { type: 'ONE_OF_LIST' } } },
                  { userEnteredFormat: { numberFormat: { type: 'DATE' } }, formattedValue: 'x' },
                ],
              },
            ],
          },
        ],
      },
      {
        properties: { title: 'Settings' },
        data: [{ startRow: 1, rowData: [{ values: [{ formattedValue: 'pass_mark' }, { formattedValue: '70' }] }, {}, { values: [{}] }] }],
      },
    ],
  };
  const state = spreadsheetState(structure, cells, new Set([SCORES_TAB.name, SETTINGS_TAB.name]));

  it('reads the structure, taking left-out zeros as zero', () => {
    expect(state).toMatchObject({ spreadsheetId: 's-1', url: 'https://docs.google.com/spreadsheets/d/s-1/edit', title: 'training' });
    expect(
      state.sheets.map((s) => [
        s.title,
        s.sheetId,
        s.index,
        s.frozenRowCount,
        s.hasTabColor,
        s.hasBasicFilter,
        s.protectedRanges.length,
        s.chartTitles,
      ]),
    ).toEqual([
      ['Scores', 0, 0, 0, false, false, 1, []],
      ['Settings', 7, 1, 1, true, true, 0, []],
      ['My notes', 9, 2, 0, false, false, 0, ['mine']],
    ]);
  });

  it('reads the header, row 2 as the data rows stand, and the data text with trailing blank rows left out', () => {
    expect(state.sheets[0]?.grid).toEqual({
      header: [
        { text: '提交编号 Submission ID', bold: true, note: 'n' },
        { text: '', bold: false, note: '' },
        { text: '备注', bold: false, note: '' },
      ],
      firstRow: [
        { validation: true, numberFormat: false },
        { validation: false, numberFormat: true },
      ],
      rows: [['', 'x']],
    });
    // Settings was read from row 2 on (startRow 1) and has no header row in the answer.
    expect(state.sheets[1]?.grid).toEqual({
      header: [],
      firstRow: [
        { validation: false, numberFormat: false },
        { validation: false, numberFormat: false },
      ],
      rows: [['pass_mark', '70']],
    });
  });

  it('leaves the cells of a tab that was not read unknown, and reads a tab asked for but left out of the answer as empty', () => {
    expect(state.sheets[2]?.grid).toBeUndefined();
    const empty = spreadsheetState(structure, undefined, new Set(['Scores']));
    expect(empty.sheets[0]?.grid).toEqual({ header: [], firstRow: [], rows: [] });
  });
});
