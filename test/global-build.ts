// Builds dist/ once before any test file runs: tests that start the built launcher or CLI share it, and none rebuilds it
// under another's running server (a rebuild removes dist/chunks, which a running server still loads lazily).
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' });
}
