// One way to show a rate as a percentage, shared by the terminal summary and the leaders' digest e-mail.
import { roundHalfUp } from './grading/decimal.js';

/**
 * A rate (0.8125) as people read it (81.3%): rounded half up on the decimal the rate stands for, so
 * 0.1235 is 12.4% and not the 12.3% of `toFixed`, and always one decimal, as the Summary tab's `0.0%`
 * format shows it. No rate (null, or a NaN that slipped through) is `none`, never "NaN%".
 */
export function formatPercent(rate: number | null, none = '—'): string {
  if (rate === null || !Number.isFinite(rate)) return none;
  return `${roundHalfUp(rate * 100, 1).toFixed(1)}%`;
}
