// Command line for training staff and operators: provision the workbook, recompute, print the summary, send feedback, renew Forms watches.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../functions/src/config.js';
import { loadDotEnv } from '../functions/src/env-file.js';
import { provisionWorkbook } from '../functions/src/provision/workbook.js';
import { runGoogleProvision } from '../functions/src/provision/google/provision-command.js';
import { systemClock } from '../functions/src/adapters/system-clock.js';
import { feedbackDeps, mailerFor, storeFor } from '../functions/src/app.js';
import { jsonLogger } from '../functions/src/adapters/json-logger.js';
import { runFeedback } from '../functions/src/jobs/feedback.js';
import { recompute } from '../functions/src/core/grading/recompute.js';
import { readSourceRows, SOURCE_TAB_NAMES } from '../functions/src/core/source-data.js';
import { runRecompute } from '../functions/src/jobs/recompute.js';
import { formsApi } from '../functions/src/adapters/google/forms-api.js';
import { formsClient } from '../functions/src/adapters/google/forms-client.js';
import { runRenewWatches } from '../functions/src/jobs/renew-watches.js';
import { sampleRows } from '../functions/src/provision/sample-data.js';
import { sampleWorkbookRows } from '../functions/src/provision/sample-workbook.js';
import { summaryReport } from './summary-report.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  provision [--sample] [--force] [--if-absent]
      Create the workbook at WORKBOOK_PATH (default data/training.xlsx) from sheets-templates/.
      --sample     fill it with a realistic year of plan, roster, attendance, scores and evaluations
      --force      replace an existing workbook (it is overwritten!)
      --if-absent  do nothing, successfully, when the workbook exists

  provision --google [--share someone@company.com] [--sample]
      Create the Google spreadsheet (or, with SPREADSHEET_ID set, upgrade it in place, keeping every row)
      and one Google Form per submission kind, listed in its Forms tab. Running it again changes nothing.
      --share      share the spreadsheet and the forms with that person as editor
      --sample     also fill the empty source tabs with the sample year

  recompute
      Recompute Grades, Retakes, Summary, Archive and the sheet-row part of Rejected from the source tabs.

  summary
      Print the leaders' headline figures and the per-course table, computed from the source tabs now.

  send-feedback [--dry-run] [--now] [--limit N]
      E-mail results, retake notices, congratulations and the leaders' digest that are due, through
      MAILER (default: .eml files in data/outbox/). Every message is recorded in FeedbackLog and never
      sent twice; failed ones are retried on later runs.
      --dry-run  print what would be sent; send nothing, write nothing
      --now      do not wait for feedback_hold_minutes (results still being typed in may change!)
      --limit N  send at most N messages

  renew-watches
      For every form in the Forms tab, renew its Forms API watch when it expires within 48 hours, or create
      one on FORMS_WATCH_TOPIC; records watch_id and watch_expires_at. Same as POST /watches/renew (daily, Cloud Scheduler).
`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  loadDotEnv();
  const config = loadConfig();
  switch (command) {
    case 'provision': {
      const { values } = parseArgs({
        args: [...rest],
        options: {
          sample: { type: 'boolean', default: false },
          force: { type: 'boolean', default: false },
          'if-absent': { type: 'boolean', default: false },
          google: { type: 'boolean', default: false },
          share: { type: 'string' },
        },
      });
      if (values.google) {
        if (values.force || values['if-absent'])
          throw new Error('--force and --if-absent are for the local workbook; provision --google never replaces anything.');
        await runGoogleProvision(
          config,
          { ...(values.sample ? { sample: sampleRows() } : {}), ...(values.share === undefined ? {} : { share: values.share }) },
          systemClock,
          console.log,
        );
        return 0;
      }
      if (values.share !== undefined) throw new Error('--share is for provision --google.');
      const result = await provisionWorkbook(config.workbookPath, {
        force: values.force,
        ...(values.sample ? { rows: await sampleWorkbookRows(systemClock) } : {}),
      });
      if (result.created) {
        console.log(`Created ${result.file}${values.sample ? ' with sample data' : ''}.`);
        return 0;
      }
      if (values['if-absent']) {
        console.log(`Using the existing workbook ${result.file}.`);
        return 0;
      }
      console.error(`${result.file} already exists; pass --force to replace it (its data will be lost).`);
      return 1;
    }
    case 'recompute': {
      const started = performance.now();
      const report = await runRecompute(storeFor(config), systemClock);
      console.log(
        `Recomputed ${config.store === 'sheets' ? `spreadsheet ${config.spreadsheetId ?? ''}` : config.workbookPath} in ${Math.round(performance.now() - started)} ms: ` +
          `${report.grades} grades, ${report.retakes} retakes, ${report.archive} archive rows, ${report.summary} summary rows, ` +
          `${report.problemRows} sheet rows in Problems.`,
      );
      return 0;
    }
    case 'summary': {
      const tables = await storeFor(config).read(SOURCE_TAB_NAMES);
      const source = readSourceRows(tables);
      const result = recompute(source, systemClock.now());
      console.log(summaryReport(result.summary, source.settings.language));
      if (source.invalid.length > 0)
        console.log(`\n${source.invalid.length} source rows do not validate; \`npm run cli -- recompute\` lists them in Rejected.`);
      return 0;
    }
    case 'send-feedback': {
      const { values } = parseArgs({
        args: [...rest],
        options: { 'dry-run': { type: 'boolean', default: false }, now: { type: 'boolean', default: false }, limit: { type: 'string' } },
      });
      const limit = values.limit === undefined ? undefined : Number(values.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
        console.error(`--limit must be a positive whole number, not "${values.limit}".`);
        return 1;
      }
      const mailer = mailerFor(config);
      if (mailer === undefined) {
        console.error('MAILER=off: feedback e-mail is switched off. Set MAILER to outbox, smtp or gmail.');
        return 1;
      }
      try {
        const report = await runFeedback(feedbackDeps(config, storeFor(config), mailer, systemClock, jsonLogger('warn')), {
          dryRun: values['dry-run'],
          ignoreHold: values.now,
          ...(limit === undefined ? {} : { limit }),
        });
        for (const message of report.preview ?? []) {
          console.log(`── ${message.key}\nTo: ${message.to}\nSubject: ${message.subject}\n\n${message.text}\n`);
        }
        const where = mailer.name === 'outbox' ? ` (outbox: ${config.mail.outboxDir})` : ` (via ${mailer.name})`;
        console.log(
          values['dry-run']
            ? `${report.preview?.length ?? 0} messages would be sent now; ${report.held} wait for their results to settle (feedback_hold_minutes).`
            : `Sent ${report.sent}${where}, failed ${report.failed}, confirmed after an interruption ${report.confirmed}, unconfirmed ${report.unconfirmed}; ` +
                `${report.held} wait for their results to settle, ${report.remaining} left for the next run${report.stopped === 'done' ? '' : ` (stopped: ${report.stopped})`}.`,
        );
        return report.failed > 0 ? 2 : 0;
      } finally {
        await mailer.close();
      }
    }
    case 'renew-watches': {
      if (config.formsWatchTopic === undefined) {
        console.error('Set FORMS_WATCH_TOPIC (projects/<project>/topics/<topic>), the topic the formsWatch function listens on.');
        return 1;
      }
      const report = await runRenewWatches({
        store: storeFor(config),
        forms: formsApi(formsClient(config)),
        clock: systemClock,
        logger: jsonLogger('silent'),
        topic: config.formsWatchTopic,
      });
      for (const form of report.forms) {
        const detail =
          form.action === 'failed'
            ? `${form.code ?? ''} ${form.message ?? ''}`
            : `watch ${form.watchId ?? ''} until ${form.expiresAt ?? ''}`;
        console.log(`${form.kind.padEnd(10)} ${form.formId}  ${form.action.padEnd(7)}  ${detail}`);
      }
      console.log(`${report.created} created, ${report.renewed} renewed, ${report.kept} kept, ${report.failed} failed.`);
      return report.failed === 0 ? 0 : 1;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
