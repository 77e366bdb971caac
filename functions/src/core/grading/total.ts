// The course total: weighted part means of the latest scores, rounded once, and the band it earns.
import type { Component } from '../model.js';
import { roundHalfUp } from './decimal.js';
import type { CourseRules } from './plan.js';
import type { Band } from './rows.js';
import type { ScoreBook } from './scores.js';

export interface CourseTotal {
  /** Part means for display, one decimal; null when the part is not required or not fully scored. */
  readonly theory: number | null;
  readonly practice: number | null;
  /** Rounded total; null until every required component has a score. */
  readonly total: number | null;
  /** Highest attempt among the required components; 0 when none is scored. */
  readonly attempt: number;
  readonly missing: readonly Component[];
}

/** Nothing missing is the common case; sharing one empty list keeps 200k pairs from holding 200k arrays. */
const NONE_MISSING: readonly Component[] = Object.freeze([]);

export function courseTotal(rules: CourseRules, book: ScoreBook, pair: number): CourseTotal {
  let missing: Component[] | undefined;
  let attempt = 0;
  const { slots } = rules;
  for (let i = 0; i < slots.required.length; i += 1) {
    const latest = book.attempt(pair, slots.required[i] ?? 0);
    const component = rules.required[i];
    if (latest === 0 && component !== undefined) (missing ??= []).push(component);
    else if (latest > attempt) attempt = latest;
  }
  const theory = partMean(slots.theory, book, pair);
  const practice = partMean(slots.practice, book, pair);
  let total: number | null = null;
  if (missing === undefined) {
    const { theory_weight, practice_weight } = rules.course;
    // A part with weight 0 has no components, so it adds nothing rather than a null.
    const raw = (theory === null ? 0 : theory_weight * theory) + (practice === null ? 0 : practice_weight * practice);
    // Weights may add up to 1.001 within the tolerance; a total must still read as a mark out of 100.
    total = roundHalfUp(Math.min(100, Math.max(0, raw)), 1);
  }
  return {
    theory: theory === null ? null : roundHalfUp(theory, 1),
    practice: practice === null ? null : roundHalfUp(practice, 1),
    total,
    attempt,
    // Theory components come before practice ones, each in template order, as the plan lists the parts.
    missing: missing ?? NONE_MISSING,
  };
}

/** Unrounded mean of a part's latest scores; null when the part is not required or not fully scored. */
function partMean(slots: readonly number[], book: ScoreBook, pair: number): number | null {
  if (slots.length === 0) return null;
  let sum = 0;
  for (const slot of slots) {
    if (book.attempt(pair, slot) === 0) return null;
    sum += book.score(pair, slot);
  }
  return sum / slots.length;
}

/** Decided on the rounded total; below the pass mark is 不合格 even when a course sets its pass mark above band_good. */
export function bandFor(total: number, passMark: number, excellentFrom: number, goodFrom: number): Band {
  if (total < passMark) return '不合格';
  if (total >= excellentFrom) return '优秀';
  if (total >= goodFrom) return '良好';
  return '合格';
}
