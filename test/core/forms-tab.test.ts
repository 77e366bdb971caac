// The Forms tab as data: kinds by value or label, the row of a form, the tab rewritten with one row changed.
import { describe, expect, it } from 'vitest';
import { FORMS_TAB } from '../../sheets-templates/index.js';
import { findForm, formEntries, formsTabWith, submissionKind } from '../../functions/src/core/forms-tab.js';
import { gridToTable } from '../../functions/src/core/table.js';
import { gridOf } from '../fixtures/world.js';

const TABLE = gridToTable(
  FORMS_TAB,
  gridOf(FORMS_TAB, [
    {
      kind: 'score',
      form_id: 'form-score',
      title: '成绩登记',
      checkpoint: '2026-06-15T09:00:00.5+08:00',
      watch_id: 'w1',
      watch_expires_at: '2026-06-20T10:00:00+08:00',
    },
    { kind: '考勤', form_id: 'form-attendance', title: '考勤登记' },
    { kind: '', form_id: '', title: 'a row staff left blank' },
    { kind: 'grades', form_id: 'form-odd', title: 'not a kind' },
    { kind: 'Evaluation', form_id: 'form-score', title: 'the same form again' },
  ]),
);

describe('submissionKind', () => {
  it.each([
    { cell: 'score', kind: 'score' },
    { cell: '成绩', kind: 'score' },
    { cell: ' Attendance ', kind: 'attendance' },
    { cell: '报名', kind: 'enrollment' },
    { cell: 'grades', kind: undefined },
    { cell: null, kind: undefined },
  ])('$cell → $kind', ({ cell, kind }) => {
    expect(submissionKind(cell)).toBe(kind);
  });
});

describe('with four forms, one listed twice', () => {
  it('lists the rows that name a form, with their kind', () => {
    expect(formEntries(TABLE).map((entry) => [entry.rowNumber, entry.formId, entry.kind ?? entry.kindText])).toEqual([
      [2, 'form-score', 'score'],
      [3, 'form-attendance', 'attendance'],
      [5, 'form-odd', 'grades'],
      [6, 'form-score', 'evaluation'],
    ]);
  });

  it('finds a form by its first row', () => {
    expect(findForm(TABLE, 'form-score')).toMatchObject({
      rowNumber: 2,
      kind: 'score',
      checkpoint: '2026-06-15T09:00:00.5+08:00',
      watchId: 'w1',
    });
    expect(findForm(TABLE, 'form-nope')).toBeUndefined();
  });

  it('rewrites the tab with the changes merged into their rows and every other row as it was', () => {
    const rows = formsTabWith(TABLE, new Map([[3, { checkpoint: '2026-06-15T10:00:00+08:00', updated_at: '2026-06-15T10:00:01+08:00' }]]));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual(TABLE.rows[0]?.values);
    expect(rows[1]).toMatchObject({
      kind: '考勤',
      form_id: 'form-attendance',
      checkpoint: '2026-06-15T10:00:00+08:00',
      updated_at: '2026-06-15T10:00:01+08:00',
    });
  });
});
