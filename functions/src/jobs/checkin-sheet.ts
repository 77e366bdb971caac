// `checkin-sheet COURSE`: read the plan and the session schedule, and write the course's printable check-in sheet (PDF).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PLAN_TAB, SESSIONS_TAB, SETTINGS_TAB } from '../../../sheets-templates/index.js';
import { checkinSheetPdf } from '../adapters/checkin/sheet-pdf.js';
import { durableWrite } from '../adapters/durable-write.js';
import { parseSchedule } from '../core/checkin/schedule.js';
import { planSheet, type CheckinSheet, type LinkMaker } from '../core/checkin/sheet.js';
import { isBroken, parsePlan, type Course } from '../core/model.js';
import { renderProblems } from '../core/problems.js';
import { parseSettings, type Settings } from '../core/settings.js';
import type { SheetStore } from '../ports.js';

export interface SheetResult {
  readonly file: string;
  readonly bytes: number;
  readonly sheet: CheckinSheet;
  /** Sessions rows that could not be used (of any course), each as `行 N：reason` in the Settings language. */
  readonly badRows: readonly string[];
}

export class CheckinSheetError extends Error {
  override readonly name = 'CheckinSheetError';
}

/** A file name for a course id: letters, digits, `.`, `_` and `-` kept, anything else `_`. */
export function sheetFileName(courseId: string): string {
  return `checkin-${courseId.replace(/[^\w.-]/g, '_')}.pdf`;
}

/** Reads Settings, Plan and Sessions once, then makes the PDF; `linkOf` is given the Settings (the zone a form link needs). */
export async function writeCheckinSheet(
  store: SheetStore,
  courseId: string,
  linkOf: (settings: Settings) => LinkMaker,
  outDir: string,
): Promise<SheetResult> {
  const tables = await store.read([SETTINGS_TAB.name, PLAN_TAB.name, SESSIONS_TAB.name]);
  const settings = parseSettings(tables.get(SETTINGS_TAB.name));
  const zone = settings.time_zone;
  const plan = parsePlan(tables.get(PLAN_TAB.name), zone).rows;
  const courses = plan.filter((row): row is Course => !isBroken(row));
  const schedule = parseSchedule(tables.get(SESSIONS_TAB.name), zone, courses);
  const sheet = planSheet(courseId, plan, schedule, settings, linkOf(settings));
  if ('problem' in sheet) {
    throw new CheckinSheetError(
      sheet.problem === 'unknown_course'
        ? `课程 ${courseId} 不在年度培训计划中 / course ${courseId} is not in the Plan tab`
        : `课程安排中没有课程 ${courseId} 的课次 / the Sessions tab schedules no session of ${courseId}; add one row per session (course, session, starts at, ends at)`,
    );
  }
  const pdf = await checkinSheetPdf(sheet);
  await fs.mkdir(outDir, { recursive: true });
  const file = path.join(outDir, sheetFileName(sheet.courseId));
  const temp = `${file}.${process.pid}.tmp`;
  await durableWrite(temp, pdf);
  await fs.rename(temp, file);
  const badRows = schedule.invalid.map((row) => {
    const reasons = renderProblems(row.problems, settings.language, SESSIONS_TAB.name).map((problem) => problem.message);
    return `${SESSIONS_TAB.name} ${settings.language === 'en' ? 'row' : '第'} ${row.rowNumber}${settings.language === 'en' ? ':' : ' 行：'} ${reasons.join('; ')}`;
  });
  return { file, bytes: pdf.length, sheet, badRows };
}
