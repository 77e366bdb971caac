// The Settings tab read into typed rules, with the template defaults for keys staff left out.
import { Info } from 'luxon';
import { z } from 'zod';
import { PLACEHOLDERS, SETTINGS, templateSettingKey, values, type EmailKind, type SettingDef } from '../../../sheets-templates/index.js';
import { cellChoice, cellDate, cellNumber, cellText, isBlank } from './cells.js';
import type { Language } from './problems.js';
import type { Table } from './table.js';

export interface Settings {
  readonly pass_mark: number;
  readonly band_excellent: number;
  readonly band_good: number;
  readonly min_attendance: number;
  readonly max_attempts: number;
  readonly retake_window_days: number;
  readonly retake_cap: boolean;
  readonly excellent_bonus_points: number;
  readonly time_zone: string;
  readonly language: Language;
  readonly leader_emails: readonly string[];
  /** 0: no digest; 1–7: ISO weekday (Monday = 1) from which the week's digest goes out. */
  readonly leader_digest_weekday: number;
  readonly summary_link: string;
  readonly feedback_hold_minutes: number;
  /** ISO date, or '' for no limit. */
  readonly feedback_from: string;
  readonly result_subject_template: string;
  readonly result_body_template: string;
  readonly retake_subject_template: string;
  readonly retake_body_template: string;
  readonly excellent_subject_template: string;
  readonly excellent_body_template: string;
  readonly digest_subject_template: string;
  readonly digest_body_template: string;
}

/** The template text of one part of one kind of e-mail, as the Settings tab holds it. */
export function settingTemplate(settings: Settings, kind: EmailKind, part: 'subject' | 'body'): string {
  return (settings as unknown as Record<string, string>)[templateSettingKey(kind, part)] ?? '';
}

/** `{{word}}` names in a template that the kind of e-mail does not provide. */
export function unknownPlaceholders(template: string, kind: EmailKind): string[] {
  const allowed = new Set(PLACEHOLDERS[kind]);
  return [...template.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((match) => match[1] ?? '').filter((name) => !allowed.has(name));
}

const TEMPLATE_KEYS = new Map(
  (Object.keys(PLACEHOLDERS) as EmailKind[]).flatMap((kind) =>
    (['subject', 'body'] as const).map((part) => [templateSettingKey(kind, part), kind] as const),
  ),
);

/** A Settings value that cannot be used; names the key and row so staff can fix the sheet. */
export class SettingsError extends Error {
  constructor(readonly problems: readonly { key: string; rowNumber?: number; message: string }[]) {
    super(
      `Settings tab has invalid values: ${problems.map((p) => `${p.key}${p.rowNumber ? ` (row ${p.rowNumber})` : ''}: ${p.message}`).join('; ')}`,
    );
    this.name = 'SettingsError';
  }
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是', '开', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否', '关', 'off']);

function settingSchema(def: SettingDef): z.ZodType {
  const type = def.type;
  switch (type.kind) {
    case 'number':
      return z.preprocess(cellNumber, z.number().min(type.min).max(type.max));
    case 'integer':
      return z.preprocess(cellNumber, z.number().int().min(type.min).max(type.max));
    case 'boolean':
      return z.preprocess((cell) => {
        const word = cellText(cell).toLowerCase();
        return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : cell;
      }, z.boolean());
    case 'timezone':
      return z.string().refine((zone) => Info.isValidIANAZone(zone), { message: 'not an IANA time zone such as Asia/Shanghai' });
    case 'choice':
      return z.preprocess((cell) => cellChoice(cell, type.choices), z.enum(values(type.choices) as [string, ...string[]]));
    case 'emails':
      return z.preprocess(
        (cell) =>
          cellText(cell)
            .split(/[,，;；\s]+/)
            .filter((part) => part !== ''),
        z.array(z.email()),
      );
    case 'text':
      return z.string().max(type.maxLength);
    case 'date':
      return z.preprocess((cell) => (isBlank(cell) ? '' : cellDate(cell)), z.union([z.literal(''), z.iso.date()]));
    case 'email':
    case 'datetime':
    case 'choices':
      return z.string();
  }
}

/** Read the Settings tab (key / value rows); missing or blank keys take the template default. */
export function parseSettings(table: Table | undefined): Settings {
  const given = new Map<string, { value: unknown; rowNumber: number }>();
  for (const row of table?.rows ?? []) {
    const key = cellText(row.values['key']);
    if (key !== '' && !isBlank(row.values['value'])) given.set(key, { value: row.values['value'], rowNumber: row.rowNumber });
  }
  const settings: Record<string, unknown> = {};
  const problems: { key: string; rowNumber?: number; message: string }[] = [];
  for (const def of SETTINGS) {
    const entry = given.get(def.key);
    const raw = entry === undefined ? def.default : typeof entry.value === 'string' ? entry.value.trim() : entry.value;
    const result = settingSchema(def).safeParse(raw);
    const kind = TEMPLATE_KEYS.get(def.key);
    const unknown = kind !== undefined && typeof result.data === 'string' ? unknownPlaceholders(result.data, kind) : [];
    if (unknown.length > 0) {
      const names = unknown.map((name) => `{{${name}}}`).join(', ');
      problems.push({
        key: def.key,
        ...(entry ? { rowNumber: entry.rowNumber } : {}),
        message: `unknown placeholder ${names}; use ${PLACEHOLDERS[kind ?? 'result'].map((name) => `{{${name}}}`).join(' ')}`,
      });
    } else if (result.success) settings[def.key] = result.data;
    else
      problems.push({
        key: def.key,
        ...(entry ? { rowNumber: entry.rowNumber } : {}),
        message: result.error.issues.map((i) => i.message).join(', '),
      });
  }
  if (problems.length > 0) throw new SettingsError(problems);
  const parsed = settings as unknown as Settings;
  if (parsed.band_good > parsed.band_excellent) {
    throw new SettingsError([{ key: 'band_good', message: `must not be above band_excellent (${parsed.band_excellent})` }]);
  }
  return parsed;
}

/** The defaults alone, as a fresh workbook has them. */
export function defaultSettings(): Settings {
  return parseSettings(undefined);
}
