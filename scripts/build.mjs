// Bundles with esbuild: the local entry, the local launcher (npm start), CLI and bench (npm packages external), and one self-contained
// deployable folder per Cloud Function under dist/functions/ (everything bundled, tree-shaken, minified, source maps).
// With --if-stale it builds only when a source is newer than the build, so `npm run cli` and `npm start` start at once.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const root = path.resolve(import.meta.dirname, '..');
/** The Node.js major the functions run on (scripts/deploy.sh deploys runtime nodejs22); the local entries build for Node 20, the oldest run locally. */
const DEPLOYED_NODE_MAJOR = 22;

/** What the bundles are made of: a change to any of these makes the build stale. */
const SOURCES = ['functions/src', 'scripts', 'sheets-templates', 'package.json', 'package-lock.json', 'tsconfig.json'];
const OUTPUTS = [
  'dist/index.js',
  'dist/cli.js',
  'dist/serve.js',
  'dist/bench.js',
  'dist/functions/training/index.js',
  'dist/functions/forms-watch/index.js',
];

async function newestSource(entry) {
  const info = await fs.stat(path.join(root, entry)).catch(() => undefined);
  if (info === undefined) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const children = await fs.readdir(path.join(root, entry));
  return Math.max(info.mtimeMs, ...(await Promise.all(children.map((child) => newestSource(path.join(entry, child))))));
}

async function isFresh() {
  const built = await Promise.all(
    OUTPUTS.map((output) =>
      fs.stat(path.join(root, output)).then(
        (info) => info.mtimeMs,
        () => 0,
      ),
    ),
  );
  const oldestOutput = Math.min(...built);
  if (oldestOutput === 0) return false;
  const newest = Math.max(...(await Promise.all(SOURCES.map(newestSource))));
  return newest < oldestOutput;
}

if (process.argv.includes('--if-stale') && (await isFresh())) process.exit(0);

const { build } = await import('esbuild');
const pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8'));

await fs.rm(path.join(root, 'dist/chunks'), { recursive: true, force: true });
await build({
  entryPoints: {
    index: 'functions/src/index.ts',
    cli: 'scripts/cli.ts',
    serve: 'scripts/serve.ts',
    bench: 'scripts/bench.ts',
  },
  absWorkingDir: root,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  // Chunks, so a command's dynamic imports (and the packages they import) load only when that command runs.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});

/**
 * Each deployed function: its name on Cloud Functions, its entry point (the name it registers) and its
 * source. The framework stays external: its launcher must find the very copy the bundle registers with.
 */
export const FUNCTIONS = [
  { name: 'training', target: 'training', entry: 'functions/src/entries/training.ts' },
  { name: 'forms-watch', target: 'formsWatch', entry: 'functions/src/entries/forms-watch.ts' },
];

for (const fn of FUNCTIONS) {
  const outdir = path.join(root, 'dist/functions', fn.name);
  await fs.rm(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { index: fn.entry },
    absWorkingDir: root,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${DEPLOYED_NODE_MAJOR}`,
    minify: true,
    sourcemap: true,
    // Adapters are imported on first use (adapters/lazy.ts): each becomes a chunk a cold start does not parse.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    // The Summary chart (Skia, a native addon, and Chart.js) is drawn only for the local workbook, never by a deployed function.
    external: ['@google-cloud/functions-framework', '@napi-rs/canvas', 'chart.js'],
    // Some bundled CommonJS packages call require() for Node built-ins, which an ES module lacks.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const manifest = {
    name: `${pkg.name}-${fn.name}`,
    version: pkg.version,
    private: true,
    type: 'module',
    main: 'index.js',
    engines: { node: `>=${DEPLOYED_NODE_MAJOR}` },
    dependencies: { '@google-cloud/functions-framework': pkg.dependencies['@google-cloud/functions-framework'] },
  };
  await fs.writeFile(path.join(outdir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // PDFs (certificates, check-in sheets) embed Noto Sans SC; a deployed folder has no node_modules, so the two TTFs travel with it.
  const fonts = path.join(outdir, 'fonts');
  await fs.mkdir(fonts, { recursive: true });
  const fontPackage = path.join(root, 'node_modules/@expo-google-fonts/noto-sans-sc');
  for (const file of ['400Regular/NotoSansSC_400Regular.ttf', '700Bold/NotoSansSC_700Bold.ttf']) {
    await fs.copyFile(path.join(fontPackage, file), path.join(fonts, path.basename(file)));
  }
  // What went into which file, for the bundle-size figures of `npm run bench` (and https://esbuild.github.io/analyze/).
  await fs.writeFile(path.join(root, 'dist/functions', `${fn.name}.meta.json`), JSON.stringify(result.metafile));
}
