// Appraisal rows per trainee and period from the monthly facts, with the bonus points the Settings rules give.
import { roundHalfUp } from '../grading/decimal.js';
import { compareText } from '../grading/rows.js';
import type { Settings } from '../settings.js';
import type { AppraisalFacts, MonthTally } from './facts.js';
import { monthsOf, periodOf, type Cadence, type Period } from './period.js';

/** The figures HR takes for one trainee and period: exactly the export's columns. */
export interface AppraisalRow {
  readonly period: string;
  readonly trainee_id: string;
  readonly name: string;
  readonly branch: string;
  readonly training_hours: number;
  readonly courses_passed: number;
  readonly excellent_count: number;
  readonly bonus_points: number;
  readonly unexcused_absences: number;
}

export type PointRules = Pick<Settings, 'appraisal_points_passed' | 'excellent_bonus_points' | 'appraisal_points_absence'>;

/** passed × points per course passed + 优秀 × points per 优秀 − unexcused absences × points per absence, to 2 decimals. */
export function bonusPoints(tally: Omit<MonthTally, 'hours'>, rules: PointRules): number {
  return roundHalfUp(
    tally.passed * rules.appraisal_points_passed +
      tally.excellent * rules.excellent_bonus_points -
      tally.absences * rules.appraisal_points_absence,
    2,
  );
}

function row(
  period: string,
  facts: { trainee_id: string; name: string; branch: string },
  sum: MonthTally,
  rules: PointRules,
): AppraisalRow {
  return {
    period,
    trainee_id: facts.trainee_id,
    name: facts.name,
    branch: facts.branch,
    training_hours: roundHalfUp(sum.hours, 2),
    courses_passed: sum.passed,
    excellent_count: sum.excellent,
    bonus_points: bonusPoints(sum, rules),
    unexcused_absences: sum.absences,
  };
}

const add = (into: MonthTally, tally: MonthTally): void => {
  into.hours += tally.hours;
  into.passed += tally.passed;
  into.excellent += tally.excellent;
  into.absences += tally.absences;
};

/**
 * Every trainee and period of the cadence with something to report (hours, a result or an absence), by
 * period then trainee_id. With `only`, just that period (of any cadence): what its export hands over.
 */
export function appraisalRows(facts: AppraisalFacts, cadence: Cadence, rules: PointRules, only?: Period): AppraisalRow[] {
  const wanted = only === undefined ? undefined : new Set(monthsOf(only));
  const rows: AppraisalRow[] = [];
  for (const trainee of facts.values()) {
    const sums = new Map<string, MonthTally>();
    for (const [month, tally] of trainee.months) {
      if (wanted !== undefined && !wanted.has(month)) continue;
      const id = only?.id ?? periodOf(month, cadence)?.id;
      if (id === undefined) continue;
      let sum = sums.get(id);
      if (sum === undefined) sums.set(id, (sum = { hours: 0, passed: 0, excellent: 0, absences: 0 }));
      add(sum, tally);
    }
    for (const [id, sum] of sums) rows.push(row(id, trainee, sum, rules));
  }
  return rows.sort((a, b) => compareText(a.period, b.period) || compareText(a.trainee_id, b.trainee_id));
}
