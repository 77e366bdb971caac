// The score that counts for each component: the latest attempt, a hand correction winning a tie.
import type { Score } from '../model.js';
import type { RosterEntry, RosterIndex } from './enrollment.js';
import type { PairTable } from './pairs.js';
import { ALL_COMPONENTS, type CourseRules } from './plan.js';

const SLOTS = ALL_COMPONENTS.length;
const SLOT: Readonly<Record<string, number | undefined>> = Object.fromEntries(ALL_COMPONENTS.map((component, slot) => [component, slot]));

/** Counting attempt and score per pair and component slot (ALL_COMPONENTS order), in flat typed arrays; attempt 0 means none. */
export class ScoreBook {
  private attempts: Int32Array;
  private values: Float64Array;

  /** `pairs`: how many pairs to expect; scores for pairs created later grow the arrays. */
  constructor(pairs: number) {
    this.attempts = new Int32Array(SLOTS * Math.max(16, pairs));
    this.values = new Float64Array(SLOTS * Math.max(16, pairs));
  }

  /** A row replaces one with the same attempt: staff correct a score by typing a new row below the wrong one. */
  record(pair: number, slot: number, attempt: number, score: number): void {
    const at = pair * SLOTS + slot;
    if (at >= this.attempts.length) this.grow(at + 1);
    if (attempt >= (this.attempts[at] ?? 0)) {
      this.attempts[at] = attempt;
      this.values[at] = score;
    }
  }

  /** 0 when the component in this slot (see CourseRules.slots) has no score for this pair. */
  attempt(pair: number, slot: number): number {
    return this.attempts[pair * SLOTS + slot] ?? 0;
  }

  score(pair: number, slot: number): number {
    return this.values[pair * SLOTS + slot] ?? 0;
  }

  private grow(needed: number): void {
    let length = this.attempts.length;
    while (length < needed) length *= 2;
    const attempts = new Int32Array(length);
    attempts.set(this.attempts);
    const values = new Float64Array(length);
    values.set(this.values);
    this.attempts = attempts;
    this.values = values;
  }
}

/**
 * One pass over the Scores tab in input order. A score for a pair the plan did not enroll still
 * creates the pair (staff typed it, so it is real), graded under the trainee's first roster row;
 * scores for unknown trainees or courses that cannot be graded are ignored.
 */
export function readScores(
  scores: readonly Score[],
  table: PairTable,
  gradable: ReadonlyMap<string, CourseRules>,
  roster: RosterIndex,
): ScoreBook {
  const book = new ScoreBook(table.size);
  // Rows come in runs of one course and often of one trainee; comparing ids is cheaper than hashing every row's.
  let courseId: string | undefined;
  let rules: CourseRules | undefined;
  let traineeId: string | undefined;
  let entry: RosterEntry | undefined;
  for (const row of scores) {
    const slot = SLOT[row.component];
    if (!(row.attempt >= 1) || slot === undefined) continue;
    if (row.course_id !== courseId) {
      courseId = row.course_id;
      rules = gradable.get(courseId);
    }
    if (row.trainee_id !== traineeId) {
      traineeId = row.trainee_id;
      entry = roster.byTrainee.get(traineeId);
    }
    if (rules === undefined || entry === undefined) continue;
    const pair = table.pairOf(rules, entry) ?? table.add(rules, entry.rows[0], entry);
    book.record(pair, slot, row.attempt, row.score);
  }
  return book;
}
