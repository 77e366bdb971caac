// Typed derived rows laid out as sheet records keyed by the template columns, in the reader's language, ready for SheetStore.replace.
import {
  ARCHIVE_TAB,
  BANDS,
  CERTIFICATION_LEVELS,
  COURSE_STATUSES,
  GRADES_TAB,
  RETAKES_TAB,
  SUMMARY_TAB,
  type TabDef,
} from '../../../../sheets-templates/index.js';
import type { Language } from '../problems.js';
import type { RowRecord } from '../table.js';
import { choiceText, componentsText, listText, progressText, whyListText } from '../words.js';
import { doubtRows, pairKey, type Doubt } from './holds.js';
import type { ArchiveRow, GradeRow, RetakeRow, SummaryRow } from './rows.js';

export interface DerivedRows {
  readonly grades: readonly GradeRow[];
  readonly retakes: readonly RetakeRow[];
  readonly archive: readonly ArchiveRow[];
  readonly summary: readonly SummaryRow[];
  /** Results whose e-mails wait, by pairKey; their Grades row says why. */
  readonly held?: ReadonlyMap<string, readonly Doubt[]>;
}

/** At most this many titles in "still to pass", then a count. */
const NEXT_LISTED = 4;

/**
 * Tab name → rows; numbers stay numbers, blanks are null. Statuses, bands, components and levels are
 * written in the reader's language, and reasons with their numbers.
 */
export function toTabRows(result: DerivedRows, language: Language = 'zh-CN'): Map<string, RowRecord[]> {
  const held = result.held ?? new Map<string, readonly Doubt[]>();
  return new Map([
    [
      GRADES_TAB.name,
      checked(
        GRADES_TAB,
        result.grades.map((row) => gradeRecord(row, held.get(pairKey(row.trainee_id, row.course_id)), language)),
      ),
    ],
    [
      RETAKES_TAB.name,
      checked(
        RETAKES_TAB,
        result.retakes.map((row) => retakeRecord(row, language)),
      ),
    ],
    [
      ARCHIVE_TAB.name,
      checked(
        ARCHIVE_TAB,
        result.archive.map((row) => archiveRecord(row, language)),
      ),
    ],
    [
      SUMMARY_TAB.name,
      checked(
        SUMMARY_TAB,
        result.summary.map((row) => ({ ...row, notes: blank(row.notes) })),
      ),
    ],
  ]);
}

const blank = (text: string): string | null => (text === '' ? null : text);

function gradeRecord(row: GradeRow, doubts: readonly Doubt[] | undefined, language: Language): RowRecord {
  const hold =
    doubts === undefined
      ? ''
      : language === 'en'
        ? `e-mail held: ${doubtRows(doubts, language)} in Problems`
        : `反馈暂缓：数据问题中 ${doubtRows(doubts, language)} 待核实`;
  const reasons = [whyListText(row.reasons, language), hold].filter((part) => part !== '').join(language === 'en' ? '; ' : '；');
  return {
    trainee_id: row.trainee_id,
    name: row.name,
    branch: row.branch,
    cohort: row.cohort,
    course_id: row.course_id,
    course_title: row.course_title,
    theory: row.theory,
    practice: row.practice,
    total: row.total,
    band: row.band === null ? null : choiceText(BANDS, row.band, language),
    attendance_rate: row.attendance_rate,
    attempt: row.attempt,
    status: choiceText(COURSE_STATUSES, row.status, language),
    missing_components: blank(componentsText(row.missing_components, language)),
    reasons: blank(reasons),
  };
}

function retakeRecord(row: RetakeRow, language: Language): RowRecord {
  return {
    trainee_id: row.trainee_id,
    name: row.name,
    email: row.email,
    branch: row.branch,
    course_id: row.course_id,
    course_title: row.course_title,
    reasons: blank(whyListText(row.why, language)),
    components: blank(componentsText(row.components, language)),
    total: row.total,
    attendance_rate: row.attendance_rate,
    next_attempt: row.next_attempt,
    deadline: row.deadline,
  };
}

function archiveRecord(row: ArchiveRow, language: Language): RowRecord {
  const [assistant, professional, senior] = row.certification.levels;
  const next = row.certification.levels.find((level) => !level.reached)?.missing ?? [];
  const listed = next.slice(0, NEXT_LISTED);
  const more = next.length - listed.length;
  const nextText = listText(listed, language) + (more <= 0 ? '' : language === 'en' ? ` and ${more} more` : ` 等 ${next.length} 门`);
  return {
    year: row.year,
    trainee_id: row.trainee_id,
    name: row.name,
    branch: row.branch,
    courses_enrolled: row.courses_enrolled,
    courses_passed: row.courses_passed,
    hours_earned: row.hours_earned,
    average_total: row.average_total,
    excellent_count: row.excellent_count,
    bonus_points: row.bonus_points,
    unexcused_absences: row.unexcused_absences,
    certification_level: blank(row.certification_level === '' ? '' : choiceText(CERTIFICATION_LEVELS, row.certification_level, language)),
    assistant_progress: assistant === undefined ? null : progressText(assistant, language),
    professional_progress: professional === undefined ? null : progressText(professional, language),
    senior_progress: senior === undefined ? null : progressText(senior, language),
    next_courses: blank(nextText),
  };
}

/**
 * The records mirror the template columns; checking one record per tab turns a column added to
 * the template but not here into a loud error instead of a silently blank or misplaced column.
 */
function checked(tab: TabDef, records: RowRecord[]): RowRecord[] {
  const first = records[0];
  if (first !== undefined) {
    const keys = Object.keys(first).join(',');
    const expected = tab.columns.map((column) => column.key).join(',');
    if (keys !== expected) throw new Error(`Derived tab "${tab.name}" rows have columns ${keys}, but its template has ${expected}`);
  }
  return records;
}
