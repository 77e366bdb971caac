// Bundles the function entry point and the command-line tools with esbuild; npm packages stay external.
import { build } from 'esbuild';

await build({
  entryPoints: {
    index: 'functions/src/index.ts',
    cli: 'scripts/cli.ts',
    bench: 'scripts/bench.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
