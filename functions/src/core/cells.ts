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
 * Number of a cell: numbers as they are, text in plain decimal notation (full-width digits and a
 * trailing % allowed, as people type them). Anything else is returned unchanged so the schema reports it.
 */
export function cellNumber(cell: unknown): unknown {
  if (typeof cell === 'number') return cell;
  if (typeof cell !== 'string') return cell;
  const text = toHalfWidth(cell.trim()).replace(/,/g, '');
  const percent = text.endsWith('%');
  const digits = percent ? text.slice(0, -1).trim() : text;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(digits)) return cell;
  const value = Number(digits);
  return percent ? value / 100 : value;
}

function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const DATE_FORMATS = ['yyyy-MM-dd', 'yyyy-M-d', 'yyyy/M/d', 'yyyy.M.d', "yyyy'年'M'月'd'日'"];

/** A calendar date as ISO `yyyy-MM-dd`, from ISO text or the forms people type in China; else unchanged. */
export function cellDate(cell: unknown): unknown {
  if (typeof cell !== 'string') return cell;
  const text = toHalfWidth(cell.trim());
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
  const text = toHalfWidth(cell.trim());
  let parsed = DateTime.fromISO(text, { zone, setZone: false });
  if (!parsed.isValid) parsed = DateTime.fromFormat(text, 'yyyy/M/d H:mm:ss', { zone });
  if (!parsed.isValid) parsed = DateTime.fromFormat(text, 'yyyy/M/d H:mm', { zone });
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
  return toHalfWidth(text)
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
