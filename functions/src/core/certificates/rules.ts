// Which certificates the results call for: a course passed (结业证书), an excellent result (优秀学员荣誉证书), a certification level reached.
import type { CertificateKindCode } from '../../../../sheets-templates/index.js';
import { pairKey } from '../grading/holds.js';
import type { RecomputeResult, SourceData } from '../grading/recompute.js';
import { compareText, type GradeRow } from '../grading/rows.js';

/** The stored kind of each kind code, as the Certificates tab's dropdown holds it. */
export const KIND_VALUES: Readonly<Record<CertificateKindCode, string>> = {
  completion: '结业证书',
  excellent: '优秀学员荣誉证书',
  level: '认证证书',
};

export function kindCodeOf(value: string): CertificateKindCode | undefined {
  return (Object.keys(KIND_VALUES) as CertificateKindCode[]).find((code) => KIND_VALUES[code] === value);
}

/** A certificate the results call for; issued once, under its identity. */
export interface DueCertificate {
  /** kind, trainee and course (or level): one certificate per identity, ever. */
  readonly identity: string;
  readonly kindCode: CertificateKindCode;
  readonly kind: string;
  readonly trainee_id: string;
  readonly name: string;
  /** Blank for a certification level. */
  readonly course_id: string;
  /** The course title or the level name. */
  readonly subject: string;
  /** The course whose result e-mail carries the certificate: the course itself, or for a level the pass that completed it. */
  readonly basis_course: string;
}

export function certificateIdentity(kind: string, traineeId: string, courseId: string, subject: string): string {
  return [kind, traineeId, courseId === '' ? subject : courseId].join('\u0000');
}

const PASSED = new Set(['通过', '优秀']);

function due(
  kindCode: CertificateKindCode,
  grade: Pick<GradeRow, 'trainee_id' | 'name'>,
  courseId: string,
  subject: string,
  basis: string,
) {
  const kind = KIND_VALUES[kindCode];
  return {
    identity: certificateIdentity(kind, grade.trainee_id, courseId, subject),
    kindCode,
    kind,
    trainee_id: grade.trainee_id,
    name: grade.name,
    course_id: courseId,
    subject,
    basis_course: basis,
  } satisfies DueCertificate;
}

/**
 * Every certificate the current results call for, in a stable order (trainee, then kind, then course or
 * level). None while grading is blocked; none for a result held back by a doubtful row (its e-mail waits
 * too). A level the roster credits (held before this system knew the trainee) has no certificate here.
 */
export function dueCertificates(result: RecomputeResult, source: SourceData): DueCertificate[] {
  if (result.blocked.length > 0) return [];
  const endOf = new Map(source.courses.map((course) => [course.course_id, course.end_date]));
  const passes = result.grades.filter((grade) => PASSED.has(grade.status) && !result.held.has(pairKey(grade.trainee_id, grade.course_id)));
  const certificates: DueCertificate[] = [];
  for (const grade of passes) {
    certificates.push(due('completion', grade, grade.course_id, grade.course_title, grade.course_id));
    if (grade.status === '优秀') certificates.push(due('excellent', grade, grade.course_id, grade.course_title, grade.course_id));
  }
  const byTrainee = new Map<string, GradeRow[]>();
  for (const grade of passes) byTrainee.set(grade.trainee_id, [...(byTrainee.get(grade.trainee_id) ?? []), grade]);
  const seen = new Set<string>();
  const archive = [...result.archive].sort((a, b) => a.year - b.year);
  for (const row of archive) {
    row.certification.levels.forEach((level, index) => {
      if (!level.reached || level.credited) return;
      const name = levelName(index, row.certification.track);
      const basis = basisCourse(byTrainee.get(row.trainee_id) ?? [], endOf, row.year);
      const identity = certificateIdentity(KIND_VALUES.level, row.trainee_id, '', name);
      if (basis === undefined || seen.has(identity)) return;
      seen.add(identity);
      certificates.push(due('level', row, '', name, basis));
    });
  }
  const order: Readonly<Record<CertificateKindCode, number>> = { completion: 0, excellent: 1, level: 2 };
  return certificates.sort(
    (a, b) =>
      compareText(a.trainee_id, b.trainee_id) ||
      order[a.kindCode] - order[b.kindCode] ||
      compareText(a.course_id, b.course_id) ||
      compareText(a.subject, b.subject),
  );
}

const LEVEL_NAMES = ['助理级', '专业级', '高级'] as const;

function levelName(index: number, track: string): string {
  const base = LEVEL_NAMES[index] ?? '';
  return base === '专业级' ? `${base}·${track}` : base;
}

/** The latest-ending course passed by the end of `year`: the pass that completed the level (ties by course id). */
function basisCourse(passes: readonly GradeRow[], endOf: ReadonlyMap<string, string>, year: number): string | undefined {
  let best: { id: string; end: string } | undefined;
  for (const grade of passes) {
    const end = endOf.get(grade.course_id) ?? '';
    if (end === '' || Number(end.slice(0, 4)) > year) continue;
    if (best === undefined || compareText(end, best.end) > 0 || (end === best.end && compareText(grade.course_id, best.id) > 0)) {
      best = { id: grade.course_id, end };
    }
  }
  return best?.id;
}
