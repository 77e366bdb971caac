// Certification by the trainee's own curriculum: each level's courses for their direction, the roster level credited, with progress.
import { plainText } from '../cells.js';
import type { Course, Level } from '../model.js';
import type { Settings } from '../settings.js';
import { compareText, type CertificationLevel } from './rows.js';

export type Track = '对公' | '对私';
export const TRACKS: readonly Track[] = ['对公', '对私'];
export const LEVEL_ORDER: readonly Level[] = ['助理级', '专业级', '高级'];

/** One course of a curriculum. Courses are matched by title, so a course re-run in another year or for another cohort is one requirement. */
export interface CurriculumItem {
  readonly key: string;
  readonly title: string;
}

/** Approved courses by level, track and plan year (the year of the end date). */
export interface Curriculum {
  /** [level index][track] → year → items, each title once. */
  readonly items: readonly Readonly<Record<Track, ReadonlyMap<number, readonly CurriculumItem[]>>>[];
}

const keys = new Map<string, string>();

/** Titles compared as people type them: NFKC, spaces dropped. Memoised: a plan has a few dozen titles, a year a million passes. */
export function titleKey(title: string): string {
  let key = keys.get(title);
  if (key === undefined) {
    key = plainText(title).replace(/\s+/g, '');
    if (keys.size > 10_000) keys.clear();
    keys.set(title, key);
  }
  return key;
}

/**
 * A course applies to a track when it is 通用 or of that direction; only approved courses are required.
 * Items are in plan order (start date, then id), never in sheet order.
 */
export function buildCurriculum(approved: readonly Course[]): Curriculum {
  const items = LEVEL_ORDER.map(() => ({ 对公: new Map<number, CurriculumItem[]>(), 对私: new Map<number, CurriculumItem[]>() }));
  const ordered = [...approved].sort(
    (a, b) => compareText(a.start_date, b.start_date) || compareText(a.end_date, b.end_date) || compareText(a.course_id, b.course_id),
  );
  for (const course of ordered) {
    if (course.approval !== '已批准') continue;
    const level = LEVEL_ORDER.indexOf(course.level);
    const year = Number(course.end_date.slice(0, 4));
    const key = titleKey(course.title);
    for (const track of TRACKS) {
      if (course.direction !== '通用' && course.direction !== track) continue;
      const byYear = items[level]?.[track];
      if (byYear === undefined) continue;
      const list = byYear.get(year) ?? [];
      if (!list.some((item) => item.key === key)) list.push({ key, title: course.title });
      byYear.set(year, list);
    }
  }
  return { items };
}

/** A level's curriculum for a year: that year's plan, else the latest earlier plan that has the level. */
export function curriculumOf(curriculum: Curriculum, level: number, track: Track, year: number): readonly CurriculumItem[] {
  const byYear = curriculum.items[level]?.[track];
  let best: number | undefined;
  for (const planYear of byYear?.keys() ?? []) if (planYear <= year && (best === undefined || planYear > best)) best = planYear;
  return best === undefined ? [] : (byYear?.get(best) ?? []);
}

/** A course the trainee passed: the first year it counts for and its hours. */
export interface Pass {
  readonly year: number;
  readonly hours: number;
}

export interface LevelProgress {
  /** Held because the roster puts the trainee at a higher level, whatever the sheet holds of their passes. */
  readonly credited: boolean;
  readonly reached: boolean;
  readonly passed: number;
  readonly required: number;
  /** Hours towards the level, the lower levels' included (their level hours once held). */
  readonly hours: number;
  readonly requiredHours: number;
  /** Titles of the courses still to pass, in plan order. */
  readonly missing: readonly string[];
}

export interface Certification {
  readonly level: CertificationLevel;
  readonly track: Track;
  /** 助理级, 专业级 and 高级, in that order. */
  readonly levels: readonly LevelProgress[];
}

export interface TraineeRecord {
  /** The tracks of the trainee's roster rows. */
  readonly tracks: readonly Track[];
  /** The highest roster level: the levels below it are held (a 专业级 trainee holds 助理级). */
  readonly rosterLevel: number;
  /** Passes by title key. */
  readonly passes: ReadonlyMap<string, Pass>;
}

type LevelHours = Pick<Settings, 'assistant_hours' | 'professional_hours' | 'senior_hours'>;

function levelHours(settings: LevelHours): readonly number[] {
  return [settings.assistant_hours, settings.professional_hours, settings.senior_hours];
}

/**
 * Progress on one track by the end of `year`. A level is reached when every course of it that applies
 * to the track (in that year's curriculum) is passed in that or an earlier year, and the level below is
 * held; `before` carries levels reached in earlier years, so a level once reached is kept.
 */
function trackProgress(
  curriculum: Curriculum,
  record: TraineeRecord,
  track: Track,
  year: number,
  hoursOf: readonly number[],
  before: readonly boolean[],
): LevelProgress[] {
  const levels: LevelProgress[] = [];
  let lowerHeld = true;
  let lowerHours = 0;
  LEVEL_ORDER.forEach((_level, index) => {
    const items = curriculumOf(curriculum, index, track, year);
    const counted = items
      .map((item) => record.passes.get(item.key))
      .map((pass) => (pass !== undefined && pass.year <= year ? pass : undefined));
    const passed = counted.filter((pass) => pass !== undefined).length;
    const hours = lowerHours + counted.reduce((sum, pass) => sum + (pass?.hours ?? 0), 0);
    const credited = index < record.rosterLevel;
    const complete = items.length > 0 && passed === items.length;
    const reached = credited || (lowerHeld && (complete || before[index] === true));
    levels.push({
      credited,
      reached,
      passed,
      required: items.length,
      hours,
      requiredHours: hoursOf[index] ?? 0,
      missing: items.filter((_item, i) => counted[i] === undefined).map((item) => item.title),
    });
    lowerHeld = reached;
    // A level held is credited its hours, as the curriculum says; otherwise what was passed counts, up to them.
    lowerHours = reached ? (hoursOf[index] ?? hours) : Math.min(hours, hoursOf[index] ?? hours);
  });
  return levels;
}

const NAMES: Readonly<Record<Track, readonly CertificationLevel[]>> = {
  对公: ['助理级', '专业级·对公', '高级'],
  对私: ['助理级', '专业级·对私', '高级'],
};

function highest(levels: readonly LevelProgress[], track: Track): CertificationLevel {
  let name: CertificationLevel = '';
  levels.forEach((level, index) => {
    if (level.reached) name = NAMES[track][index] ?? name;
  });
  return name;
}

/** The trainee's certification by the end of `year`, on the track that has got furthest. */
export function certify(
  curriculum: Curriculum,
  record: TraineeRecord,
  year: number,
  settings: LevelHours,
  before: ReadonlyMap<Track, readonly boolean[]>,
): Certification {
  const hoursOf = levelHours(settings);
  let best: Certification | undefined;
  for (const track of record.tracks.length === 0 ? TRACKS.slice(0, 1) : record.tracks) {
    const levels = trackProgress(curriculum, record, track, year, hoursOf, before.get(track) ?? []);
    const candidate = { level: highest(levels, track), track, levels };
    if (best === undefined || score(candidate) > score(best)) best = candidate;
  }
  return best as Certification;
}

/** Further is better: levels reached first, then courses passed. */
function score(certification: Certification): number {
  return certification.levels.reduce((sum, level) => sum + (level.reached ? 1000 : 0) + level.passed, 0);
}
