// The Summary chart renders to a PNG of a fixed size, draws Chinese text with the packaged font, and changes with the data.
import { describe, expect, it } from 'vitest';
import { SUMMARY_CHART_SIZE, summaryChartPng } from '../../../functions/src/adapters/chart/summary-chart-png.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const rows = (item: string, rate: number) => [
  { section: '总览', item: '全部', pass_rate: 0.85, updated_at: '2026-12-02T14:35:01+08:00' },
  { section: '课程', item, pass_rate: rate, updated_at: null },
];

describe('summaryChartPng', () => {
  it('is a PNG of the fixed size the workbook anchors, with or without rows', async () => {
    for (const png of [await summaryChartPng(rows('C2026-01 银行客户经理概论', 0.9)), await summaryChartPng([])]) {
      expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(pngSize(png)).toEqual(SUMMARY_CHART_SIZE);
    }
  });

  it('draws Chinese glyphs: two labels differing in one character give two pictures (missing glyphs would draw the same boxes)', async () => {
    const a = await summaryChartPng(rows('测试课程', 0.9));
    const b = await summaryChartPng(rows('测验课程', 0.9));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('draws the same data the same way, and other rates differently', async () => {
    const a = await summaryChartPng(rows('C2026-01 银行客户经理概论', 0.9));
    expect(Buffer.from(await summaryChartPng(rows('C2026-01 银行客户经理概论', 0.9))).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(await summaryChartPng(rows('C2026-01 银行客户经理概论', 0.5))).equals(Buffer.from(a))).toBe(false);
  });
});
