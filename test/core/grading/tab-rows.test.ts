// Derived rows as sheet records: exactly the template columns, lists comma-separated, blanks null, times without ms.
import { describe, expect, it } from 'vitest';
import { ARCHIVE_TAB, GRADES_TAB, RETAKES_TAB, SUMMARY_TAB } from '../../../sheets-templates/index.js';
import { toTabRows } from '../../../functions/src/core/grading/recompute.js';
import { attendanceFor, endedCourse, NOW, oneTraineeScenario, run, scoresFor, settingsWith } from './fixtures.js';

describe('with a pair on the Retakes list', () => {
  const result = run(
    oneTraineeScenario(
      {},
      {
        course: endedCourse({ required_components: ['exam', 'paper', 'case'] }),
        scores: scoresFor('T001', 'C01', { exam: 80 }),
        attendance: attendanceFor('T001', 'C01', ['出勤', '缺勤']),
      },
    ),
  );
  const tabs = toTabRows(result);

  it.each([GRADES_TAB, RETAKES_TAB, ARCHIVE_TAB, SUMMARY_TAB])('$name rows have exactly the template columns, in order', (tab) => {
    const rows = tabs.get(tab.name) ?? [];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Object.keys(row)).toEqual(tab.columns.map((column) => column.key));
  });

  it("writes the Grades row with blanks as null, components named in the reader's language and the reasons with their numbers", () => {
    expect(tabs.get('Grades')).toEqual([
      {
        trainee_id: 'T001',
        name: '张三',
        branch: '城东支行',
        cohort: '2026-春季班',
        course_id: 'C01',
        course_title: '对公信贷基础',
        theory: null,
        practice: null,
        total: null,
        band: null,
        attendance_rate: 0.25,
        attempt: 1,
        status: '补考',
        missing_components: '论文、案例分析',
        reasons: '缺少考核项：论文、案例分析；出勤率 25%，低于 80%',
      },
    ]);
  });

  it('writes the Retakes row with its reasons and the components to sit named, and the deadline as a date', () => {
    expect(tabs.get('Retakes')?.[0]).toMatchObject({
      reasons: '缺少考核项：论文、案例分析；出勤率 25%，低于 80%',
      components: '论文、案例分析',
      next_attempt: 2,
      deadline: '2026-07-09',
      total: null,
    });
  });

  it('writes statuses, components and reasons in English when the language is en', () => {
    const english = toTabRows(result, 'en');
    expect(english.get('Grades')?.[0]).toMatchObject({
      status: 'Retake',
      missing_components: 'Paper, Case analysis',
      reasons: 'no score for Paper, Case analysis; attendance 25%, below the required 80%',
    });
    expect(english.get('Retakes')?.[0]).toMatchObject({ components: 'Paper, Case analysis' });
  });
});

describe('with a time zone other than the one "now" was given in', () => {
  it('writes times in the settings zone, without milliseconds', () => {
    const result = run(
      oneTraineeScenario({ exam: 80, case: 80 }, { settings: settingsWith({ time_zone: 'Europe/London' }) }),
      NOW.setZone('UTC'),
    );
    const updated = toTabRows(result).get('Summary')?.[0]?.['updated_at'];
    expect(updated).toBe('2026-07-01T03:30:15+01:00');
  });
});

describe('with nothing to grade', () => {
  it('still returns every derived tab, the Summary with its headline row', () => {
    const tabs = toTabRows(run(oneTraineeScenario({}, { courses: [], roster: [] })));
    expect([...tabs.keys()]).toEqual(['Grades', 'Retakes', 'Archive', 'Summary']);
    expect(tabs.get('Summary')).toHaveLength(1);
  });
});
