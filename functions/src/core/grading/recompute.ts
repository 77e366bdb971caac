// Entry point of the grading engine: every derived tab as a pure function of the source tabs and the time.
import type { DateTime } from 'luxon';
import { appraisalFacts, type AppraisalFacts } from '../appraisal/facts.js';
import type { AttendanceRecord, Course, Evaluation, LeaveRequest, Score, Trainee } from '../model.js';
import { blockedBy, type SettingIssue, type Settings } from '../settings.js';
import { buildArchive } from './archive.js';
import { buildCurriculum } from './certification.js';
import { readAttendance, sessionDates, sessionsHeld } from './attendance.js';
import { enroll, indexRoster } from './enrollment.js';
import { gradePair, retakeRow, type GradedPair } from './grades.js';
import { heldResults, type Doubt } from './holds.js';
import { PairTable } from './pairs.js';
import { readPlan } from './plan.js';
import { compareText, type ArchiveRow, type CourseProblem, type GradeRow, type RetakeRow, type SummaryRow } from './rows.js';
import { readScores } from './scores.js';
import { buildSummary } from './summary.js';

export type {
  ArchiveRow,
  Band,
  CertificationLevel,
  CourseProblem,
  CourseStatus,
  GradeRow,
  RetakeReason,
  RetakeRow,
  SummaryRow,
} from './rows.js';
export { STATUS_RANK } from './status.js';
export { toTabRows } from './tab-rows.js';

export interface SourceData {
  readonly settings: Settings;
  readonly courses: readonly Course[];
  readonly roster: readonly Trainee[];
  readonly scores: readonly Score[];
  readonly attendance: readonly AttendanceRecord[];
  readonly leave: readonly LeaveRequest[];
  readonly evaluations: readonly Evaluation[];
  /** Set-aside source rows that make the results they touch doubtful (see holds.ts). */
  readonly doubts?: readonly Doubt[];
}

export interface RecomputeResult {
  readonly grades: readonly GradeRow[];
  readonly retakes: readonly RetakeRow[];
  readonly archive: readonly ArchiveRow[];
  readonly summary: readonly SummaryRow[];
  readonly courseProblems: readonly CourseProblem[];
  /** Appraisal (issue 17 part 3): each trainee's hours, results and absences per month, summed into periods by the Appraisal tab. */
  readonly appraisal: AppraisalFacts;
  /** Final results held back by doubts, by pairKey(trainee_id, course_id): their e-mails wait. */
  readonly held: ReadonlyMap<string, readonly Doubt[]>;
  /**
   * Settings values grading cannot run without (a pass mark that does not read): nothing is graded, the
   * derived tabs keep their last results and no result e-mail goes out until they are fixed.
   */
  readonly blocked: readonly SettingIssue[];
}

/**
 * Each input array is read once into maps and flat arrays, then every pair is graded from those, so
 * time grows with the number of rows, not with pairs × rows. Output never depends on input order,
 * except where the rules ask for it: of two Scores rows with the same attempt, the later one (a hand
 * correction typed below the original) counts.
 */
export function recompute(source: SourceData, now: DateTime): RecomputeResult {
  const { settings } = source;
  const local = now.setZone(settings.time_zone);
  const today = local.toISODate() ?? '';
  const updatedAt = local.startOf('second').toISO({ suppressMilliseconds: true }) ?? '';

  const plan = readPlan(source.courses, settings, today);
  const blocked = blockedBy(settings, 'grading');
  if (blocked.length > 0) {
    return {
      grades: [],
      retakes: [],
      archive: [],
      summary: [],
      courseProblems: plan.problems,
      appraisal: new Map(),
      held: new Map(),
      blocked,
    };
  }
  const roster = indexRoster(source.roster);
  const table = new PairTable(roster, plan.courses.length);
  enroll(table, plan.courses, roster);
  const scores = readScores(source.scores, table, plan.gradable, roster);
  const attendance = readAttendance(source.attendance, source.leave, table, plan.gradable, roster);
  const sessions = plan.courses.map((rules) => sessionsHeld(attendance, rules));
  const context = { settings, today, scores, attendance };

  const pairs: GradedPair[] = [];
  const pairIds: number[] = [];
  for (const id of table.ordered()) {
    const trainee = table.trainee[id];
    const rules = table.rules[id];
    if (trainee !== undefined && rules !== undefined) {
      pairs.push(gradePair(context, id, trainee, rules, sessions[rules.index] ?? 0));
      pairIds.push(id);
    }
  }
  const everyCourse = new Set(plan.courses.map((rules) => rules.course.course_id));
  const dates = sessionDates(source.attendance, source.leave, plan.gradable, everyCourse);

  const held = heldResults(source.doubts ?? [], pairs);
  return {
    grades: pairs.map((pair) => pair.row),
    retakes: retakes(pairs, plan.courses.length),
    archive: buildArchive({ pairs, curriculum: buildCurriculum(plan.approved), roster, settings }),
    summary: buildSummary({
      pairs,
      table,
      gradable: plan.gradable,
      roster,
      evaluations: source.evaluations,
      held,
      language: settings.language,
      updatedAt,
    }),
    courseProblems: plan.problems,
    appraisal: appraisalFacts({ pairs, pairIds, book: attendance, held: sessions, dates }),
    held,
    blocked,
  };
}

/** By deadline, course, trainee: bucketed per course, as pairs already come in trainee order, instead of sorting every row. */
function retakes(pairs: readonly GradedPair[], courseCount: number): RetakeRow[] {
  const byCourse: RetakeRow[][] = Array.from({ length: courseCount }, () => []);
  for (const pair of pairs) {
    const row = retakeRow(pair);
    if (row !== undefined) byCourse[pair.rules.index]?.push(row);
  }
  return byCourse
    .filter((rows) => rows.length > 0)
    .sort((a, b) => compareText(a[0]?.deadline ?? '', b[0]?.deadline ?? '') || compareText(a[0]?.course_id ?? '', b[0]?.course_id ?? ''))
    .flat();
}
