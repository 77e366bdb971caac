// Results held back while a source row that touches them is in Problems: a doubtful result is not e-mailed.
import type { GradedPair } from './grades.js';
import type { CourseStatus } from './rows.js';

/**
 * A set-aside row of Scores, Attendance, Leave or Roster, and the ids it names that the plan and roster
 * know. Both: it touches that trainee's course. Only the course (its trainee id is unknown, so it may be
 * anyone's typo): every result of the course. Only the trainee (its course is unknown): every result of
 * the trainee. Neither: it cannot be pinned to a result, so it holds none (it is still in Problems).
 */
export interface Doubt {
  readonly tab: string;
  readonly rowNumber: number;
  readonly traineeId?: string;
  readonly courseId?: string;
}

/** Statuses that are a result to report, so holding them back is news. */
const FINAL: ReadonlySet<CourseStatus> = new Set(['通过', '优秀', '补考', '重修/辅导', '缺考']);

export function pairKey(traineeId: string, courseId: string): string {
  return `${traineeId}\u0000${courseId}`;
}

function add<K>(map: Map<K, Doubt[]>, key: K, doubt: Doubt): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [doubt]);
  else list.push(doubt);
}

/** The doubts on each pair, by pairKey; only pairs with a final result, since only those would be e-mailed. */
export function heldResults(doubts: readonly Doubt[], pairs: readonly GradedPair[]): Map<string, readonly Doubt[]> {
  const held = new Map<string, readonly Doubt[]>();
  if (doubts.length === 0) return held;
  const byPair = new Map<string, Doubt[]>();
  const byCourse = new Map<string, Doubt[]>();
  const byTrainee = new Map<string, Doubt[]>();
  for (const doubt of doubts) {
    if (doubt.traineeId !== undefined && doubt.courseId !== undefined) add(byPair, pairKey(doubt.traineeId, doubt.courseId), doubt);
    else if (doubt.courseId !== undefined) add(byCourse, doubt.courseId, doubt);
    else if (doubt.traineeId !== undefined) add(byTrainee, doubt.traineeId, doubt);
  }
  for (const { row } of pairs) {
    if (!FINAL.has(row.status)) continue;
    const key = pairKey(row.trainee_id, row.course_id);
    const found = [...(byPair.get(key) ?? []), ...(byCourse.get(row.course_id) ?? []), ...(byTrainee.get(row.trainee_id) ?? [])];
    if (found.length > 0) held.set(key, found);
  }
  return held;
}

/** "Scores 第 12 行、Attendance 第 40 行" — the rows to fix, at most `limit` named. */
export function doubtRows(doubts: readonly Doubt[], language: 'zh-CN' | 'en', limit = 3): string {
  const unique = [...new Map(doubts.map((doubt) => [`${doubt.tab}|${doubt.rowNumber}`, doubt])).values()].sort((a, b) =>
    a.tab < b.tab ? -1 : a.tab > b.tab ? 1 : a.rowNumber - b.rowNumber,
  );
  const named = unique
    .slice(0, limit)
    .map((doubt) => (language === 'en' ? `${doubt.tab} row ${doubt.rowNumber}` : `${doubt.tab} 第 ${doubt.rowNumber} 行`));
  const more = unique.length - named.length;
  if (more <= 0) return named.join(language === 'en' ? ', ' : '、');
  return language === 'en' ? `${named.join(', ')} and ${more} more` : `${named.join('、')} 等 ${unique.length} 行`;
}
