// The training archive: per trainee and year, what was taken, passed and earned, and the certification reached.
import type { Course, Trainee } from '../model.js';
import type { Settings } from '../settings.js';
import { clean, roundHalfUp } from './decimal.js';
import type { RosterIndex } from './enrollment.js';
import type { GradedPair } from './grades.js';
import type { ArchiveRow, CertificationLevel } from './rows.js';

type Track = '对公' | '对私';
const TRACKS: readonly Track[] = ['对公', '对私'];

/** Course ids each certification level asks for; an empty list means the level cannot be earned. */
export interface Requirements {
  readonly assistant: readonly string[];
  readonly professional: Readonly<Record<Track, readonly string[]>>;
  readonly senior: Readonly<Record<Track, readonly string[]>>;
}

/** From the plan's approved courses; a course whose row cannot be graded still counts and blocks the level. */
export function certificationRequirements(plan: readonly Course[]): Requirements {
  const approved = plan.filter((course) => course.approval === '已批准');
  const ids = (level: Course['level'], track?: Track) => [
    ...new Set(
      approved
        .filter((course) => course.level === level && (track === undefined || course.direction === '通用' || course.direction === track))
        .map((course) => course.course_id),
    ),
  ];
  return {
    assistant: ids('助理级'),
    professional: { 对公: ids('专业级', '对公'), 对私: ids('专业级', '对私') },
    senior: { 对公: ids('高级', '对公'), 对私: ids('高级', '对私') },
  };
}

/**
 * The highest level reached by the end of `year`. `passedIn` maps a passed course to the year it
 * counts for, so a pass from an earlier year still counts and a later one does not yet.
 */
export function certificationLevel(
  requirements: Requirements,
  tracks: readonly Track[],
  passedIn: ReadonlyMap<string, number>,
  year: number,
): CertificationLevel {
  if (!allPassed(requirements.assistant, passedIn, year)) return '';
  let level: CertificationLevel = '助理级';
  for (const track of tracks) {
    if (!allPassed(requirements.professional[track], passedIn, year)) continue;
    if (allPassed(requirements.senior[track], passedIn, year)) return '高级';
    if (level === '助理级') level = track === '对公' ? '专业级·对公' : '专业级·对私';
  }
  return level;
}

/** An empty list is never complete: a level with no courses in the plan cannot be earned. */
function allPassed(ids: readonly string[], passedIn: ReadonlyMap<string, number>, year: number): boolean {
  if (ids.length === 0) return false;
  for (const id of ids) {
    const passed = passedIn.get(id);
    if (passed === undefined || passed > year) return false;
  }
  return true;
}

interface YearTally {
  readonly year: number;
  enrolled: number;
  passed: number;
  hours: number;
  totalSum: number;
  totals: number;
  excellent: number;
  unexcused: number;
  /** Position of the roster row naming this year's record among the trainee's rows; lowest wins. */
  rank: number;
  trainee: Trainee;
}

export interface ArchiveInput {
  /** Graded pairs sorted by trainee_id, so each trainee's pairs are contiguous. */
  readonly pairs: readonly GradedPair[];
  readonly requirements: Requirements;
  readonly roster: RosterIndex;
  readonly settings: Pick<Settings, 'excellent_bonus_points'>;
  readonly updatedAt: string;
}

/** One pass over the sorted pairs; rows go to a bucket per year, which keeps them in trainee order without a sort. */
export function buildArchive({ pairs, requirements, roster, settings, updatedAt }: ArchiveInput): ArchiveRow[] {
  const byYear = new Map<number, ArchiveRow[]>();
  const passedIn = new Map<string, number>();
  let start = 0;
  while (start < pairs.length) {
    const traineeId = pairs[start]?.row.trainee_id;
    let end = start;
    while (end < pairs.length && pairs[end]?.row.trainee_id === traineeId) end += 1;
    passedIn.clear();
    const rosterRows = roster.byTrainee.get(traineeId ?? '')?.rows ?? [];
    const tallies = yearTallies(pairs, start, end, rosterRows, passedIn);
    // The track is the roster direction; a trainee in two cohorts may have both, and either can certify.
    const tracks = TRACKS.filter((track) => rosterRows.some((row) => row.direction === track));
    for (const tally of tallies) {
      let rows = byYear.get(tally.year);
      if (rows === undefined) byYear.set(tally.year, (rows = []));
      rows.push({
        year: tally.year,
        trainee_id: tally.trainee.trainee_id,
        name: tally.trainee.name,
        branch: tally.trainee.branch,
        courses_enrolled: tally.enrolled,
        courses_passed: tally.passed,
        hours_earned: clean(tally.hours),
        average_total: tally.totals === 0 ? null : roundHalfUp(tally.totalSum / tally.totals, 1),
        excellent_count: tally.excellent,
        bonus_points: clean(tally.excellent * settings.excellent_bonus_points),
        unexcused_absences: tally.unexcused,
        certification_level: certificationLevel(requirements, tracks, passedIn, tally.year),
        updated_at: updatedAt,
      });
    }
    start = end;
  }
  return [...byYear.keys()].sort((a, b) => a - b).flatMap((year) => byYear.get(year) ?? []);
}

/** One trainee's pairs (pairs[start..end)) summed per year; records in `passedIn` the year each passed course counts for. */
function yearTallies(
  pairs: readonly GradedPair[],
  start: number,
  end: number,
  rosterRows: readonly Trainee[],
  passedIn: Map<string, number>,
): YearTally[] {
  const tallies: YearTally[] = [];
  for (let i = start; i < end; i += 1) {
    const pair = pairs[i];
    if (pair === undefined) continue;
    const { year, course } = pair.rules;
    const rank = rosterRows.length === 1 ? 0 : rosterRows.indexOf(pair.trainee);
    let tally: YearTally | undefined;
    for (const candidate of tallies) if (candidate.year === year) tally = candidate;
    if (tally === undefined) {
      tally = { year, enrolled: 0, passed: 0, hours: 0, totalSum: 0, totals: 0, excellent: 0, unexcused: 0, rank, trainee: pair.trainee };
      tallies.push(tally);
    } else if (rank < tally.rank) {
      tally.rank = rank;
      tally.trainee = pair.trainee;
    }
    const { status, total } = pair.row;
    tally.enrolled += 1;
    if (status === '通过' || status === '优秀') {
      tally.passed += 1;
      tally.hours += course.hours;
      passedIn.set(course.course_id, year);
    }
    if (status === '优秀') tally.excellent += 1;
    if (total !== null) {
      tally.totalSum += total;
      tally.totals += 1;
    }
    tally.unexcused += pair.unexcused;
  }
  return tallies;
}
