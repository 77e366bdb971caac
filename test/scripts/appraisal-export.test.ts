// export-appraisal end to end on a real workbook: the files HR gets for the sample quarter, the record that clears the mark, and the same while a server owns the workbook.
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPRAISAL_EXPORTS_TAB, APPRAISAL_TAB } from '../../sheets-templates/index.js';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import { systemClock } from '../../functions/src/adapters/system-clock.js';
import { loadConfig, type Config } from '../../functions/src/config.js';
import { readCliToken } from '../../functions/src/http/cli-token.js';
import { runRecompute } from '../../functions/src/jobs/recompute.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { exportAppraisal } from '../../scripts/appraisal-export.js';
import { APPRAISAL_WORLD } from '../fixtures/appraisal-world.js';
import { freePort } from '../fixtures/free-port.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;
let config: Config;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'appraisal-'));
  const workbook = path.join(dir, 'data', 'training.xlsx');
  await provisionWorkbook(workbook, { rows: APPRAISAL_WORLD });
  config = loadConfig({ WORKBOOK_PATH: workbook, PORT: String(await freePort()), MAILER: 'off', LOG_LEVEL: 'silent' }, dir);
  await runRecompute(new XlsxSheetStore(workbook), systemClock);
  await XlsxSheetStore.closeAll();
});

afterAll(async () => {
  await XlsxSheetStore.closeAll();
  await fs.rm(dir, { recursive: true, force: true });
});

const readTab = async (name: string) => {
  const table = (await new XlsxSheetStore(config.workbookPath).read([name])).get(name);
  return table?.rows.map((row) => row.values) ?? [];
};

// The hand computation is in test/core/appraisal/appraisal.test.ts; in short, for 2026-Q3:
// T1: 16 × 4/4 + 12 × 2/3 = 24 hours, C1 passed (优秀), bonus 1 + 2 = 3, no absence.
// T2: 16 × 2/4 + 12 × 1/3 = 12 hours, nothing passed, absences C1 #4 and C2 #1 = 2, bonus −2.
const Q3_CSV =
  '\uFEFF"考核周期 Period","学员编号 Trainee ID","姓名 Name","所属机构 Branch","培训学时 Training hours","通过课程数 Courses passed",' +
  '"优秀次数 Excellent results","绩效加分 Bonus points","无故缺勤次数 Unexcused absences"\r\n' +
  '"2026-Q3","T1","张三","城东支行",24,1,1,3,0\r\n' +
  // The branch typed as a formula gets a leading quote, and the whole field is quoted with its quotes doubled.
  '"2026-Q3","T2","李四","\'=HYPERLINK(""http://attacker.example"",""城西支行"")",12,0,0,-2,2\r\n';

describe('export-appraisal --period 2026-Q3 with no server running', () => {
  let lines: readonly string[] = [];
  let out: string;

  beforeAll(async () => {
    out = path.join(dir, 'hr');
    const summary = await exportAppraisal(config, '2026-Q3', out);
    lines = summary.lines;
    expect(summary.ok).toBe(true);
    await XlsxSheetStore.closeAll();
  });

  it('says what it wrote and that it recorded it', () => {
    expect(lines[0]).toBe('Wrote 2 rows of 2026-Q3 (2 not exported before, 0 changed since, 0 unchanged):');
    expect(lines.at(-1)).toBe('Recorded in AppraisalExports; the Appraisal tab marks these rows 已导出.');
  });

  it('writes the hand-computed figures as CSV: UTF-8 with BOM, CRLF, text quoted and formulas neutralised', async () => {
    expect(await fs.readFile(path.join(out, 'appraisal-2026-Q3.csv'), 'utf8')).toBe(Q3_CSV);
  });

  it('writes the same rows as .xlsx, numbers as numbers and the formula as plain text', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(out, 'appraisal-2026-Q3.xlsx'));
    const sheet = workbook.getWorksheet('Appraisal 2026-Q3');
    const rows = [2, 3].map((n) => (sheet?.getRow(n).values as unknown[]).slice(1));
    expect(rows).toEqual([
      ['2026-Q3', 'T1', '张三', '城东支行', 24, 1, 1, 3, 0],
      ['2026-Q3', 'T2', '李四', '=HYPERLINK("http://attacker.example","城西支行")', 12, 0, 0, -2, 2],
    ]);
    expect(sheet?.getRow(3).getCell(4).formula).toBeUndefined();
  });

  it('records one AppraisalExports row per trainee, and the recompute marks Q3 exported and Q4 not', async () => {
    expect((await readTab(APPRAISAL_EXPORTS_TAB.name)).map((row) => [row['period'], row['trainee_id'], row['fingerprint']])).toEqual([
      ['2026-Q3', 'T1', '24|1|1|3|0'],
      ['2026-Q3', 'T2', '12|0|0|-2|2'],
    ]);
    expect((await readTab(APPRAISAL_TAB.name)).map((row) => [row['period'], row['trainee_id'], row['export_mark']])).toEqual([
      ['2026-Q3', 'T1', '已导出'],
      ['2026-Q3', 'T2', '已导出'],
      ['2026-Q4', 'T1', '未导出'],
      ['2026-Q4', 'T2', '未导出'],
    ]);
  });

  it('refuses a period that does not read, in both languages', async () => {
    await expect(exportAppraisal(config, '2026-Q5', out)).rejects.toThrow(
      /考核周期“2026-Q5”无法识别.*"2026-Q5" is not an appraisal period/,
    );
  });
});

describe('npm run cli -- export-appraisal while `npm start` owns the workbook (both built, each in a process of its own)', () => {
  let server: ChildProcess;
  let base: string;
  const env = () => ({ ...process.env, WORKBOOK_PATH: config.workbookPath, PORT: String(config.port), MAILER: 'off', LOG_LEVEL: 'silent' });

  beforeAll(async () => {
    await XlsxSheetStore.closeAll();
    server = spawn(process.execPath, [path.join(ROOT, 'dist/serve.js')], { cwd: dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 20_000;
    while (!output.includes('Serving ')) {
      if (Date.now() > deadline || server.exitCode !== null) throw new Error(`the server did not come up: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    base = `http://127.0.0.1:${config.port}`;
    // The server's first write makes it the workbook's owner: from now on a write from another process is IN_USE.
    const token = await readCliToken(config);
    expect((await fetch(`${base}/recompute`, { method: 'POST', headers: { authorization: `Bearer ${token ?? ''}` } })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  });

  const cliWith = (extra: Record<string, string>, ...args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args], {
        cwd: dir,
        env: { ...env(), ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('exit', (code) => resolve({ code, out }));
    });

  const cli = (...args: string[]) => cliWith({}, ...args);

  it('refuses a plain write from the CLI (the server owns the file): recompute is IN_USE, in both languages', async () => {
    const recompute = await cli('recompute');
    expect([recompute.code, recompute.out]).toEqual([1, expect.stringMatching(/工作簿正由另一个程序写入.*is in use by another process/s)]);
  });

  it('refuses provision --force while the server owns the workbook, and leaves the workbook as it was', async () => {
    const before = await fs.readFile(config.workbookPath);
    const provision = await cli('provision', '--force');
    expect(provision.code).toBe(1);
    expect(provision.out).toMatch(/正由另一个程序使用（pid \d+, http:\/\/127\.0\.0\.1:\d+）.*stop it before provisioning again/s);
    expect(await fs.readFile(config.workbookPath)).toEqual(before);
  });

  it('reads as any reader may, writes the files, and has the server record the export', async () => {
    const run = await cli('export-appraisal', '--period', '2026-Q4', '--out', path.join(dir, 'hr'));
    expect(run.code).toBe(0);
    expect(run.out).toContain('Wrote 2 rows of 2026-Q4 (2 not exported before, 0 changed since, 0 unchanged):');
    expect(run.out).toContain('Recorded in AppraisalExports by the running server; the Appraisal tab marks these rows 已导出.');
    // T1, Q4: C2 session 3 (4 h) and C2 passed (bonus 1); T2: C2 session 3 absent (bonus −1).
    expect((await fs.readFile(path.join(dir, 'hr', 'appraisal-2026-Q4.csv'), 'utf8')).split('\r\n').slice(1, 3)).toEqual([
      '"2026-Q4","T1","张三","城东支行",4,1,0,1,0',
      '"2026-Q4","T2","李四","\'=HYPERLINK(""http://attacker.example"",""城西支行"")",0,0,0,-1,1',
    ]);
  });

  it('refuses a record whose figures are not the server’s (409), and a caller without the admin credential (401)', async () => {
    const token = await readCliToken(config);
    const post = (authorization: string) =>
      fetch(`${base}/appraisal/exports`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ period: '2026-Q3', exported_at: '2026-11-01T09:00:00+08:00', digest: '0'.repeat(64) }),
      });
    const changed = await post(`Bearer ${token ?? ''}`);
    expect([changed.status, ((await changed.json()) as { code: string }).code]).toEqual([409, 'APPRAISAL_CHANGED']);
    expect((await post('Bearer not-the-token')).status).toBe(401);
  });

  it('finds the server at the address it wrote at its start, whatever PORT the CLI was given', async () => {
    expect((await fs.readFile(path.join(dir, 'data', '.server-address'), 'utf8')).trim()).toBe(base);
    const run = await cliWith({ PORT: '1' }, 'export-appraisal', '--period', '2026-Q4', '--out', path.join(dir, 'hr-other-port'));
    expect([run.code, run.out]).toEqual([0, expect.stringContaining('Recorded in AppraisalExports by the running server')]);
  });

  it('leaves every Appraisal row marked exported once the server has saved', async () => {
    const token = await readCliToken(config);
    await fetch(`${base}/recompute`, { method: 'POST', headers: { authorization: `Bearer ${token ?? ''}` } });
    expect((await readTab(APPRAISAL_TAB.name)).map((row) => row['export_mark'])).toEqual(['已导出', '已导出', '已导出', '已导出']);
  });
});
