// The bundles make and serve check-in: the CLI bundle writes the sample's sheet and a course's sheet whose printed QR code
// decodes to a link the training function, bundled as scripts/build.mjs deploys it and run by functions-framework, verifies.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import jsQRImport from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCheckin } from '../../functions/src/core/checkin/token.js';
import { freePort } from '../fixtures/free-port.js';
import { popplerMissing } from '../fixtures/poppler.js';

// jsQR is CommonJS with types declaring an ES default export: imported from ESM, the default is the function.
const jsQR = jsQRImport as unknown as (typeof jsQRImport)['default'];
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const BASE = 'http://192.168.1.20:18193';
/** Bundles of our own beside dist/ (so packages resolve from node_modules), which no other test rebuilds while they run. */
const bundleDir = path.join(root, 'dist', `checkin-bundle-${process.pid}`);
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const common = { absWorkingDir: root, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' } as const;
  // The CLI as `npm run cli` runs it (packages external), and the training function with the options build.mjs deploys it with.
  await build({ ...common, entryPoints: { cli: 'scripts/cli.ts' }, outdir: bundleDir, target: 'node20', packages: 'external' });
  await build({
    ...common,
    entryPoints: { index: 'functions/src/entries/training.ts' },
    outdir: path.join(bundleDir, 'training'),
    target: 'node22',
    minify: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    external: ['@google-cloud/functions-framework', '@napi-rs/canvas', 'chart.js'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'checkin-bundle-'));
  env = { ...process.env, WORKBOOK_PATH: path.join(dir, 'data/training.xlsx'), MAILER: 'off', CHECKIN_BASE_URL: BASE };
}, 120_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rm(bundleDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => run(process.execPath, [path.join(bundleDir, 'cli.js'), ...args], { cwd: dir, env });

async function firstCode(pdf: string): Promise<string | undefined> {
  const prefix = path.join(dir, `page-${path.basename(pdf)}`);
  await run('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
  const png = PNG.sync.read(await fs.readFile(`${prefix}.png`));
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data;
}

describe('check-in through the built bundles', () => {
  let link: URL;

  it('provision --sample also writes the check-in sheet of one course, signed with a key kept owner-only', async () => {
    const { stdout } = await cli('provision', '--sample');
    expect(stdout).toContain('Wrote the check-in sheet of C2026-19');
    const sheet = path.join(dir, 'data/checkin/checkin-C2026-19.pdf');
    expect((await fs.stat(sheet)).size).toBeLessThan(200 * 1024);
    expect((await fs.stat(path.join(dir, 'data/.checkin-secret'))).mode & 0o777).toBe(0o600);
  });

  it('checkin-sheet COURSE writes a sheet whose printed code decodes to a link signed with that key', async (context) => {
    if (popplerMissing) context.skip(popplerMissing);
    const out = path.join(dir, 'sheets');
    const { stdout } = await cli('checkin-sheet', 'c2026-19', '--out', out);
    expect(stdout).toMatch(/Wrote .*checkin-C2026-19\.pdf \(6 sessions, \d+ kB\)/);
    const decoded = await firstCode(path.join(out, 'checkin-C2026-19.pdf'));
    link = new URL(decoded ?? '');
    expect(`${link.origin}${link.pathname}`).toBe(`${BASE}/checkin`);
    const secret = (await fs.readFile(path.join(dir, 'data/.checkin-secret'), 'utf8')).trim();
    // Session 1 of the sample course: 2026-10-12 from 09:00.
    expect(verifyCheckin(Object.fromEntries(link.searchParams), secret, Date.parse('2026-10-12T09:10:00+08:00'))).toMatchObject({
      ok: true,
    });
  });

  it('refuses a course not in the plan with what to do', async () => {
    const failed = await cli('checkin-sheet', 'C2026-99').then(
      () => ({ stderr: '' }),
      (error: unknown) => error as { stderr: string },
    );
    expect(failed.stderr).toContain('not in the Plan tab');
  });

  describe('the deployed function bundle', () => {
    let child: ChildProcess;
    let base: string;

    beforeAll(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      child = spawn(
        path.join(root, 'node_modules/.bin/functions-framework'),
        ['--source', path.join(bundleDir, 'training'), '--target', 'training', '--port', String(port)],
        { cwd: dir, env: { ...env, LOG_LEVEL: 'silent' }, stdio: 'ignore' },
      );
      for (let tries = 0; tries < 100; tries += 1) {
        if (
          await fetch(`${base}/healthz`).then(
            (r) => r.ok,
            () => false,
          )
        )
          return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the training bundle did not start');
    }, 30_000);

    afterAll(() => {
      child.kill();
    });

    it('verifies the printed link: genuine but over (the sample session was in October), and refuses it altered', async (context) => {
      if (popplerMissing) context.skip(`the printed link is read with pdftoppm: ${popplerMissing}`);
      const page = await fetch(`${base}/checkin${link.search}`);
      expect(page.status).toBe(403);
      expect(await page.text()).toContain('本课次签到已结束');
      const altered = new URL(link);
      altered.searchParams.set('session', '2');
      const refused = await fetch(`${base}/checkin${altered.search}`);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('签到链接无效或已被改动');
    });
  });
});
