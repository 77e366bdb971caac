// The deploy script, run dry: every function deployed from its bundle with the settings the design needs, and an environment the functions accept.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/src/config.js';

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
