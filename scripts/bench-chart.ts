// Benchmark of the Summary chart image: the first render (Skia and the font loaded) and later ones, on the sample year and a large one.
import { performance } from 'node:perf_hooks';
import { summaryChartPng } from '../functions/src/adapters/chart/summary-chart-png.js';
import { fixedClock } from '../functions/src/adapters/system-clock.js';
import { SUMMARY_TAB } from '../sheets-templates/index.js';
import { sampleWorkbookRows } from '../functions/src/provision/sample-workbook.js';
import type { BenchLine } from './bench.js';
import type { RowRecord } from '../functions/src/core/table.js';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** A Summary of a large year: 60 courses, 20 branches, 40 instructors (each section shows its worst 20). */
function largeSummary(): RowRecord[] {
  const rows: RowRecord[] = [{ section: '总览', item: '全部', pass_rate: 0.87, updated_at: '2026-12-02T14:35:01+08:00' }];
  const section = (name: string, count: number, item: (i: number) => string) => {
    for (let i = 0; i < count; i += 1)
      rows.push({ section: name, item: item(i), pass_rate: Math.round((0.5 + (i / count) * 0.5) * 1e4) / 1e4 });
  };
  section('课程', 60, (i) => `C2026-${String(i + 1).padStart(2, '0')} 客户经理综合能力提升专题课程`);
  section('机构', 20, (i) => `第${i + 1}分行`);
  section('讲师', 40, (i) => `讲师${i + 1}`);
  return rows;
}

export async function benchChart(renders: number): Promise<BenchLine[]> {
  const sample = (await sampleWorkbookRows(fixedClock('2026-12-02T10:00:00+08:00'))).get(SUMMARY_TAB.name) ?? [];
  const lines: BenchLine[] = [];
  let started = performance.now();
  const first = await summaryChartPng(sample);
  lines.push({
    name: `first render, sample Summary (${sample.length} rows), loading Skia and the font`,
    value: `${(performance.now() - started).toFixed(0)} ms, ${kb(first.length)}`,
  });
  for (const [name, rows] of [
    ['sample Summary', sample],
    ['large Summary (121 rows, 61 bars)', largeSummary()],
  ] as const) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < renders; i += 1) {
      started = performance.now();
      bytes = (await summaryChartPng(rows)).length;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    lines.push({
      name: `later render, ${name}: median / worst of ${renders}`,
      value: `${(times[Math.floor(renders / 2)] ?? 0).toFixed(0)} / ${(times.at(-1) ?? 0).toFixed(0)} ms, ${kb(bytes)}`,
    });
  }
  return lines;
}
