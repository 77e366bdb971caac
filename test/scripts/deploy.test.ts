// The deploy script, dry and against a fake gcloud: every function from its bundle on Node.js 22, an environment the functions accept, and a second run that updates.
import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/src/config.js';
import { fakeGcloud } from '../fakes/gcloud-fake.js';

const script = path.join(import.meta.dirname, '../../scripts/deploy.sh');
const env = {
  PROJECT: 'bank-training',
  SPREADSHEET_ID: '1AbCdEfGhIjKlMnOp_qrs',
  MAIL_FROM: '培训中心 <training@bank.example>',
  SUBMIT_TOKEN: 'secret-token-0123456789abc',
};
const dryRun = (extra: Record<string, string> = {}) =>
  execFileSync('bash', [script, '--dry-run'], { env: { PATH: process.env['PATH'], ...env, ...extra }, encoding: 'utf8' });

/** The environment the dry run prints for one function, as the variables it will see. */
function environmentOf(output: string, name: string): Record<string, string> {
  const block = output.split(`  environment of ${name}:\n`)[1]?.split(/\n(?! {4})/)[0] ?? '';
  return Object.fromEntries(
    block
      .split('\n')
      .map((line) => /^ {4}([A-Z_]+): (".*")$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => [m[1] ?? '', JSON.parse(m[2] ?? '""') as string]),
  );
}

describe('the deploy script, dry', () => {
  const output = dryRun();
  const commands = output.split('\n').filter((line) => line.startsWith('+ '));

  it('deploys each function from its own bundle, the jobs and the watch serialized', () => {
    const deploy = (name: string) => commands.find((line) => line.startsWith(`+ gcloud functions deploy ${name} `)) ?? '';
    expect(deploy('training')).toContain('--source=dist/functions/training --entry-point=training --trigger-http --allow-unauthenticated');
    expect(deploy('training-jobs')).toMatch(/--no-allow-unauthenticated.*--timeout=540s --concurrency=1 --max-instances=1/);
    expect(deploy('forms-watch')).toMatch(
      /--source=dist\/functions\/forms-watch --entry-point=formsWatch --trigger-topic=forms-watch --retry.*--concurrency=1 --max-instances=1/,
    );
    expect(commands.indexOf('+ npm run build')).toBeLessThan(commands.findIndex((line) => line.includes('functions deploy')));
  });

  it('schedules recompute, feedback and watch renewal with identity tokens for the jobs function', () => {
    const jobs = commands.filter((line) => line.startsWith('+ gcloud scheduler jobs create http'));
    expect(jobs.map((line) => /--uri=(\S+)/.exec(line)?.[1])).toEqual([
      'https://asia-east2-bank-training.cloudfunctions.net/training-jobs/recompute',
      'https://asia-east2-bank-training.cloudfunctions.net/training-jobs/feedback/send',
      'https://asia-east2-bank-training.cloudfunctions.net/training-jobs/watches/renew',
    ]);
    for (const job of jobs) expect(job).toContain('--oidc-service-account-email=training-fn@bank-training.iam.gserviceaccount.com');
  });

  it.each(['training', 'jobs', 'forms-watch'])('gives %s an environment its configuration accepts', (name) => {
    const variables = environmentOf(output, name);
    expect(variables['SUBMIT_TOKEN']).toBe('***');
    const config = loadConfig({ ...variables, SUBMIT_TOKEN: env.SUBMIT_TOKEN });
    expect(config).toMatchObject({
      store: 'sheets',
      spreadsheetId: env.SPREADSHEET_ID,
      recomputeOnSubmit: 'off',
      mail: { from: { name: '培训中心', address: 'training@bank.example' } },
    });
  });

  it('sends e-mail only from the jobs function, which accepts Cloud Scheduler’s tokens', () => {
    expect(loadConfig({ ...environmentOf(output, 'jobs'), SUBMIT_TOKEN: env.SUBMIT_TOKEN })).toMatchObject({
      mail: { mailer: 'gmail', afterRecompute: false, limits: { timeBudgetMs: 480_000 } },
      idTokenAudiences: ['https://asia-east2-bank-training.cloudfunctions.net/training-jobs'],
      allowedInvokers: ['training-fn@bank-training.iam.gserviceaccount.com'],
      formsWatchTopic: 'projects/bank-training/topics/forms-watch',
    });
    expect(environmentOf(output, 'training')['MAILER']).toBe('off');
  });

  it('refuses to deploy a public submission URL that checks nobody', () => {
    const result = spawnSync('bash', [script, '--dry-run'], {
      env: { PATH: process.env['PATH'], ...env, SUBMIT_TOKEN: '' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Set SUBMIT_TOKEN');
  });
});

describe('the deploy script with certificates and QR check-in', () => {
  const secrets = {
    CERTIFICATE_SECRET: 'cert+key/0123456789abcdefghijklmnopqrstuvwxyz==',
    CERTIFICATES_DRIVE_FOLDER_ID: '1CertFolder_0123-abc',
    CHECKIN_SECRET: 'checkin+key/0123456789abcdefghijklmnopqrstuvw=',
  };
  const output = dryRun(secrets);
  /** What the function sees on Google: its environment with the masked values put back, and K_SERVICE set. */
  const configOf = (name: string) => {
    const variables = environmentOf(output, name);
    const unmasked = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => [
        key,
        value === '***' ? ({ ...env, ...secrets } as Record<string, string>)[key] : value,
      ]),
    );
    return loadConfig({ ...unmasked, K_SERVICE: name });
  };

  it('gives training the check-in key and the certificates’ key and folder (it serves /checkin and /certificates/*)', () => {
    const config = configOf('training');
    expect(config.checkin.secret).toBe(secrets.CHECKIN_SECRET);
    expect(config.certificates).toMatchObject({ secret: secrets.CERTIFICATE_SECRET, driveFolderId: secrets.CERTIFICATES_DRIVE_FOLDER_ID });
  });

  it('gives training-jobs the certificates’ key and folder (it issues them and attaches them to the e-mails)', () => {
    const config = configOf('jobs');
    expect(config.certificates).toMatchObject({ secret: secrets.CERTIFICATE_SECRET, driveFolderId: secrets.CERTIFICATES_DRIVE_FOLDER_ID });
    expect(config.checkin.secret).toBeUndefined();
  });

  it('gives forms-watch the check-in key (it verifies the codes of attendance answers)', () => {
    const config = configOf('forms-watch');
    expect(config.checkin.secret).toBe(secrets.CHECKIN_SECRET);
    expect(config.certificates.secret).toBeUndefined();
  });

  it('masks every secret in the dry run and says both features are on', () => {
    expect(environmentOf(output, 'training')).toMatchObject({ CERTIFICATE_SECRET: '***', CHECKIN_SECRET: '***', SUBMIT_TOKEN: '***' });
    for (const secret of [secrets.CERTIFICATE_SECRET, secrets.CHECKIN_SECRET, env.SUBMIT_TOKEN]) expect(output).not.toContain(secret);
    expect(output).toContain(`Certificates are on: issued into Drive folder ${secrets.CERTIFICATES_DRIVE_FOLDER_ID}.`);
    expect(output).toContain('QR check-in is on.');
  });

  it('without them, deploys with both features off and says so, inventing no key', () => {
    const plain = dryRun();
    expect(plain).toContain('Certificates are off: set CERTIFICATE_SECRET (openssl rand -base64 48) and CERTIFICATES_DRIVE_FOLDER_ID');
    expect(plain).toContain('QR check-in is off: set CHECKIN_SECRET (openssl rand -base64 48)');
    for (const name of ['training', 'jobs', 'forms-watch']) {
      expect(Object.keys(environmentOf(plain, name)).filter((key) => /CERTIFICATE|CHECKIN/.test(key))).toEqual([]);
    }
  });

  const refused = (extra: Record<string, string>) =>
    spawnSync('bash', [script, '--dry-run'], { env: { PATH: process.env['PATH'], ...env, ...extra }, encoding: 'utf8' });

  it.each([
    [
      'a short certificate key',
      { ...secrets, CERTIFICATE_SECRET: 'short-key-0123456789' },
      'CERTIFICATE_SECRET is 20 characters; it must be at least 32',
    ],
    ['a short check-in key', { CHECKIN_SECRET: 'x'.repeat(31) }, 'CHECKIN_SECRET is 31 characters; it must be at least 32'],
    ['a short submit token', { SUBMIT_TOKEN: 'too-short' }, 'SUBMIT_TOKEN is 9 characters; it must be at least 16'],
    ['a folder without its key', { CERTIFICATES_DRIVE_FOLDER_ID: secrets.CERTIFICATES_DRIVE_FOLDER_ID }, 'CERTIFICATE_SECRET is not'],
    ['a key without its folder', { CERTIFICATE_SECRET: secrets.CERTIFICATE_SECRET }, 'CERTIFICATES_DRIVE_FOLDER_ID is not'],
    [
      'a folder URL instead of its id',
      { ...secrets, CERTIFICATES_DRIVE_FOLDER_ID: 'https://drive.google.com/drive/folders/1abc' },
      'the part of the folder URL after /folders/',
    ],
  ])('refuses %s before running anything, saying what to do', (_name, extra, message) => {
    const result = refused(extra);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).not.toContain('+ gcloud');
  });

  it('says how to make a key when one is too short', () => {
    expect(refused({ CHECKIN_SECRET: 'x'.repeat(10) }).stderr).toContain('openssl rand -base64 48');
  });
});

describe('the deploy script, run against a fake gcloud', () => {
  const deploy = async (existing: readonly string[]) => {
    const gcloud = await fakeGcloud(existing);
    try {
      const result = spawnSync('bash', [script], {
        env: { PATH: `${gcloud.bin}:${process.env['PATH'] ?? ''}`, ...env },
        encoding: 'utf8',
      });
      return { ...result, calls: (await gcloud.calls()).map((call) => call.join(' ')) };
    } finally {
      await gcloud.remove();
    }
  };
  const EVERYTHING = [
    'iam service-accounts training-fn@bank-training.iam.gserviceaccount.com',
    'pubsub topics forms-watch',
    'scheduler jobs training-recompute',
    'scheduler jobs training-feedback',
    'scheduler jobs training-watches',
  ];

  it('on a new project creates the account, the topic and the jobs, and deploys on Node.js 22', async () => {
    const run = await deploy([]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.calls.filter((call) => call.startsWith('gcloud iam service-accounts create'))).toHaveLength(1);
    expect(run.calls.filter((call) => call.startsWith('gcloud scheduler jobs create http'))).toHaveLength(3);
    const deploys = run.calls.filter((call) => call.startsWith('gcloud functions deploy'));
    expect(deploys).toHaveLength(3);
    for (const call of deploys) expect(call).toContain('--runtime=nodejs22');
  });

  it('run again, updates the existing jobs with --update-headers and creates nothing', async () => {
    const run = await deploy(EVERYTHING);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.calls.filter((call) => / create( |$)/.test(call))).toEqual([]);
    const updates = run.calls.filter((call) => call.startsWith('gcloud scheduler jobs update http'));
    expect(updates).toHaveLength(3);
    for (const call of updates) {
      expect(call).toContain('--update-headers=Content-Type=application/json');
      expect(call).not.toContain('--headers=');
    }
  });

  it('has a fake that refuses what gcloud refuses: --headers on update, a decommissioned runtime, a job created twice', async () => {
    const gcloud = await fakeGcloud(['scheduler jobs training-recompute']);
    try {
      const fake = (...args: string[]) => spawnSync(path.join(gcloud.bin, 'gcloud'), args, { encoding: 'utf8' });
      const update = fake('scheduler', 'jobs', 'update', 'http', 'training-recompute', '--location=asia-east2', '--headers=A=b');
      expect(update.status).toBe(2);
      expect(update.stderr).toContain('unrecognized arguments: --headers=A=b');
      expect(fake('scheduler', 'jobs', 'create', 'http', 'training-recompute', '--location=asia-east2').stderr).toContain('ALREADY_EXISTS');
      expect(fake('functions', 'deploy', 'training', '--gen2', '--runtime=nodejs20').stderr).toContain('decommissioned');
      expect(fake('scheduler', 'jobs', 'describe', 'training-feedback', '--location=asia-east2').status).toBe(2);
      expect(fake('scheduler', 'jobs', 'describe', 'training-recompute', '--location=asia-east2').status).toBe(0);
    } finally {
      await gcloud.remove();
    }
  });
});

describe('the runtime', () => {
  it('is the one the function bundles are built for', async () => {
    const build = await fs.readFile(path.join(import.meta.dirname, '../../scripts/build.mjs'), 'utf8');
    const major = /const DEPLOYED_NODE_MAJOR = (\d+);/.exec(build)?.[1];
    const runtimes = new Set([...dryRun().matchAll(/--runtime=(\S+)/g)].map((m) => m[1]));
    expect([...runtimes]).toEqual([`nodejs${major ?? '?'}`]);
  });
});
