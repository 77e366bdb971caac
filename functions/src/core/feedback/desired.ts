// The feedback e-mails the current grades call for, each with a key that changes only when its content should.
import { createHash } from 'node:crypto';
import type { DateTime } from 'luxon';
import type { EmailKind } from '../../../../sheets-templates/index.js';
import type { RecomputeResult, SourceData } from '../grading/recompute.js';
import type { CourseStatus, GradeRow, RetakeRow, SummaryRow } from '../grading/rows.js';
import { pairKey as heldKey } from '../grading/holds.js';
import { readPlan, type CourseRules } from '../grading/plan.js';
import type { Component, Trainee } from '../model.js';
import { blockedBy } from '../settings.js';

export interface Recipient {
  readonly name: string;
  readonly address: string;
}

export interface ComponentScore {
  readonly component: Component;
  readonly part: 'theory' | 'practice';
  /** 0 when the component has no score yet. */
  readonly attempt: number;
  readonly score: number | null;
}

/** Where a total stands among the course's graded totals; 'few' when too few are graded to say without hinting at others' results. */
export type RankBand = 'top10' | 'top25' | 'top50' | 'rest' | 'few';

export type Facts =
  | {
      readonly kind: 'result';
      readonly grade: GradeRow;
      readonly components: readonly ComponentScore[];
      readonly rank: RankBand;
      readonly passMark: number;
    }
  | { readonly kind: 'retake'; readonly retake: RetakeRow }
  | { readonly kind: 'excellent'; readonly grade: GradeRow; readonly bonusPoints: number }
  | {
      readonly kind: 'digest';
      readonly week: string;
      readonly overall?: SummaryRow;
      readonly worst: readonly SummaryRow[];
      readonly link: string;
    };

export interface Feedback {
  /** Same facts, same key: a key is sent at most once. */
  readonly key: string;
  /** The key without the content fingerprint: a new key under a sent base is a correction. */
  readonly base: string;
  readonly kind: EmailKind;
  readonly to: Recipient;
  readonly traineeId: string;
  readonly courseId: string;
  readonly facts: Facts;
}

/** Fewer graded trainees than this and a rank band would let classmates work out each other's standing. */
export const MIN_RANKED = 5;
/** Statuses that are a result to report; 进行中 is not final yet. */
const FINAL: ReadonlySet<CourseStatus> = new Set(['通过', '优秀', '补考', '重修/辅导', '缺考']);
const DIGEST_WORST = 3;

export interface DesiredInput {
  readonly result: RecomputeResult;
  readonly source: SourceData;
  /** Now, in the settings zone. */
  readonly now: DateTime;
}

/**
 * The e-mails the results call for. Nothing while grading is blocked (no result is current); no e-mail of a
 * kind whose Settings (its template, the digest's leaders) cannot be read; and no result, retake or
 * correction of a (trainee, course) a doubtful source row touches until that row is fixed.
 */
export function desiredFeedback({ result, source, now }: DesiredInput): Feedback[] {
  const { settings } = source;
  if (result.blocked.length > 0) return [];
  const open = (kind: EmailKind) => blockedBy(settings, kind).length === 0;
  const today = now.toISODate() ?? '';
  const rules = readPlan(source.courses, settings, today).gradable;
  const recipients = recipientIndex(source.roster);
  const wanted = (traineeId: string, courseId: string) => {
    const course = rules.get(courseId)?.course;
    return (
      course !== undefined &&
      (settings.feedback_from === '' || course.end_date >= settings.feedback_from) &&
      recipients.has(traineeId) &&
      !result.held.has(heldKey(traineeId, courseId))
    );
  };

  const final = result.grades.filter((grade) => FINAL.has(grade.status) && wanted(grade.trainee_id, grade.course_id));
  const scores = latestScores(source, new Set(final.map((grade) => pairKey(grade.trainee_id, grade.course_id))));
  const ranks = rankBands(result.grades);
  const messages: Feedback[] = [];

  for (const grade of open('result') || open('excellent') ? final : []) {
    const course = rules.get(grade.course_id);
    const to = recipientOf(recipients, grade.trainee_id, grade.cohort);
    if (course === undefined || to === undefined) continue;
    const components = componentScores(course, scores.get(pairKey(grade.trainee_id, grade.course_id)));
    const facts: Facts = { kind: 'result', grade, components, rank: ranks.get(grade) ?? 'few', passMark: course.passMark };
    if (open('result'))
      messages.push(
        feedback('result', to, grade.trainee_id, grade.course_id, [grade.trainee_id, grade.course_id, String(grade.attempt)], facts, [
          grade.status,
          grade.total,
          grade.band,
          components.map((c) => [c.component, c.attempt, c.score]),
        ]),
      );
    if (grade.status === '优秀' && open('excellent')) {
      const bonus: Facts = { kind: 'excellent', grade, bonusPoints: settings.excellent_bonus_points };
      messages.push(
        feedback('excellent', to, grade.trainee_id, grade.course_id, [grade.trainee_id, grade.course_id, String(grade.attempt)], bonus, [
          grade.total,
          settings.excellent_bonus_points,
        ]),
      );
    }
  }

  for (const retake of open('retake') ? result.retakes : []) {
    if (!wanted(retake.trainee_id, retake.course_id)) continue;
    const to = { name: retake.name, address: retake.email };
    messages.push(
      feedback(
        'retake',
        to,
        retake.trainee_id,
        retake.course_id,
        [retake.trainee_id, retake.course_id, String(retake.next_attempt)],
        { kind: 'retake', retake },
        [retake.reasons, retake.deadline],
      ),
    );
  }

  if (open('digest')) messages.push(...digests(result.summary, source, now));
  return messages;
}

/** One digest per leader per ISO week, due from the configured weekday on. */
function digests(summary: readonly SummaryRow[], source: SourceData, now: DateTime): Feedback[] {
  const { settings } = source;
  if (settings.leader_digest_weekday === 0 || now.weekday < settings.leader_digest_weekday) return [];
  const week = `${now.weekYear}-W${String(now.weekNumber).padStart(2, '0')}`;
  const [overall, ...rest] = summary;
  const courseSection = settings.language === 'en' ? 'Course' : '课程';
  const worst = rest.filter((row) => row.section === courseSection && row.pass_rate !== null).slice(0, DIGEST_WORST);
  const facts: Facts = { kind: 'digest', week, ...(overall === undefined ? {} : { overall }), worst, link: settings.summary_link };
  return settings.leader_emails.map((address) => feedback('digest', { name: '', address }, '', '', [address, week], facts, ['weekly']));
}

function feedback(
  kind: EmailKind,
  to: Recipient,
  traineeId: string,
  courseId: string,
  parts: readonly string[],
  facts: Facts,
  content: unknown,
): Feedback {
  const base = [kind, ...parts].map((part) => part.replaceAll('|', '%7C')).join('|');
  const fingerprint = createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 12);
  return { key: `${base}|${fingerprint}`, base, kind, to, traineeId, courseId, facts };
}

function pairKey(traineeId: string, courseId: string): string {
  return `${traineeId}\u0000${courseId}`;
}

/** Roster rows by trainee, withdrawn ones left out: nobody who left the programme is e-mailed. */
function recipientIndex(roster: readonly Trainee[]): Map<string, Trainee[]> {
  const index = new Map<string, Trainee[]>();
  for (const row of roster) {
    if (row.status === '退出') continue;
    const rows = index.get(row.trainee_id);
    if (rows === undefined) index.set(row.trainee_id, [row]);
    else rows.push(row);
  }
  return index;
}

/** The roster row of the cohort the pair is graded under, else the trainee's first row. */
function recipientOf(index: ReadonlyMap<string, readonly Trainee[]>, traineeId: string, cohort: string): Recipient | undefined {
  const rows = index.get(traineeId);
  const row = rows?.find((candidate) => candidate.cohort === cohort) ?? rows?.[0];
  return row === undefined ? undefined : { name: row.name, address: row.email };
}

type LatestScores = Map<Component, { attempt: number; score: number }>;

/** The counting score per component, by the grading rule: the highest attempt, a later row winning a tie. */
function latestScores(source: SourceData, pairs: ReadonlySet<string>): Map<string, LatestScores> {
  const latest = new Map<string, LatestScores>();
  for (const row of source.scores) {
    const key = pairKey(row.trainee_id, row.course_id);
    if (!pairs.has(key)) continue;
    let byComponent = latest.get(key);
    if (byComponent === undefined) latest.set(key, (byComponent = new Map<Component, { attempt: number; score: number }>()));
    const current = byComponent.get(row.component);
    if (current === undefined || row.attempt >= current.attempt) byComponent.set(row.component, { attempt: row.attempt, score: row.score });
  }
  return latest;
}

function componentScores(course: CourseRules, latest: LatestScores | undefined): ComponentScore[] {
  const score = (component: Component, part: 'theory' | 'practice'): ComponentScore => {
    const found = latest?.get(component);
    return { component, part, attempt: found?.attempt ?? 0, score: found?.score ?? null };
  };
  return [...course.theory.map((c) => score(c, 'theory')), ...course.practice.map((c) => score(c, 'practice'))];
}

/** Rank band of every final, totalled grade among the same course's final totals. */
function rankBands(grades: readonly GradeRow[]): Map<GradeRow, RankBand> {
  const byCourse = new Map<string, GradeRow[]>();
  for (const grade of grades) {
    if (!FINAL.has(grade.status) || grade.total === null) continue;
    const list = byCourse.get(grade.course_id);
    if (list === undefined) byCourse.set(grade.course_id, [grade]);
    else list.push(grade);
  }
  const bands = new Map<GradeRow, RankBand>();
  for (const list of byCourse.values()) {
    const totals = list.map((grade) => grade.total ?? 0).sort((a, b) => b - a);
    for (const grade of list) {
      if (list.length < MIN_RANKED) {
        bands.set(grade, 'few');
        continue;
      }
      // Ties share the best position: the number of strictly higher totals, plus one.
      const higher = countAbove(totals, grade.total ?? 0);
      const fraction = (higher + 1) / list.length;
      bands.set(grade, fraction <= 0.1 ? 'top10' : fraction <= 0.25 ? 'top25' : fraction <= 0.5 ? 'top50' : 'rest');
    }
  }
  return bands;
}

/** How many of the descending `totals` are above `value`, by binary search. */
function countAbove(totals: readonly number[], value: number): number {
  let low = 0;
  let high = totals.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((totals[mid] ?? 0) > value) low = mid + 1;
    else high = mid;
  }
  return low;
}
