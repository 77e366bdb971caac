// Benchmark of the command line's start: time from launch to its first output, for help and for summary on the sample workbook.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fixedClock } from '../functions/src/adapters/system-clock.js';
import { provisionWorkbook } from '../functions/src/provision/workbook.js';
import { sampleWorkbookRows } from '../functions/src/provision/sample-workbook.js';
import type { BenchLine } from './bench.js';

/** Milliseconds from spawning `command` to its first byte on stdout, and to its exit. */
function firstOutput(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ first: number; exit: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first = Number.NaN;
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', () => {
      first = performance.now() - started;
    });
    child.stdout.resume();
    child.on('error', reject);
    child.on('exit', () => resolve({ first, exit: performance.now() - started }));
  });
}

export async function benchCli(runs: number): Promise<BenchLine[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-cli-'));
  try {
    const workbook = path.join(dir, 'training.xlsx');
    const clock = fixedClock('2026-12-02T10:00:00+08:00');
    await provisionWorkbook(workbook, { rows: await sampleWorkbookRows(clock) });
    const env = { ...process.env, WORKBOOK_PATH: workbook, MAILER: 'off' };
    const lines: BenchLine[] = [];
    for (const [name, command, args] of [
      ['node dist/cli.js help', process.execPath, ['dist/cli.js', 'help']],
      ['node dist/cli.js summary (sample workbook)', process.execPath, ['dist/cli.js', 'summary']],
      ['npm run cli -- summary (sample workbook, build fresh)', 'npm', ['run', '--silent', 'cli', '--', 'summary']],
    ] as const) {
      const firsts: number[] = [];
      for (let i = 0; i < runs; i += 1) firsts.push((await firstOutput(command, args, env)).first);
      firsts.sort((a, b) => a - b);
      lines.push({
        name: `${name}: first output, median / worst of ${runs}`,
        value: `${(firsts[Math.floor(runs / 2)] ?? 0).toFixed(0)} / ${(firsts.at(-1) ?? 0).toFixed(0)} ms`,
      });
    }
    return lines;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
