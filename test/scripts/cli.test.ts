// The command line answers as it says: --help only helps, unknown options and commands are refused, summary --json is JSON.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { sampleRows } from '../../functions/src/provision/sample-data.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let workbook: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-'));
  workbook = path.join(dir, 'training.xlsx');
  await provisionWorkbook(workbook, { rows: sampleRows() });
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
      cwd: root,
      env: { ...process.env, WORKBOOK_PATH: workbook, MAILER: 'off' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run cli', () => {
  it.each(['provision', 'recompute', 'summary', 'send-feedback', 'renew-watches'])(
    '%s --help prints its usage and does nothing else',
    async (name) => {
      const before = await fs.stat(workbook);
      const answer = await cli(name, '--help');
      expect(answer.code).toBe(0);
      expect(answer.stdout).toContain(`Usage: npm run cli -- ${name}`);
      expect((await fs.stat(workbook)).mtimeMs).toBe(before.mtimeMs);
    },
  );

  it('help lists every command', async () => {
    const answer = await cli('help');
    expect(answer.code).toBe(0);
    for (const name of ['provision', 'recompute', 'summary', 'send-feedback', 'renew-watches'])
      expect(answer.stdout).toContain(`  ${name}`);
  });

  it.each([
    { name: 'an unknown option of summary', args: ['summary', '--jsn'], says: /summary: Unknown option '--jsn'/ },
    { name: 'an option recompute does not take', args: ['recompute', '--force'], says: /recompute: Unknown option '--force'/ },
    { name: 'a stray argument', args: ['summary', 'now'], says: /summary: Unexpected argument 'now'/ },
    { name: 'an unknown command', args: ['regrade'], says: /Unknown command "regrade"/ },
    { name: 'a bad --limit', args: ['send-feedback', '--limit', 'ten'], says: /--limit must be a positive whole number/ },
  ])('refuses $name with exit code 2', async ({ args, says }) => {
    const answer = await cli(...args);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toMatch(says);
  });

  it('summary --json prints the Summary rows as JSON', async () => {
    const answer = await cli('summary', '--json');
    expect(answer.code).toBe(0);
    const parsed = JSON.parse(answer.stdout) as {
      summary: { section: string; item: string; pass_rate: number | null }[];
      invalid_source_rows: number;
    };
    expect(parsed.summary[0]).toMatchObject({ item: '全部' });
    expect(parsed.summary.length).toBeGreaterThan(10);
    expect(parsed.invalid_source_rows).toBe(0);
  });

  it('summary prints the headline table', async () => {
    const answer = await cli('summary');
    expect(answer.code).toBe(0);
    expect(answer.stdout).toContain('通过率');
  });
});
