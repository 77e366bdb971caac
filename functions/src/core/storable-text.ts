// Text a workbook can hold: XML 1.0 allows neither most C0 control characters, nor U+FFFE/U+FFFF, nor lone surrogates.
import { headerText, type TabDef } from '../../../sheets-templates/index.js';
import { normalizeWord, type Cell } from './cells.js';
import type { Problem } from './problems.js';
import type { RowRecord } from './table.js';

// Tab, line feed and carriage return are allowed; a surrogate is allowed only as half of a pair.
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Any control character, surrogate or non-character: text without one (nearly all of it) needs no closer look.
// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Whether the text holds a character no .xlsx (XML 1.0) can store. */
export function hasUnstorable(text: string): boolean {
  if (!SUSPECT.test(text)) return false;
  UNSTORABLE.lastIndex = 0;
  const found = UNSTORABLE.test(text);
  UNSTORABLE.lastIndex = 0;
  return found;
}

/** The text without the characters a workbook cannot store; everything else (CJK, emoji, line breaks) is kept. */
export function storableText(text: string): string {
  return hasUnstorable(text) ? text.replace(UNSTORABLE, '') : text;
}

/**
 * The text with each character a workbook cannot store shown as U+FFFD: for a refused id kept in Rejected, which
 * must not turn into another, valid id (`a\u0001b` is not `ab`) and must compare equal when the entry is retried.
 */
export function markedText(text: string): string {
  return hasUnstorable(text) ? text.replace(UNSTORABLE, '\uFFFD') : text;
}

export function storableCell(cell: Cell): Cell {
  return typeof cell === 'string' ? storableText(cell) : cell;
}

/** A row with every text value storable; values that need no change keep their identity. */
export function storableRecord(record: RowRecord): RowRecord {
  let changed: Record<string, Cell | undefined> | undefined;
  for (const [key, value] of Object.entries(record)) {
    if (typeof value !== 'string' || !hasUnstorable(value)) continue;
    changed ??= { ...record };
    changed[key] = storableText(value);
  }
  return changed ?? record;
}

/**
 * A parsed JSON value with every string (keys too) storable, down to `depth` levels: a submission's envelope and
 * answers are three deep; anything deeper is left as it is for validation to refuse.
 */
export function storableJson(value: unknown, depth = 4): unknown {
  if (typeof value === 'string') return storableText(value);
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => storableJson(item, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storableText(key), storableJson(inner, depth - 1)]));
}

/** Columns whose values identify something (a submission, a trainee, a course): unstorable text there is refused, never stripped. */
const ID_COLUMNS = new Set(['submission_id', 'trainee_id', 'course_id']);

/**
 * Problems for ids holding unstorable characters: the envelope's id, and answers to id columns of the target
 * tab, whatever name the form gives the question.
 */
export function unstorableIds(body: Readonly<Record<string, unknown>>, target: TabDef | undefined): Problem[] {
  const problems: Problem[] = [];
  const id = body['id'];
  if (typeof id === 'string' && hasUnstorable(id)) problems.push({ field: 'id', rule: 'unstorable_character' });
  const answers = body['answers'];
  if (!target || answers === null || typeof answers !== 'object' || Array.isArray(answers)) return problems;
  const names = new Map<string, string>();
  for (const column of target.columns) {
    if (!ID_COLUMNS.has(column.key)) continue;
    for (const name of [column.key, headerText(column), column.label.zh, column.label.en]) names.set(normalizeWord(name), column.key);
  }
  for (const [name, value] of Object.entries(answers as Record<string, unknown>)) {
    const column = names.get(normalizeWord(name));
    const texts = Array.isArray(value) ? value : [value];
    if (column && texts.some((text) => typeof text === 'string' && hasUnstorable(text)))
      problems.push({ field: column, rule: 'unstorable_character' });
  }
  return problems;
}
