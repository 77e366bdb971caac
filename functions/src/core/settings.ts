// The Settings tab read into typed rules: a value that cannot be read falls back to its default or holds only what it governs.
import { Info } from 'luxon';
import { z } from 'zod';
import {
  PLACEHOLDERS,
  SETTINGS,
  SETTINGS_TAB,
  templateSettingKey,
  values,
  type EmailKind,
  type SettingBlock,
  type SettingDef,
} from '../../../sheets-templates/index.js';
import { cellChoice, cellDate, cellText, isBlank, plainText } from './cells.js';
import { problemsFromZod, renderProblem, type Language, type Problem } from './problems.js';
import { numberSchema } from './schemas.js';
import type { Table } from './table.js';

export type { SettingBlock };

/** A Settings value that could not be read: where it is, what is wrong, and what that stops. */
export interface SettingIssue {
  readonly key: string;
  readonly rowNumber?: number;
  /** `field` is the key. */
  readonly problem: Problem;
  /** Empty: the default is used instead. Otherwise what waits until the value is fixed. */
  readonly blocks: readonly SettingBlock[];
}

export interface Settings {
  readonly pass_mark: number;
  readonly band_excellent: number;
  readonly band_good: number;
  readonly min_attendance: number;
  readonly max_attempts: number;
  readonly retake_window_days: number;
  readonly retake_cap: boolean;
  readonly excellent_bonus_points: number;
  /** Curriculum hours of each certification level, the lower levels' included. */
  readonly assistant_hours: number;
  readonly professional_hours: number;
  readonly senior_hours: number;
  readonly time_zone: string;
  readonly language: Language;
  readonly leader_emails: readonly string[];
  /** 0: no digest; 1–7: ISO weekday (Monday = 1) from which the week's digest goes out. */
  readonly leader_digest_weekday: number;
  readonly summary_link: string;
  readonly feedback_hold_minutes: number;
  /** ISO date, or '' for no limit. */
  readonly feedback_from: string;
  /** QR check-in: a session's link opens this many minutes before it starts and closes this many after it ends. */
  readonly checkin_open_minutes_before: number;
  readonly checkin_close_minutes_after: number;
  readonly result_subject_template: string;
  readonly result_body_template: string;
  readonly retake_subject_template: string;
  readonly retake_body_template: string;
  readonly excellent_subject_template: string;
  readonly excellent_body_template: string;
  readonly digest_subject_template: string;
  readonly digest_body_template: string;
  // Appraisal (issue 17 part 3): the cadence of the Appraisal tab and its bonus-point rules.
  readonly appraisal_cadence: '月度' | '季度' | '半年度' | '年度';
  readonly appraisal_points_passed: number;
  readonly appraisal_points_absence: number;
  /**
   * Values staff typed that could not be read. Their keys hold the default, so code that forgot to ask
   * `blockedBy` still has a number; what a key governs (its `blocks`) must not run on it.
   */
  readonly issues: readonly SettingIssue[];
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

/** Work that needs a Settings value staff must fix first; names the keys and rows, in both languages. */
export class SettingsError extends Error {
  constructor(readonly issues: readonly SettingIssue[]) {
    const say = (language: Language) =>
      issues
        .map((issue) => {
          const row = issue.rowNumber === undefined ? '' : language === 'en' ? ` (row ${issue.rowNumber})` : `（第 ${issue.rowNumber} 行）`;
          return `${renderProblem(issue.problem, language, SETTINGS_TAB.name)}${row}`;
        })
        .join(language === 'en' ? '; ' : '；');
    super(`参数设置有误，修正后请重新提交：${say('zh-CN')} / Settings to fix before this can be accepted: ${say('en')}`);
    this.name = 'SettingsError';
  }
}

/** The issues that stop `block`; empty when it may run. */
export function blockedBy(settings: Settings, block: SettingBlock): SettingIssue[] {
  return settings.issues.filter((issue) => issue.blocks.includes(block));
}

/** Throws a SettingsError when `block` cannot run: for work that must not guess (validating a score's attempt). */
export function requireSettings(settings: Settings, block: SettingBlock, keys?: readonly string[]): void {
  const issues = blockedBy(settings, block).filter((issue) => keys === undefined || keys.includes(issue.key));
  if (issues.length > 0) throw new SettingsError(issues);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是', '开', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否', '关', 'off']);
const HOURS = /^\d+(\.\d+)?(\s*\+\s*\d+(\.\d+)?)*$/;

function settingSchema(def: SettingDef): z.ZodType {
  const type = def.type;
  switch (type.kind) {
    case 'number':
      return numberSchema(type, false);
    case 'integer':
      return numberSchema(type, true);
    case 'boolean':
      return z.preprocess((cell) => {
        const word = plainText(cellText(cell)).toLowerCase();
        return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : cell;
      }, z.boolean());
    case 'hours':
      return z.preprocess((cell) => {
        const text = plainText(cellText(cell));
        return HOURS.test(text) ? text.split('+').reduce((sum, part) => sum + Number(part), 0) : cell;
      }, z.number().min(0).max(100_000));
    case 'timezone':
      return z.string().refine((zone) => Info.isValidIANAZone(zone), { params: { rule: 'not_time_zone' } });
    case 'choice':
      return z.preprocess((cell) => cellChoice(cell, type.choices), z.enum(values(type.choices) as [string, ...string[]]));
    case 'emails':
      return z.preprocess(
        (cell) =>
          plainText(cellText(cell))
            .split(/[,;\s、]+/)
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

interface Given {
  readonly value: unknown;
  readonly rowNumber: number;
}

/** One key's value, or the problem with what staff typed; a template is also checked for its placeholders. */
function readSetting(def: SettingDef, given: Given | undefined): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  const raw = given === undefined ? def.default : typeof given.value === 'string' ? given.value.trim() : given.value;
  const result = settingSchema(def).safeParse(raw, { reportInput: true });
  if (!result.success) {
    const [problem = { field: def.key, rule: 'invalid' as const }] = problemsFromZod(result.error.issues, def.key);
    const typed = cellText(raw);
    return { ok: false, problem: problem.rule === 'out_of_range' ? { ...problem, params: { ...problem.params, value: typed } } : problem };
  }
  const kind = TEMPLATE_KEYS.get(def.key);
  const unknown = kind !== undefined && typeof result.data === 'string' ? unknownPlaceholders(result.data, kind) : [];
  if (kind !== undefined && unknown.length > 0) {
    const names = unknown.map((name) => `{{${name}}}`);
    const allowed = PLACEHOLDERS[kind].map((name) => `{{${name}}}`);
    return { ok: false, problem: { field: def.key, rule: 'unknown_placeholder', params: { names, allowed } } };
  }
  return { ok: true, value: result.data };
}

/**
 * Read the Settings tab (key / value rows); missing or blank keys take the template default. Never throws:
 * one bad cell must not stop every submission. A value that cannot be read is an issue; its key holds the
 * default, and what it governs (SettingDef.blocks) waits until it is fixed.
 */
export function parseSettings(table: Table | undefined): Settings {
  const given = new Map<string, Given>();
  for (const row of table?.rows ?? []) {
    const key = cellText(row.values['key']);
    if (key !== '' && !isBlank(row.values['value'])) given.set(key, { value: row.values['value'], rowNumber: row.rowNumber });
  }
  const settings: Record<string, unknown> = {};
  const issues: SettingIssue[] = [];
  for (const def of SETTINGS) {
    const entry = given.get(def.key);
    const read = readSetting(def, entry);
    if (read.ok) {
      settings[def.key] = read.value;
      continue;
    }
    const fallback = readSetting(def, undefined);
    settings[def.key] = fallback.ok ? fallback.value : undefined;
    issues.push({
      key: def.key,
      ...(entry ? { rowNumber: entry.rowNumber } : {}),
      problem: read.problem,
      blocks: def.blocks ?? [],
    });
  }
  if ((settings['band_good'] as number) > (settings['band_excellent'] as number)) {
    const entry = given.get('band_good');
    issues.push({
      key: 'band_good',
      ...(entry ? { rowNumber: entry.rowNumber } : {}),
      problem: { field: 'band_good', rule: 'band_order', params: { excellent: settings['band_excellent'] as number } },
      blocks: ['grading'],
    });
  }
  return { ...(settings as unknown as Omit<Settings, 'issues'>), issues };
}

/** The defaults alone, as a fresh workbook has them. */
export function defaultSettings(): Settings {
  return parseSettings(undefined);
}
