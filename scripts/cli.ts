// Command line for training staff and operators: provision the workbook, recompute derived tabs, print the summary, renew Forms watches.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../functions/src/config.js';
import { loadDotEnv } from '../functions/src/env-file.js';
import { provisionWorkbook } from '../functions/src/provision.js';
import { systemClock } from '../functions/src/adapters/system-clock.js';
import { storeFor } from '../functions/src/app.js';
import { recompute } from '../functions/src/core/grading/recompute.js';
import { readSourceRows, SOURCE_TAB_NAMES } from '../functions/src/core/source-data.js';
import { runRecompute } from '../functions/src/recompute-job.js';
import { formsApi } from '../functions/src/adapters/forms-api.js';
import { formsClient } from '../functions/src/adapters/forms-client.js';
import { jsonLogger } from '../functions/src/adapters/json-logger.js';
import { runRenewWatches } from '../functions/src/renew-watches-job.js';
import { sampleRows } from '../functions/src/sample/sample-data.js';
import { summaryReport } from '../functions/src/summary-report.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  provision [--sample] [--force] [--if-absent]
      Create the workbook at WORKBOOK_PATH (default data/training.xlsx) from sheets-templates/.
      --sample     fill it with a realistic year of plan, roster, attendance, scores and evaluations
      --force      replace an existing workbook (it is overwritten!)
      --if-absent  do nothing, successfully, when the workbook exists

  recompute
      Recompute Grades, Retakes, Summary, Archive and the sheet-row part of Rejected from the source tabs.

  summary
      Print the leaders' headline figures and the per-course table, computed from the source tabs now.

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
        options: { sample: { type: 'boolean', default: false }, force: { type: 'boolean', default: false }, 'if-absent': { type: 'boolean', default: false } },
      });
      const result = await provisionWorkbook(config.workbookPath, { force: values.force, ...(values.sample ? { rows: sampleRows() } : {}) });
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
        `Recomputed ${config.workbookPath} in ${Math.round(performance.now() - started)} ms: ` +
          `${report.grades} grades, ${report.retakes} retakes, ${report.archive} archive rows, ${report.summary} summary rows, ` +
          `${report.rejectedRows} sheet rows in Rejected.`,
      );
      return 0;
    }
    case 'summary': {
      const tables = await storeFor(config).read(SOURCE_TAB_NAMES);
      const source = readSourceRows(tables);
      const result = recompute(source, systemClock.now());
      console.log(summaryReport(result.summary, source.settings.language));
      if (source.invalid.length > 0) console.log(`\n${source.invalid.length} source rows do not validate; \`npm run cli -- recompute\` lists them in Rejected.`);
      return 0;
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
        const detail = form.action === 'failed' ? `${form.code ?? ''} ${form.message ?? ''}` : `watch ${form.watchId ?? ''} until ${form.expiresAt ?? ''}`;
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
