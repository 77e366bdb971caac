// Command line for training staff and operators: provision the workbook, recompute derived tabs, print the summary.
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
        `Recomputed ${config.store === 'sheets' ? `spreadsheet ${config.spreadsheetId ?? ''}` : config.workbookPath} in ${Math.round(performance.now() - started)} ms: ` +
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
