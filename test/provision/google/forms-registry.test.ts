// The Forms tab as the forms' registry: finding each kind's form, and writing only the cells provisioning owns.
import { describe, expect, it } from 'vitest';
import { FORMS_TAB, headerText } from '../../../sheets-templates/index.js';
import { formsTabWrites, registeredForms, type FormRecord } from '../../../functions/src/provision/google/forms-registry.js';

const HEADER = FORMS_TAB.columns.map(headerText);
const NOW = '2026-06-15T10:00:00+08:00';

function record(kind: FormRecord['kind'], formId: string, changed = false): FormRecord {
  return {
    kind,
    formId,
    title: `title ${kind}`,
    responderUrl: `https://docs.google.com/forms/d/e/${formId}/viewform`,
    editUrl: `https://docs.google.com/forms/d/${formId}/edit`,
    changed,
  };
}

/** A Forms row in template column order, with the watch columns filled by the Forms watch. */
function row(r: FormRecord, watch = 'watch-1'): string[] {
  return [
    r.kind,
    r.formId,
    r.title,
    r.responderUrl,
    r.editUrl,
    watch,
    '2026-06-20T00:00:00+08:00',
    '2026-06-14T00:00:00+08:00',
    '2026-06-01T00:00:00+08:00',
  ];
}

describe('registeredForms', () => {
  it('finds each kind by its row, skipping blank ids, unknown kinds and repeats', () => {
    const rows = [
      row(record('score', 'f-1')),
      ['attendance', '', '', '', '', '', '', '', ''],
      ['quiz', 'f-9'],
      row(record('score', 'f-2')),
      row(record('leave', 'f-3')),
    ];
    const forms = registeredForms(HEADER, rows);
    expect([...forms].map(([kind, form]) => [kind, form.formId, form.rowNumber])).toEqual([
      ['score', 'f-1', 2],
      ['leave', 'f-3', 6],
    ]);
  });

  it('reads a header row staff reordered, by name', () => {
    const reordered = [HEADER[1] ?? '', HEADER[0] ?? '', ...HEADER.slice(2)];
    expect(registeredForms(reordered, [['f-7', 'evaluation']]).get('evaluation')?.formId).toBe('f-7');
  });
});

describe('formsTabWrites', () => {
  const score = record('score', 'f-1');

  const cases: { name: string; rows: string[][]; records: FormRecord[]; writes: { range: string; values: string[][] }[] }[] = [
    {
      name: 'a new form gets a row after the last one, leaving the watch columns blank',
      rows: [row(score)],
      records: [score, record('leave', 'f-3', true)],
      writes: [
        {
          range: "'Forms'!A3:E3",
          values: [
            ['leave', 'f-3', 'title leave', 'https://docs.google.com/forms/d/e/f-3/viewform', 'https://docs.google.com/forms/d/f-3/edit'],
          ],
        },
        { range: "'Forms'!I3:I3", values: [[NOW]] },
      ],
    },
    { name: 'a form recorded as it is needs no write', rows: [row(score)], records: [score], writes: [] },
    {
      name: 'a form with questions added moves only updated_at',
      rows: [row(score)],
      records: [{ ...score, changed: true }],
      writes: [{ range: "'Forms'!I2:I2", values: [[NOW]] }],
    },
    {
      name: 'a changed title is written without touching the id or the watch columns',
      rows: [row(score)],
      records: [{ ...score, title: 'renamed' }],
      writes: [
        { range: "'Forms'!C2:C2", values: [['renamed']] },
        { range: "'Forms'!I2:I2", values: [[NOW]] },
      ],
    },
  ];

  it.each(cases)('$name', ({ rows, records, writes }) => {
    expect(formsTabWrites(HEADER, rows.length, registeredForms(HEADER, rows), records, NOW)).toEqual(writes);
  });
});
