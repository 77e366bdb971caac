// The leaders' summary: headline figures overall, then per course, branch and instructor, worst pass rate first.
import type { Evaluation } from '../model.js';
import type { Language } from '../problems.js';
import { ratio, roundHalfUp } from './decimal.js';
import type { RosterIndex } from './enrollment.js';
import type { GradedPair } from './grades.js';
import { doubtRows, pairKey, type Doubt } from './holds.js';
import type { PairTable } from './pairs.js';
import type { CourseRules } from './plan.js';
import { compareText, type SummaryRow } from './rows.js';

const WORDS = {
  'zh-CN': { overall: '总览', all: '全部', course: '课程', branch: '机构', instructor: '讲师' },
  en: { overall: 'Overall', all: 'All', course: 'Course', branch: 'Branch', instructor: 'Instructor' },
} as const;

/** Running sums for one summary row; rates and means are only divided out at the end. */
class Tally {
  trainees = 0;
  courses = 0;
  /** Pairs arrive sorted by trainee, so a trainee's pairs are contiguous in every tally: counting changes counts distinct trainees. */
  private lastTrainee: string | undefined;
  private readonly seenCourses: Uint8Array;
  graded = 0;
  passed = 0;
  excellent = 0;
  openRetakes = 0;
  totalSum = 0;
  totals = 0;
  attended = 0;
  denominator = 0;
  responses = 0;
  endedResponses = 0;
  goal = 0;
  content = 0;
  method = 0;
  instructor = 0;
  overall = 0;
  held = 0;
  /** Rows in Problems that hold this row's results back. */
  readonly doubts: Doubt[] = [];

  constructor(
    readonly item: string,
    courseCount: number,
  ) {
    this.seenCourses = new Uint8Array(courseCount);
  }

  addPair(pair: GradedPair, doubts: readonly Doubt[] | undefined): void {
    const { status, total, trainee_id } = pair.row;
    if (doubts !== undefined) {
      this.held += 1;
      this.doubts.push(...doubts);
    }
    if (trainee_id !== this.lastTrainee) {
      this.trainees += 1;
      this.lastTrainee = trainee_id;
    }
    if (this.seenCourses[pair.rules.index] === 0) {
      this.seenCourses[pair.rules.index] = 1;
      this.courses += 1;
    }
    this.attended += pair.attended;
    this.denominator += pair.denominator;
    if (status === '补考') this.openRetakes += 1;
    if (!pair.rules.ended) return;
    this.graded += 1;
    if (status === '通过' || status === '优秀') this.passed += 1;
    if (status === '优秀') this.excellent += 1;
    if (total !== null) {
      this.totalSum += total;
      this.totals += 1;
    }
  }

  addEvaluation(evaluation: Evaluation, courseEnded: boolean): void {
    this.responses += 1;
    if (courseEnded) this.endedResponses += 1;
    this.goal += evaluation.goal_achievement;
    this.content += evaluation.content_practicality;
    this.method += evaluation.method_effectiveness;
    this.instructor += evaluation.instructor_level;
    this.overall += evaluation.overall_satisfaction;
  }

  row(section: string, updatedAt: string, language: Language = 'zh-CN'): SummaryRow {
    const mean = (sum: number) => ratio(sum, this.responses, 2);
    return {
      section,
      item: this.item,
      trainees: this.trainees,
      courses: this.courses,
      graded: this.graded,
      passed: this.passed,
      pass_rate: ratio(this.passed, this.graded, 4),
      average: this.totals === 0 ? null : roundHalfUp(this.totalSum / this.totals, 1),
      excellent: this.excellent,
      open_retakes: this.openRetakes,
      attendance_rate: ratio(this.attended, this.denominator, 4),
      // Several answers from one person (or anonymous ones) can outnumber the graded pairs; a rate stays ≤ 1.
      response_rate: this.graded === 0 ? null : roundHalfUp(Math.min(1, this.endedResponses / this.graded), 4),
      responses: this.responses,
      goal_achievement: mean(this.goal),
      content_practicality: mean(this.content),
      method_effectiveness: mean(this.method),
      instructor_level: mean(this.instructor),
      overall_satisfaction: mean(this.overall),
      held: this.held,
      notes: heldNote(this.held, this.doubts, language),
      updated_at: updatedAt,
    };
  }
}

/** Why results are held: how many, and the Problems rows to fix. */
function heldNote(held: number, doubts: readonly Doubt[], language: Language): string {
  if (held === 0) return '';
  const rows = doubtRows(doubts, language);
  return language === 'en'
    ? `${held} result${held === 1 ? '' : 's'} held back: ${rows} in Problems touch${doubts.length === 1 ? 'es' : ''} them; their e-mails go once fixed`
    : `${held} 个成绩暂缓发送：数据问题中 ${rows} 涉及这些成绩，修正后自动发送`;
}

export interface SummaryInput {
  /** Sorted by trainee_id, as the Grades rows are. */
  readonly pairs: readonly GradedPair[];
  readonly table: PairTable;
  readonly gradable: ReadonlyMap<string, CourseRules>;
  readonly roster: RosterIndex;
  readonly evaluations: readonly Evaluation[];
  /** Results held back by doubtful rows (see holds.ts). */
  readonly held: ReadonlyMap<string, readonly Doubt[]>;
  readonly language: Language;
  readonly updatedAt: string;
}

export function buildSummary({ pairs, table, gradable, roster, evaluations, held, language, updatedAt }: SummaryInput): SummaryRow[] {
  const words = WORDS[language];
  const courseCount = gradable.size;
  const overall = new Tally(words.all, courseCount);
  // By course index: a pair already knows its course's, so no id is hashed per pair.
  const courses = Array.from<{ tally: Tally; rules: CourseRules; instructor: Tally } | undefined>({ length: courseCount });
  const branches = new Map<string, Tally>();
  const instructors = new Map<string, Tally>();
  const tallyOf = (map: Map<string, Tally>, item: string) => {
    let tally = map.get(item);
    if (tally === undefined) {
      tally = new Tally(item, courseCount);
      map.set(item, tally);
    }
    return tally;
  };

  for (const pair of pairs) {
    const { course } = pair.rules;
    let entry = courses[pair.rules.index];
    if (entry === undefined) {
      entry = {
        tally: new Tally(`${course.course_id} ${course.title}`, courseCount),
        rules: pair.rules,
        instructor: tallyOf(instructors, course.instructor),
      };
      courses[pair.rules.index] = entry;
    }
    const doubts = held.size === 0 ? undefined : held.get(pairKey(pair.row.trainee_id, pair.row.course_id));
    overall.addPair(pair, doubts);
    entry.tally.addPair(pair, doubts);
    entry.instructor.addPair(pair, doubts);
    tallyOf(branches, pair.trainee.branch).addPair(pair, doubts);
  }

  // Only answers about courses someone is graded in; anonymous answers count everywhere except branches.
  for (const evaluation of evaluations) {
    const rules = gradable.get(evaluation.course_id);
    const entry = rules === undefined ? undefined : courses[rules.index];
    if (entry === undefined) continue;
    const ended = entry.rules.ended;
    overall.addEvaluation(evaluation, ended);
    entry.tally.addEvaluation(evaluation, ended);
    entry.instructor.addEvaluation(evaluation, ended);
    const traineeId = evaluation.trainee_id;
    if (traineeId === undefined || traineeId === '') continue;
    const pair = table.find(entry.rules, traineeId);
    const trainee = pair === undefined ? roster.byTrainee.get(traineeId)?.rows[0] : table.trainee[pair];
    const branch = trainee === undefined ? undefined : branches.get(trainee.branch);
    branch?.addEvaluation(evaluation, ended);
  }

  return [
    overall.row(words.overall, updatedAt, language),
    ...section(
      courses.flatMap((entry) => (entry === undefined ? [] : [entry.tally])),
      words.course,
      updatedAt,
      language,
    ),
    ...section([...branches.values()], words.branch, updatedAt, language),
    ...section([...instructors.values()], words.instructor, updatedAt, language),
  ];
}

function section(tallies: readonly Tally[], name: string, updatedAt: string, language: Language): SummaryRow[] {
  return tallies.map((tally) => tally.row(name, updatedAt, language)).sort(worstFirst);
}

/** Worst pass rate first so problems are on top; rows with nothing graded yet go last. */
function worstFirst(a: SummaryRow, b: SummaryRow): number {
  if (a.pass_rate === null || b.pass_rate === null) {
    if (a.pass_rate !== b.pass_rate) return a.pass_rate === null ? 1 : -1;
  } else if (a.pass_rate !== b.pass_rate) {
    return a.pass_rate - b.pass_rate;
  }
  return compareText(a.item, b.item);
}
