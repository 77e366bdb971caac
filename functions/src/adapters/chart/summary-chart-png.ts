// Renders the Summary chart to PNG with Chart.js on a Skia canvas (@napi-rs/canvas), with a CJK font shipped as an npm package.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as ChartJs from 'chart.js';
import type { Chart as ChartType, ChartConfiguration, Plugin } from 'chart.js';
import type * as SkiaCanvas from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import { rateLabel, summaryChartModel, type BarTone, type SummaryChartModel } from '../../core/summary-chart.js';
import type { RowRecord } from '../../core/table.js';

/** The image is always this size, so the picture the workbook anchors keeps its shape when a recompute replaces it. */
export const SUMMARY_CHART_SIZE = { width: 960, height: 820 } as const;

export const CHART_FONT = 'Noto Sans SC';

const BAR_COLORS: Readonly<Record<BarTone, string>> = { bad: '#CC4125', warn: '#F1C232', good: '#6AA84F', none: '#CCCCCC' };

type ChartModule = typeof ChartJs;
type CanvasModule = typeof SkiaCanvas;

/** Chart.js types its context as the DOM's, which this Node project does not load; at run time it is Skia's. */
function skia(chart: ChartType): SKRSContext2D {
  return (chart as unknown as { readonly ctx: SKRSContext2D }).ctx;
}

interface Renderer {
  readonly Chart: ChartModule['Chart'];
  readonly createCanvas: CanvasModule['createCanvas'];
}

let renderer: Promise<Renderer> | undefined;

/** Loaded on first use: a process that never draws a chart never loads Skia or the font. */
function loadRenderer(): Promise<Renderer> {
  renderer ??= (async () => {
    const [{ Chart, registerables }, canvas] = await Promise.all([import('chart.js'), import('@napi-rs/canvas')]);
    Chart.register(...registerables);
    registerFont(canvas);
    return { Chart, createCanvas: canvas.createCanvas };
  })();
  renderer.catch(() => {
    renderer = undefined;
  });
  return renderer;
}

/** Noto Sans SC from @fontsource-variable/noto-sans-sc: ~100 WOFF2 slices of the Unicode range, which Skia reads as they are. */
function registerFont(canvas: CanvasModule): void {
  const require = createRequire(import.meta.url);
  const files = path.join(path.dirname(require.resolve('@fontsource-variable/noto-sans-sc/package.json')), 'files');
  const slices = readdirSync(files).filter((file) => file.endsWith('.woff2'));
  if (slices.length === 0) throw new Error(`no font files in ${files}`);
  for (const file of slices) canvas.GlobalFonts.registerFromPath(path.join(files, file), CHART_FONT);
}

/** Writes each bar's rate at its end, and a dash where nothing is graded yet. */
const valueLabels: Plugin<'bar'> = {
  id: 'valueLabels',
  afterDatasetsDraw(chart) {
    const ctx = skia(chart);
    const meta = chart.getDatasetMeta(0);
    const rates = (chart.data.datasets[0]?.data ?? []) as (number | null)[];
    ctx.save();
    ctx.font = `12px "${CHART_FONT}"`;
    ctx.fillStyle = '#333333';
    ctx.textBaseline = 'middle';
    meta.data.forEach((bar, i) => {
      const rate = rates[i] ?? null;
      const x = rate === null ? (chart.scales['x']?.left ?? bar.x) : bar.x;
      ctx.fillText(rateLabel(rate), x + 4, bar.y);
    });
    ctx.restore();
  },
};

/** Chart.js clears the canvas before drawing; a picture in a workbook wants a white ground, not a transparent one. */
const whiteGround: Plugin<'bar'> = {
  id: 'whiteGround',
  beforeDraw(chart) {
    const ctx = skia(chart);
    ctx.save();
    ctx.fillStyle = '#FFFFFF';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

function chartConfig(model: SummaryChartModel): ChartConfiguration<'bar', (number | null)[], string> {
  const font = { family: CHART_FONT };
  const subtitle =
    model.omitted > 0 ? `${model.subtitle} （另有 ${model.omitted} 项未列出 ${model.omitted} more not shown）` : model.subtitle;
  return {
    type: 'bar',
    data: {
      labels: model.bars.map((bar) => bar.label),
      datasets: [
        { data: model.bars.map((bar) => bar.rate), backgroundColor: model.bars.map((bar) => BAR_COLORS[bar.tone]), barPercentage: 0.8 },
      ],
    },
    options: {
      indexAxis: 'y',
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      layout: { padding: { right: 48, left: 8, top: 4, bottom: 4 } },
      plugins: {
        legend: { display: false },
        tooltip: { enabled: false },
        title: { display: true, text: model.title, font: { ...font, size: 18, weight: 'bold' } },
        subtitle: { display: subtitle !== '', text: subtitle, font: { ...font, size: 12 }, padding: { bottom: 8 } },
      },
      scales: {
        x: { min: 0, max: 1, ticks: { font, callback: (value) => `${Math.round(Number(value) * 100)}%` } },
        y: { ticks: { font: { ...font, size: 11 }, autoSkip: false } },
      },
    },
    plugins: [whiteGround, valueLabels],
  };
}

/**
 * The Summary chart as a PNG: the pass rate of every Summary row (overall, each course, branch and
 * instructor, worst first as the tab lists them), red below 60 %, amber below 80 %, green above.
 */
export async function summaryChartPng(rows: readonly RowRecord[]): Promise<Uint8Array> {
  const { Chart, createCanvas } = await loadRenderer();
  const canvas = createCanvas(SUMMARY_CHART_SIZE.width, SUMMARY_CHART_SIZE.height);
  const chart: ChartType = new Chart(canvas, chartConfig(summaryChartModel(rows)));
  try {
    return new Uint8Array(await canvas.encode('png'));
  } finally {
    chart.destroy();
  }
}
