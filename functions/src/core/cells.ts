// Codecs between spreadsheet cell values and typed values (numbers, choices, ISO dates in a zone).
import { DateTime } from 'luxon';
import type { Choice, ColumnType } from '../../../sheets-templates/index.js';

/** What a cell holds once an adapter has read it: never a formula, never a locale-formatted string. */
export type Cell = string | number | boolean | null;

/** Blank cells and whitespace-only text are "no value". */
export function isBlank(cell: unknown): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** Text of a cell, trimmed; numbers keep their shortest round-trip form. */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return '';
}

/**
 * Text as people type it made plain: NFKC turns full-width letters, digits and punctuation (`８５．５`,
 * `，`, `％`) and the ideographic space into their ASCII forms.
 */
export function plainText(text: string): string {
  return text.normalize('NFKC');
}

/** Invisible characters a paste from a chat or a web page leaves inside an id. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * A trainee or course id as it is compared and stored: NFKC, trimmed and case-folded, once. Ids are printed
 * in capitals (CM2026002, C2026-07), so they fold to upper case: `ｃｍ２０２６００２` is CM2026002.
 */
export function foldId(text: string): string {
  return plainText(text).replace(INVISIBLE, '').trim().toUpperCase();
}

/** The folded id of a cell, '' when blank; for comparing a raw sheet cell with a parsed id. */
export function cellId(cell: unknown): string {
  return foldId(cellText(cell));
}

/** Why typed text is refused as a number although it looks like one: the reader must say what they meant. */
export type NumberRefusal =
  | { readonly rule: 'percent_sign'; readonly typed: string; readonly plain: string }
  | { readonly rule: 'comma_in_number'; readonly typed: string; readonly decimal?: string; readonly whole?: string };

export type NumberRead = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly refusal?: NumberRefusal };

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const WITH_COMMAS = /^[+-]?\d[\d,]*(\.\d+)?$/;
const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * A number from a cell: numbers as they are, text in plain decimal notation after NFKC (full-width digits
 * are fine). A trailing % is a fraction where `percent` allows it (80% is 0.8) and refused elsewhere: a
 * score of "85%" must not become 0.85. A comma is never guessed at: "8,5" may be 8.5 or 85, "1,000" may be
 * 1000 or 1.0, so both are refused with what to type instead.
 */
export function readNumber(cell: unknown, options: { readonly percent?: boolean } = {}): NumberRead {
  if (typeof cell === 'number') return Number.isFinite(cell) ? { ok: true, value: cell } : { ok: false };
  if (typeof cell !== 'string') return { ok: false };
  const text = plainText(cell).trim();
  const percent = text.endsWith('%');
  const body = (percent ? text.slice(0, -1) : text).trim();
  if (body.includes(',') && WITH_COMMAS.test(body)) {
    const whole = THOUSANDS.test(body) ? body.replace(/,/g, '') : undefined;
    // Only one comma and no point can be a decimal comma.
    const decimal = /^[^,.]*,[^,.]*$/.test(body) ? body.replace(',', '.') : undefined;
    const readings = { ...(decimal === undefined ? {} : { decimal }), ...(whole === undefined ? {} : { whole }) };
    return { ok: false, refusal: { rule: 'comma_in_number', typed: text, ...readings } };
  }
  if (!DECIMAL.test(body)) return { ok: false };
  const value = Number(body);
  if (!percent) return { ok: true, value };
  if (options.percent) return { ok: true, value: value / 100 };
  return { ok: false, refusal: { rule: 'percent_sign', typed: text, plain: body } };
}

/** Number of a cell as readNumber reads it (no %); anything else is returned unchanged so a schema reports it. */
export function cellNumber(cell: unknown): unknown {
  const read = readNumber(cell);
  return read.ok ? read.value : cell;
}

const DATE_FORMATS = ['yyyy-MM-dd', 'yyyy-M-d', 'yyyy/M/d', 'yyyy.M.d', "yyyy'年'M'月'd'日'"];

/** A calendar date as ISO `yyyy-MM-dd`, from ISO text or the forms people type in China; else unchanged. */
export function cellDate(cell: unknown): unknown {
  if (typeof cell !== 'string') return cell;
  const text = plainText(cell).trim();
  const iso = DateTime.fromISO(text, { setZone: true });
  if (iso.isValid && /^\d{4}-\d{2}-\d{2}/.test(text)) return iso.toISODate();
  for (const format of DATE_FORMATS) {
    const parsed = DateTime.fromFormat(text, format);
    if (parsed.isValid) return parsed.toISODate();
  }
  return cell;
}

/**
 * An instant as ISO-8601 with offset, shown in `zone`. Text without an offset is read as local time
 * in `zone` (a form's "2026-03-01 09:30" means Shanghai time, not UTC). Invalid input is returned unchanged.
 */
export function cellDateTime(cell: unknown, zone: string): unknown {
  if (typeof cell !== 'string') return cell;
  const text = plainText(cell).trim();
  let parsed = DateTime.fromISO(text, { zone, setZone: false });
  // As people type a date and a time into a text cell: `2026/3/2 9:00`, or ISO with a space (`2026-03-02 09:00`).
  for (const format of ['yyyy/M/d H:mm:ss', 'yyyy/M/d H:mm', 'yyyy-MM-dd H:mm:ss', 'yyyy-MM-dd H:mm'])
    if (!parsed.isValid) parsed = DateTime.fromFormat(text, format, { zone });
  if (!parsed.isValid) return cell;
  return parsed.setZone(zone).toISO({ suppressMilliseconds: true });
}

/** Canonical value of a choice from its value or either label, ignoring case and spaces; else unchanged. */
export function cellChoice(cell: unknown, choices: readonly Choice[]): unknown {
  if (typeof cell !== 'string') return cell;
  const wanted = normalizeWord(cell);
  const found = choices.find(
    (choice) =>
      normalizeWord(choice.value) === wanted || normalizeWord(choice.label.zh) === wanted || normalizeWord(choice.label.en) === wanted,
  );
  return found ? found.value : cell.trim();
}

/** A set of choices typed in one cell, separated by commas (ASCII or Chinese), semicolons or 、. */
export function cellChoices(cell: unknown, choices: readonly Choice[]): unknown {
  if (Array.isArray(cell)) return cell.map((item) => cellChoice(item, choices));
  if (typeof cell !== 'string') return cell;
  const parts = cell
    .split(/[,，;；、\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return [...new Set(parts.map((part) => cellChoice(part, choices)))];
}

export function normalizeWord(text: string): string {
  return plainText(text)
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

/** Spreadsheet serial of 1970-01-01: serials count days since 1899-12-30, the epoch Excel and Google Sheets share. */
const UNIX_EPOCH_SERIAL = 25_569;
const DAY_MS = 86_400_000;

/**
 * A spreadsheet's zone-less date or date-time as cell text: `yyyy-MM-dd` at midnight, `yyyy-MM-ddTHH:mm:ss`
 * otherwise. The wall time is held as a UTC DateTime, so no zone shifts it.
 */
export function wallClockText(wallClock: DateTime): string {
  const utc = wallClock.toUTC();
  return utc.toMillis() % DAY_MS === 0 ? utc.toFormat('yyyy-MM-dd') : utc.toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

/** The wall time a date serial stands for, rounded to the millisecond with exceljs's arithmetic so every adapter agrees. */
export function serialToWallClock(serial: number): DateTime {
  return DateTime.fromMillis(Math.round((serial - UNIX_EPOCH_SERIAL) * DAY_MS), { zone: 'utc' });
}

/** The serial of a wall time (the inverse of serialToWallClock): whole days for a date at midnight. */
export function wallClockToSerial(wallClock: DateTime): number {
  return wallClock.toUTC().toMillis() / DAY_MS + UNIX_EPOCH_SERIAL;
}

/** 1900-03-01: serials before it differ between Excel (which counts a 29 February 1900) and everyone else. */
const FIRST_UNAMBIGUOUS_SERIAL = 61;

/**
 * A cell as a spreadsheet file stores it in a column of this kind: the ISO text `yyyy-MM-dd` of a date
 * column becomes its date serial (the column's date style shows it as a date, and reading turns it back
 * into the same text). Everything else is stored as it is: date-times keep their ISO text, because an
 * instant with its offset and fractions of a second does not survive a zone-less serial.
 */
export function spreadsheetCell(cell: Cell, kind: ColumnType['kind'] | undefined): Cell {
  if (kind !== 'date' || typeof cell !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(cell)) return cell;
  const date = DateTime.fromISO(cell, { zone: 'utc' });
  if (!date.isValid) return cell;
  const serial = wallClockToSerial(date);
  return serial >= FIRST_UNAMBIGUOUS_SERIAL ? serial : cell;
}
