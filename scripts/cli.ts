// Command line for training staff and operators: provision the workbook, recompute, print the summary, send feedback, renew Forms watches.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { Config } from '../functions/src/config.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

interface Command {
  /** Its usage lines, as `help` and `<command> --help` print them. */
  readonly usage: string;
  readonly options: Options;
  run(values: Values, config: Config): Promise<number>;
}

// Each command imports what it needs when it runs: `--help` and `summary` never load the Google clients or provisioning.
const COMMANDS: Readonly<Record<string, Command>> = {
  provision: {
    usage: `  provision [--sample] [--force] [--if-absent]
      Create the workbook at WORKBOOK_PATH (default data/training.xlsx) from sheets-templates/.
      --sample     fill it with a realistic year of plan, roster, attendance, scores and evaluations,
                   and the grades, retakes, archive, summary and chart computed from them
      --force      replace an existing workbook (it is overwritten!)
      --if-absent  do nothing, successfully, when the workbook exists

  provision --google [--share someone@company.com] [--sample]
      Create the Google spreadsheet (or, with SPREADSHEET_ID set, upgrade it in place, keeping every row)
      and one Google Form per submission kind, listed in its Forms tab. Running it again changes nothing.
      --share      share the spreadsheet and the forms with that person as editor
      --sample     also fill the empty source tabs with the sample year`,
    options: {
      sample: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      'if-absent': { type: 'boolean', default: false },
      google: { type: 'boolean', default: false },
      share: { type: 'string' },
    },
    run: provision,
  },
  recompute: {
    usage: `  recompute
      Recompute Grades, Retakes, Summary, Archive and Problems (source rows that cannot be used) from the source tabs.`,
    options: {},
    run: async (_values, config) => {
      const [{ runRecompute }, { storeFor }, { systemClock }] = await Promise.all([
        import('../functions/src/jobs/recompute.js'),
        import('../functions/src/app.js'),
        import('../functions/src/adapters/system-clock.js'),
      ]);
      const started = performance.now();
      const report = await runRecompute(storeFor(config), systemClock);
      console.log(
        `Recomputed ${config.store === 'sheets' ? `spreadsheet ${config.spreadsheetId ?? ''}` : config.workbookPath} in ${Math.round(performance.now() - started)} ms: ` +
          `${report.grades} grades, ${report.retakes} retakes, ${report.archive} archive rows, ${report.summary} summary rows, ` +
          `${report.problemRows} sheet rows in Problems.`,
      );
      return 0;
    },
  },
  summary: {
    usage: `  summary [--json]
      Print the leaders' headline figures and the per-course table, computed from the source tabs now.
      --json  print every Summary row as JSON instead (the rows the Summary tab holds after a recompute)`,
    options: { json: { type: 'boolean', default: false } },
    run: summary,
  },
  'send-feedback': {
    usage: `  send-feedback [--dry-run] [--now] [--limit N]
      E-mail results, retake notices, congratulations and the leaders' digest that are due, through
      MAILER (default: .eml files in data/outbox/). Every message is recorded in FeedbackLog and never
      sent twice; failed ones are retried on later runs.
      --dry-run  print what would be sent; send nothing, write nothing
      --now      do not wait for feedback_hold_minutes (results still being typed in may change!)
      --limit N  send at most N messages`,
    options: { 'dry-run': { type: 'boolean', default: false }, now: { type: 'boolean', default: false }, limit: { type: 'string' } },
    run: sendFeedback,
  },
  'renew-watches': {
    usage: `  renew-watches
      For every form in the Forms tab, renew its Forms API watch when it expires within 48 hours, or create
      one on FORMS_WATCH_TOPIC; records watch_id and watch_expires_at. Same as POST /watches/renew (daily, Cloud Scheduler).`,
    options: {},
    run: renewWatches,
  },
};

const USAGE = `Usage: npm run cli -- <command> [options]     (every command takes --help)

Commands:
${Object.values(COMMANDS)
  .map((command) => command.usage)
  .join('\n\n')}
`;

async function provision(values: Values, config: Config): Promise<number> {
  if (values['google'] === true) {
    if (values['force'] === true || values['if-absent'] === true)
      throw new UsageError('--force and --if-absent are for the local workbook; provision --google never replaces anything.');
    const [{ runGoogleProvision }, { sampleRows }, { systemClock }] = await Promise.all([
      import('../functions/src/provision/google/provision-command.js'),
      import('../functions/src/provision/sample-data.js'),
      import('../functions/src/adapters/system-clock.js'),
    ]);
    const share = values['share'];
    await runGoogleProvision(
      config,
      { ...(values['sample'] === true ? { sample: sampleRows() } : {}), ...(typeof share === 'string' ? { share } : {}) },
      systemClock,
      console.log,
    );
    return 0;
  }
  if (values['share'] !== undefined) throw new UsageError('--share is for provision --google.');
  const [{ provisionWorkbook }, { sampleWorkbookRows }, { systemClock }] = await Promise.all([
    import('../functions/src/provision/workbook.js'),
    import('../functions/src/provision/sample-workbook.js'),
    import('../functions/src/adapters/system-clock.js'),
  ]);
  const sample = values['sample'] === true;
  const result = await provisionWorkbook(config.workbookPath, {
    force: values['force'] === true,
    ...(sample ? { rows: await sampleWorkbookRows(systemClock) } : {}),
  });
  if (result.created) {
    console.log(`Created ${result.file}${sample ? ' with sample data' : ''}.`);
    return 0;
  }
  if (values['if-absent'] === true) {
    console.log(`Using the existing workbook ${result.file}.`);
    return 0;
  }
  console.error(`${result.file} already exists; pass --force to replace it (its data will be lost).`);
  return 1;
}

async function summary(values: Values, config: Config): Promise<number> {
  const [{ storeFor }, { recompute }, { readSourceRows, SOURCE_TAB_NAMES }, { systemClock }, { summaryReport }] = await Promise.all([
    import('../functions/src/app.js'),
    import('../functions/src/core/grading/recompute.js'),
    import('../functions/src/core/source-data.js'),
    import('../functions/src/adapters/system-clock.js'),
    import('./summary-report.js'),
  ]);
  const source = readSourceRows(await storeFor(config).read(SOURCE_TAB_NAMES));
  const result = recompute(source, systemClock.now().setZone(source.settings.time_zone));
  if (values['json'] === true) {
    console.log(JSON.stringify({ summary: result.summary, invalid_source_rows: source.invalid.length }, null, 2));
    return 0;
  }
  console.log(summaryReport(result.summary, source.settings.language));
  if (source.invalid.length > 0)
    console.log(`\n${source.invalid.length} source rows do not validate; \`npm run cli -- recompute\` lists them in Problems.`);
  return 0;
}

async function sendFeedback(values: Values, config: Config): Promise<number> {
  const limit = values['limit'] === undefined ? undefined : Number(values['limit']);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
    throw new UsageError(`--limit must be a positive whole number, not "${String(values['limit'])}".`);
  const [{ feedbackDeps, mailerFor, storeFor }, { runFeedback }, { jsonLogger }, { systemClock }] = await Promise.all([
    import('../functions/src/app.js'),
    import('../functions/src/jobs/feedback.js'),
    import('../functions/src/adapters/json-logger.js'),
    import('../functions/src/adapters/system-clock.js'),
  ]);
  const mailer = mailerFor(config);
  if (mailer === undefined) {
    console.error('MAILER=off: feedback e-mail is switched off. Set MAILER to outbox, smtp or gmail.');
    return 1;
  }
  const dryRun = values['dry-run'] === true;
  try {
    const report = await runFeedback(feedbackDeps(config, storeFor(config), mailer, systemClock, jsonLogger('warn')), {
      dryRun,
      ignoreHold: values['now'] === true,
      ...(limit === undefined ? {} : { limit }),
    });
    for (const message of report.preview ?? []) {
      console.log(`── ${message.key}\nTo: ${message.to}\nSubject: ${message.subject}\n\n${message.text}\n`);
    }
    const where = mailer.name === 'outbox' ? ` (outbox: ${config.mail.outboxDir})` : ` (via ${mailer.name})`;
    console.log(
      dryRun
        ? `${report.preview?.length ?? 0} messages would be sent now; ${report.held} wait for their results to settle (feedback_hold_minutes).`
        : `Sent ${report.sent}${where}, failed ${report.failed}, confirmed after an interruption ${report.confirmed}, unconfirmed ${report.unconfirmed}; ` +
            `${report.held} wait for their results to settle, ${report.remaining} left for the next run${report.stopped === 'done' ? '' : ` (stopped: ${report.stopped})`}.`,
    );
    return report.failed > 0 ? 2 : 0;
  } finally {
    await mailer.close();
  }
}

async function renewWatches(_values: Values, config: Config): Promise<number> {
  const topic = config.formsWatchTopic;
  if (topic === undefined) {
    console.error('Set FORMS_WATCH_TOPIC (projects/<project>/topics/<topic>), the topic the formsWatch function listens on.');
    return 1;
  }
  const [{ runRenewWatches }, { formsApi }, { formsClient }, { storeFor }, { jsonLogger }, { systemClock }] = await Promise.all([
    import('../functions/src/jobs/renew-watches.js'),
    import('../functions/src/adapters/google/forms-api.js'),
    import('../functions/src/adapters/google/forms-client.js'),
    import('../functions/src/app.js'),
    import('../functions/src/adapters/json-logger.js'),
    import('../functions/src/adapters/system-clock.js'),
  ]);
  const report = await runRenewWatches({
    store: storeFor(config),
    forms: formsApi(formsClient(config)),
    clock: systemClock,
    logger: jsonLogger('silent'),
    topic,
  });
  for (const form of report.forms) {
    const detail =
      form.action === 'failed' ? `${form.code ?? ''} ${form.message ?? ''}` : `watch ${form.watchId ?? ''} until ${form.expiresAt ?? ''}`;
    console.log(`${form.kind.padEnd(10)} ${form.formId}  ${form.action.padEnd(7)}  ${detail}`);
  }
  console.log(`${report.created} created, ${report.renewed} renewed, ${report.kept} kept, ${report.failed} failed.`);
  return report.failed === 0 ? 0 : 1;
}

/** A mistake in how a command was called: one line and the command's usage, exit code 2. */
class UsageError extends Error {}

/** The options of a command, strictly: an unknown option or a stray argument is refused, never ignored. */
function parseOptions(name: string, command: Command, args: readonly string[]): Values | 'help' {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { ...command.options, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
      allowPositionals: false,
    });
    return values.help === true ? 'help' : values;
  } catch (error) {
    throw new UsageError(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(USAGE);
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  try {
    const values = parseOptions(name, command, rest);
    if (values === 'help') {
      console.log(`Usage: npm run cli -- ${name} [options]\n\n${command.usage}\n`);
      return 0;
    }
    const [{ loadConfig }, { loadDotEnv }] = await Promise.all([
      import('../functions/src/config.js'),
      import('../functions/src/env-file.js'),
    ]);
    loadDotEnv();
    return await command.run(values, loadConfig());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\nUsage:\n${command.usage}\n`);
    return 2;
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
