// The (trainee, course) pairs being graded, held in parallel arrays so 200k pairs cost no object or map entry each.
import type { Trainee } from '../model.js';
import type { RosterEntry, RosterIndex } from './enrollment.js';
import type { CourseRules } from './plan.js';

/**
 * Pair ids are dense integers; per-pair data elsewhere lives in typed arrays indexed by them. A
 * trainee-by-course matrix (trainee rank × gradable course) finds a pair from the one roster lookup a
 * row needs anyway, and read in order it lists the pairs sorted by trainee_id then course_id.
 */
export class PairTable {
  /** The roster row each pair is graded under (name, branch, cohort, e-mail). */
  readonly trainee: Trainee[] = [];
  readonly rules: CourseRules[] = [];
  /** Pair id + 1 at [rank × courseCount + course index]; 0 where there is no pair. */
  private readonly matrix: Int32Array;
  private readonly courseCount: number;

  constructor(
    private readonly roster: RosterIndex,
    courseCount: number,
  ) {
    this.courseCount = courseCount;
    this.matrix = new Int32Array(roster.byTrainee.size * courseCount);
  }

  get size(): number {
    return this.trainee.length;
  }

  find(rules: CourseRules, traineeId: string): number | undefined {
    const entry = this.roster.byTrainee.get(traineeId);
    return entry === undefined ? undefined : this.pairOf(rules, entry);
  }

  /** For loops that already hold the trainee's roster entry. */
  pairOf(rules: CourseRules, entry: RosterEntry): number | undefined {
    const id = this.matrix[entry.rank * this.courseCount + rules.index] ?? 0;
    return id === 0 ? undefined : id - 1;
  }

  /**
   * One pair per (trainee_id, course_id), however many roster rows match: the first added names it.
   * `entry` is the trainee's roster entry, which every caller has already looked up.
   */
  add(rules: CourseRules, trainee: Trainee, entry: RosterEntry): number {
    const at = entry.rank * this.courseCount + rules.index;
    const existing = this.matrix[at] ?? 0;
    if (existing !== 0) return existing - 1;
    const id = this.trainee.length;
    this.trainee.push(trainee);
    this.rules.push(rules);
    this.matrix[at] = id + 1;
    return id;
  }

  /** Pair ids sorted by trainee_id then course_id: ranks and course indexes follow those orders. */
  ordered(): Int32Array {
    const order = new Int32Array(this.size);
    let next = 0;
    for (const cell of this.matrix) {
      if (cell !== 0) order[next++] = cell - 1;
    }
    return order;
  }
}
