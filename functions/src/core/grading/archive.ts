// The training archive: per trainee and year, what was taken, passed and earned, and the certification reached.
import type { Trainee } from '../model.js';
import type { Settings } from '../settings.js';
import { certify, LEVEL_ORDER, titleKey, TRACKS, type Curriculum, type Pass, type Track } from './certification.js';
import { clean, roundHalfUp } from './decimal.js';
import type { RosterIndex } from './enrollment.js';
import type { GradedPair } from './grades.js';
import type { ArchiveRow } from './rows.js';

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
  readonly curriculum: Curriculum;
  readonly roster: RosterIndex;
  readonly settings: Pick<Settings, 'excellent_bonus_points' | 'assistant_hours' | 'professional_hours' | 'senior_hours'>;
}

/** One pass over the sorted pairs; rows go to a bucket per year, which keeps them in trainee order without a sort. */
export function buildArchive({ pairs, curriculum, roster, settings }: ArchiveInput): ArchiveRow[] {
  const byYear = new Map<number, ArchiveRow[]>();
  const passes = new Map<string, Pass>();
  let start = 0;
  while (start < pairs.length) {
    const traineeId = pairs[start]?.row.trainee_id;
    let end = start;
    while (end < pairs.length && pairs[end]?.row.trainee_id === traineeId) end += 1;
    passes.clear();
    const rosterRows = roster.byTrainee.get(traineeId ?? '')?.rows ?? [];
    // Years in order, so a level reached in one year is carried into the next.
    const tallies = yearTallies(pairs, start, end, rosterRows, passes).sort((a, b) => a.year - b.year);
    // The track is the roster direction; a trainee in two cohorts may have both, and either can certify.
    const record = {
      tracks: TRACKS.filter((track) => rosterRows.some((row) => row.direction === track)),
      rosterLevel: Math.max(0, ...rosterRows.map((row) => LEVEL_ORDER.indexOf(row.level))),
      passes,
    };
    const before = new Map<Track, boolean[]>();
    for (const tally of tallies) {
      const certification = certify(curriculum, record, tally.year, settings, before);
      const reached = certification.levels.map((level) => level.reached);
      const carried = before.get(certification.track) ?? [];
      before.set(
        certification.track,
        reached.map((value, i) => value || carried[i] === true),
      );
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
        certification_level: certification.level,
        certification,
      });
    }
    start = end;
  }
  return [...byYear.keys()].sort((a, b) => a - b).flatMap((year) => byYear.get(year) ?? []);
}

/** One trainee's pairs (pairs[start..end)) summed per year; records in `passes` the first year each passed course (by title) counts for. */
function yearTallies(
  pairs: readonly GradedPair[],
  start: number,
  end: number,
  rosterRows: readonly Trainee[],
  passes: Map<string, Pass>,
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
      const key = titleKey(course.title);
      const earlier = passes.get(key);
      if (earlier === undefined || year < earlier.year) passes.set(key, { year, hours: course.hours });
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
