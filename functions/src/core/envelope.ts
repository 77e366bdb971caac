// The submission envelope ({id, kind, submittedAt, submitter?, answers}) and mapping answers to column keys.
import { z } from 'zod';
import { ENVELOPE_COLUMNS, SUBMISSION_TARGETS, headerText, type SubmissionKind, type TabDef } from '../../../sheets-templates/index.js';
import { cellDateTime, cellText, normalizeWord, type Cell } from './cells.js';
import { problemsFromZod, type Problem } from './problems.js';

const answerValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])),
]);

export type AnswerValue = z.infer<typeof answerValue>;

export interface Envelope {
  readonly id: string;
  readonly kind: SubmissionKind;
  readonly submittedAt: string;
  readonly submitter?: string;
  readonly answers: Readonly<Record<string, AnswerValue>>;
}

const KINDS = Object.keys(SUBMISSION_TARGETS) as [SubmissionKind, ...SubmissionKind[]];

function envelopeSchema(zone: string) {
  return z.object({
    id: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().trim().min(1).max(200)),
    kind: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(KINDS)),
    submittedAt: z.preprocess((v) => cellDateTime(v, zone), z.iso.datetime({ offset: true })),
    submitter: z.string().trim().max(200).optional(),
    answers: z.record(z.string().max(500), answerValue),
  });
}

export type EnvelopeResult =
  | { readonly ok: true; readonly envelope: Envelope }
  | { readonly ok: false; readonly problems: readonly Problem[]; readonly id?: string; readonly kind?: string };

/** Validate the envelope of a parsed JSON body (already known to be an object). */
export function parseEnvelope(body: Readonly<Record<string, unknown>>, zone: string): EnvelopeResult {
  const result = envelopeSchema(zone).safeParse(body, { reportInput: true });
  if (result.success) {
    const { submitter, ...rest } = result.data;
    const envelope: Envelope = submitter === undefined || submitter === '' ? rest : { ...rest, submitter };
    return { ok: true, envelope };
  }
  const id = typeof body['id'] === 'string' || typeof body['id'] === 'number' ? String(body['id']).trim().slice(0, 200) : undefined;
  const kind = typeof body['kind'] === 'string' ? body['kind'].slice(0, 40) : undefined;
  return {
    ok: false,
    problems: problemsFromZod(result.error.issues),
    ...(id ? { id } : {}),
    ...(kind ? { kind } : {}),
  };
}

/** Lookup of every name a form question may carry for a column: key, full header, zh-CN or English label. */
function answerLookup(tab: TabDef): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const column of tab.columns) {
    if (ENVELOPE_COLUMNS.has(column.key)) continue;
    for (const name of [column.key, headerText(column), column.label.zh, column.label.en]) lookup.set(normalizeWord(name), column.key);
  }
  return lookup;
}

const lookups = new Map<string, Map<string, string>>();

function answerText(value: AnswerValue): Cell {
  if (Array.isArray(value)) {
    // Apps Script's e.namedValues gives every answer as a list; a checkbox question gives several.
    const parts = value.map((part) => cellText(part)).filter((part) => part !== '');
    return parts.length === 0 ? null : parts.join(',');
  }
  return value;
}

export interface MappedAnswers {
  readonly cells: Readonly<Record<string, Cell>>;
  readonly problems: readonly Problem[];
}

/** Map answers to the target tab's column keys; unknown questions (a form's Timestamp) are ignored. */
export function mapAnswers(tab: TabDef, answers: Readonly<Record<string, AnswerValue>>): MappedAnswers {
  let lookup = lookups.get(tab.name);
  if (!lookup) {
    lookup = answerLookup(tab);
    lookups.set(tab.name, lookup);
  }
  const cells: Record<string, Cell> = {};
  const problems: Problem[] = [];
  for (const [question, value] of Object.entries(answers)) {
    const key = lookup.get(normalizeWord(question));
    if (key === undefined) continue;
    const cell = answerText(value);
    const previous = cells[key];
    if (previous !== undefined && cellText(previous) !== cellText(cell)) {
      if (!problems.some((p) => p.field === key)) problems.push({ field: key, rule: 'conflicting_answers' });
      continue;
    }
    cells[key] = cell;
  }
  return { cells, problems };
}
