// Appraisal periods (2026-M07, 2026-Q3, 2026-H2, 2026): parsed, formatted and matched to dates in this one place.
import { DateTime } from 'luxon';

/** The Settings words for a cadence, as APPRAISAL_CADENCES stores them. */
export type CadenceSetting = '月度' | '季度' | '半年度' | '年度';
export type Cadence = 'month' | 'quarter' | 'half' | 'year';

const CADENCES: Readonly<Record<CadenceSetting, Cadence>> = { 月度: 'month', 季度: 'quarter', 半年度: 'half', 年度: 'year' };
/** Months a period of each cadence spans. */
const SPAN: Readonly<Record<Cadence, number>> = { month: 1, quarter: 3, half: 6, year: 12 };

export function cadenceOf(setting: CadenceSetting): Cadence {
  return CADENCES[setting];
}

export interface Period {
  /** As HR and the tab write it: 2026-M07, 2026-Q3, 2026-H2 or 2026. */
  readonly id: string;
  readonly cadence: Cadence;
  readonly year: number;
  /** 1-based month of the first month. */
  readonly firstMonth: number;
  /** First and last day, ISO dates, both inclusive. */
  readonly start: string;
  readonly end: string;
}

function periodAt(year: number, firstMonth: number, cadence: Cadence): Period {
  const first = DateTime.fromObject({ year, month: firstMonth, day: 1 }, { zone: 'utc' });
  const last = first.plus({ months: SPAN[cadence] }).minus({ days: 1 });
  const index = Math.floor((firstMonth - 1) / SPAN[cadence]) + 1;
  const suffix = { month: `-M${String(firstMonth).padStart(2, '0')}`, quarter: `-Q${index}`, half: `-H${index}`, year: '' }[cadence];
  return { id: `${year}${suffix}`, cadence, year, firstMonth, start: first.toISODate() ?? '', end: last.toISODate() ?? '' };
}

/** The period of `cadence` holding an ISO date (yyyy-MM-dd or a yyyy-MM month); undefined for text that is no date. */
export function periodOf(date: string, cadence: Cadence): Period | undefined {
  const day = DateTime.fromISO(date.length === 7 ? `${date}-01` : date, { zone: 'utc' });
  if (!day.isValid) return undefined;
  const span = SPAN[cadence];
  return periodAt(day.year, Math.floor((day.month - 1) / span) * span + 1, cadence);
}

const PERIOD = /^(\d{4})(?:-(?:M(\d{2})|Q([1-4])|H([12])))?$/;

/** A period id as typed (case and surrounding spaces do not matter); undefined when it is not one. */
export function parsePeriod(text: string): Period | undefined {
  const match = PERIOD.exec(text.trim().toUpperCase());
  if (match === null) return undefined;
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) return undefined;
  if (match[2] !== undefined) {
    const month = Number(match[2]);
    return month >= 1 && month <= 12 ? periodAt(year, month, 'month') : undefined;
  }
  if (match[3] !== undefined) return periodAt(year, (Number(match[3]) - 1) * 3 + 1, 'quarter');
  if (match[4] !== undefined) return periodAt(year, (Number(match[4]) - 1) * 6 + 1, 'half');
  return periodAt(year, 1, 'year');
}

/** The yyyy-MM months a period spans, in order: the appraisal tallies months and sums them into periods. */
export function monthsOf(period: Period): string[] {
  return Array.from({ length: SPAN[period.cadence] }, (_, i) => `${period.year}-${String(period.firstMonth + i).padStart(2, '0')}`);
}

/** The message for a period id that does not read, in both languages. */
export function periodProblem(text: string): string {
  return (
    `考核周期“${text}”无法识别，请写成 2026-M07（月度）、2026-Q3（季度）、2026-H2（半年度）或 2026（年度） / ` +
    `"${text}" is not an appraisal period; write 2026-M07 (month), 2026-Q3 (quarter), 2026-H2 (half-year) or 2026 (year)`
  );
}
