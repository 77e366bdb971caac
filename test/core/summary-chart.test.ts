// What the Summary chart shows: every Summary row as a bar in the tab's order, coloured by pass rate, with the headline's time.
import { describe, expect, it } from 'vitest';
import { MAX_BARS_PER_SECTION, barTone, rateLabel, summaryChartModel } from '../../functions/src/core/summary-chart.js';

const row = (section: string, item: string, pass_rate: number | null, updated_at: string | null = null) => ({
  section,
  item,
  pass_rate,
  updated_at,
});

describe('barTone', () => {
  it.each([
    { name: 'nothing graded', rate: null, tone: 'none' },
    { name: 'zero', rate: 0, tone: 'bad' },
    { name: 'just under 60 %', rate: 0.5999, tone: 'bad' },
    { name: '60 %', rate: 0.6, tone: 'warn' },
    { name: 'just under 80 %', rate: 0.7999, tone: 'warn' },
    { name: '80 %', rate: 0.8, tone: 'good' },
    { name: 'all passed', rate: 1, tone: 'good' },
  ] as const)('$name is $tone', ({ rate, tone }) => {
    expect(barTone(rate)).toBe(tone);
  });
});

describe('rateLabel', () => {
  it.each([
    { rate: 0.8538, label: '85.4%' },
    { rate: 1, label: '100.0%' },
    { rate: 0, label: '0.0%' },
    { rate: 0.77775, label: '77.8%' },
    { rate: null, label: '—' },
  ])('$rate is $label', ({ rate, label }) => {
    expect(rateLabel(rate)).toBe(label);
  });
});

describe('summaryChartModel', () => {
  it('with no rows says there is nothing yet', () => {
    expect(summaryChartModel([])).toEqual({
      title: '通过率 Pass rate',
      subtitle: '尚无数据，重算后显示 No data yet: shown after a recompute',
      bars: [],
      omitted: 0,
    });
  });

  it('with a year keeps the tab order, labels each bar with its section and dates it by the headline', () => {
    const model = summaryChartModel([
      row('总览', '全部', 0.8538, '2026-12-02T14:35:01+08:00'),
      row('课程', 'C2026-19 客户经理营销技能实训', 0),
      row('课程', 'C2026-14 数字化营销工具应用', null),
      row('机构', '北京分行', 0.7667),
    ]);
    expect(model.subtitle).toBe('更新时间 Updated at 2026-12-02 14:35');
    expect(model.bars).toEqual([
      { label: '总览｜全部', rate: 0.8538, tone: 'good' },
      { label: '课程｜C2026-19 客户经理营销技能实训', rate: 0, tone: 'bad' },
      { label: '课程｜C2026-14 数字化营销工具应用', rate: null, tone: 'none' },
      { label: '机构｜北京分行', rate: 0.7667, tone: 'warn' },
    ]);
  });

  it('with a large section shows its worst rows and counts the rest', () => {
    const courses = Array.from({ length: MAX_BARS_PER_SECTION + 3 }, (_, i) => row('课程', `C${i}`, i / 100));
    const model = summaryChartModel([row('总览', '全部', 0.9, '2026-12-02T14:35:01+08:00'), ...courses]);
    expect(model.bars).toHaveLength(MAX_BARS_PER_SECTION + 1);
    expect(model.bars.at(-1)?.label).toBe(`课程｜C${MAX_BARS_PER_SECTION - 1}`);
    expect(model.omitted).toBe(3);
  });
});
