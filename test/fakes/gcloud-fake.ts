// A fake `gcloud` (and `npm`) on PATH for the deploy script: records every call, knows which resources exist, refuses flags gcloud refuses.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The flags of the Cloud Scheduler commands the deploy script runs, from `gcloud scheduler jobs create http --help`
 * and `… update http --help`: `update` has no --headers (it has --update-headers, --remove-headers, --clear-headers).
 */
export const SCHEDULER_FLAGS: Readonly<Record<'create' | 'update', readonly string[]>> = {
  create: [
    'project',
    'location',
    'schedule',
    'uri',
    'attempt-deadline',
    'description',
    'headers',
    'http-method',
    'max-backoff',
    'max-doublings',
    'max-retry-attempts',
    'max-retry-duration',
    'min-backoff',
    'time-zone',
    'message-body',
    'message-body-from-file',
    'oauth-service-account-email',
    'oauth-token-scope',
    'oidc-service-account-email',
    'oidc-token-audience',
  ],
  update: [
    'project',
    'location',
    'attempt-deadline',
    'description',
    'http-method',
    'schedule',
    'uri',
    'clear-auth-token',
    'oauth-service-account-email',
    'oauth-token-scope',
    'oidc-service-account-email',
    'oidc-token-audience',
    'clear-headers',
    'remove-headers',
    'update-headers',
    'clear-max-backoff',
    'max-backoff',
    'clear-max-doublings',
    'max-doublings',
    'clear-max-retry-attempts',
    'max-retry-attempts',
    'clear-max-retry-duration',
    'max-retry-duration',
    'clear-message-body',
    'message-body',
    'message-body-from-file',
    'clear-min-backoff',
    'min-backoff',
    'clear-time-zone',
    'time-zone',
  ],
};

/** Runtimes `gcloud functions deploy` still accepts for new deployments and updates (Node.js 20 was decommissioned on 2026-10-30). */
export const DEPLOYABLE_RUNTIMES = ['nodejs22', 'nodejs24'] as const;

export interface FakeGcloud {
  /** Directory to put first on PATH. */
  readonly bin: string;
  /** Every gcloud (and npm) call so far, as its arguments. */
  calls(): Promise<string[][]>;
  remove(): Promise<void>;
}

/** The fake, in plain Node so the script runs it as any executable on PATH. */
function script(log: string, existing: readonly string[]): string {
  return `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify([require('node:path').basename(process.argv[1]), ...args]) + '\\n');
if (require('node:path').basename(process.argv[1]) === 'npm') process.exit(0);
const existing = ${JSON.stringify(existing)};
const words = args.filter((arg) => !arg.startsWith('--'));
const fail = (text) => { process.stderr.write('ERROR: ' + text + '\\n'); process.exit(2); };
if (words.includes('describe')) {
  const at = words.indexOf('describe');
  const resource = [...words.slice(0, at), words[at + 1]].join(' ');
  if (existing.includes(resource)) { process.stdout.write('name: ' + words[at + 1] + '\\n'); process.exit(0); }
  fail('(gcloud.' + words.slice(0, at + 1).join('.') + ') NOT_FOUND: ' + resource);
}
if (words[0] === 'scheduler' && words[1] === 'jobs' && (words[2] === 'create' || words[2] === 'update') && words[3] === 'http') {
  const allowed = ${JSON.stringify(SCHEDULER_FLAGS)}[words[2]];
  const unknown = args.filter((arg) => arg.startsWith('--') && !allowed.includes(arg.slice(2).split('=')[0]));
  if (unknown.length > 0) fail('(gcloud.scheduler.jobs.' + words[2] + '.http) unrecognized arguments: ' + unknown.join(' '));
  const name = 'scheduler jobs ' + words[4];
  if (words[2] === 'create' && existing.includes(name)) fail('(gcloud.scheduler.jobs.create.http) ALREADY_EXISTS: Job ' + words[4] + ' already exists.');
  if (words[2] === 'update' && !existing.includes(name)) fail('(gcloud.scheduler.jobs.update.http) NOT_FOUND: Job not found.');
}
if (words[0] === 'functions' && words[1] === 'deploy') {
  const runtime = (args.find((arg) => arg.startsWith('--runtime=')) || '').slice('--runtime='.length);
  if (!${JSON.stringify(DEPLOYABLE_RUNTIMES)}.includes(runtime))
    fail('(gcloud.functions.deploy) INVALID_ARGUMENT: Runtime "' + runtime + '" is decommissioned or unknown; choose one of ${DEPLOYABLE_RUNTIMES.join(', ')}.');
}
process.exit(0);
`;
}

/** A fresh fake on its own directory; `existing` lists resources as "<group> <kind> <name>", e.g. "scheduler jobs training-recompute". */
export async function fakeGcloud(existing: readonly string[] = []): Promise<FakeGcloud> {
  const bin = await fs.mkdtemp(path.join(os.tmpdir(), 'fake-gcloud-'));
  const log = path.join(bin, 'calls.jsonl');
  await fs.writeFile(log, '');
  for (const name of ['gcloud', 'npm']) {
    await fs.writeFile(path.join(bin, name), script(log, existing), { mode: 0o755 });
  }
  return {
    bin,
    calls: async () =>
      (await fs.readFile(log, 'utf8'))
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as string[]),
    remove: () => fs.rm(bin, { recursive: true, force: true }),
  };
}
