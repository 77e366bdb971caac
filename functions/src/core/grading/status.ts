// A pair's status from its total, missing components and attendance: pass, excellence, retake or failure.
import type { Settings } from '../settings.js';
import type { CourseRules } from './plan.js';
import type { Band, CourseStatus, RetakeReason } from './rows.js';
import { bandFor, type CourseTotal } from './total.js';

export interface Outcome {
  readonly status: CourseStatus;
  /** In RETAKE_REASONS order; empty unless the course has ended and something is short. */
  readonly reasons: readonly RetakeReason[];
  /** The total recorded on the Grades tab: a passed retake may be capped at the pass mark. */
  readonly total: number | null;
  readonly band: Band | null;
}

export interface StatusInput {
  readonly rules: CourseRules;
  readonly total: CourseTotal;
  readonly attendanceRate: number;
  /** ISO date of now in the settings zone. */
  readonly today: string;
  readonly settings: Pick<Settings, 'band_excellent' | 'band_good' | 'retake_cap'>;
}

const REASONS: readonly RetakeReason[] = ['总评不合格', '缺少考核项', '出勤不足'];
/** Every combination of reasons, by bit mask, shared so that thousands of failing pairs share eight lists. */
const REASON_LISTS: readonly (readonly RetakeReason[])[] = Array.from({ length: 1 << REASONS.length }, (_, mask) =>
  Object.freeze(REASONS.filter((_reason, bit) => (mask & (1 << bit)) !== 0)),
);
const NO_REASONS = REASON_LISTS[0] ?? [];

export function decideStatus({ rules, total, attendanceRate, today, settings }: StatusInput): Outcome {
  const score = total.total;
  const band = score === null ? null : bandFor(score, rules.passMark, settings.band_excellent, settings.band_good);
  // A running course shows its total as soon as it is complete, but nobody fails before the end.
  if (!rules.ended) return { status: '进行中', reasons: NO_REASONS, total: score, band };

  const belowPassMark = score !== null && score < rules.passMark;
  const missing = total.missing.length > 0;
  const mask = (belowPassMark ? 1 : 0) | (missing ? 2 : 0) | (attendanceRate < rules.minAttendance ? 4 : 0);
  const reasons = REASON_LISTS[mask] ?? NO_REASONS;

  if (mask === 0) {
    if (total.attempt > 1) {
      // A retake proves competence, not distinction.
      const recorded = score !== null && settings.retake_cap ? Math.min(score, rules.passMark) : score;
      return { status: '通过', reasons, total: recorded, band: '合格' };
    }
    return { status: band === '优秀' ? '优秀' : '通过', reasons, total: score, band };
  }

  const pastDeadline = today > rules.deadline;
  let status: CourseStatus;
  if (missing && pastDeadline) status = '缺考';
  else if (total.attempt >= rules.maxAttempts || pastDeadline) status = '重修/辅导';
  else status = '补考';
  return { status, reasons, total: score, band };
}

/**
 * How good a status is, for "a retake never makes things worse": 缺考 = 重修/辅导 (0) < 补考 (1) <
 * 进行中 (2) < 通过 (3) < 优秀 (4). Final failures share the bottom: both mean re-training.
 */
export const STATUS_RANK: Readonly<Record<CourseStatus, number>> = {
  缺考: 0,
  '重修/辅导': 0,
  补考: 1,
  进行中: 2,
  通过: 3,
  优秀: 4,
};
