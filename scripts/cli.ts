// Command line for training staff and operators: provision the workbook, recompute, print the summary, send or resend feedback, renew Forms watches.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Config } from '../functions/src/config.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

interface Command {
  /** Its usage lines, as `help` and `<command> --help` print them. */
  readonly usage: string;
  readonly options: Options;
  /** Whether it takes arguments besides its options (resend's keys); every other command refuses them. */
  readonly positionals?: boolean;
  run(values: Values, config: Config, positionals: readonly string[]): Promise<number>;
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

  provision --google [--share someone@company.com] [--responders domain:company.com] [--service-account sa@…]
                     [--certificates-drive <shared drive id>] [--sample]
      Create the Google spreadsheet (or, with SPREADSHEET_ID set, upgrade it in place, keeping every row)
      and one published Google Form per submission kind, listed in its Forms tab. Running it again changes nothing.
      --share            share the spreadsheet and the forms with that person as editor
      --responders       who may answer the forms: domain:<domain>, group:<e-mail>, user:<e-mail> or anyone
                         (default: the Workspace domain of --share)
      --service-account  the functions' runtime account, made editor of the spreadsheet and the forms
                         (default: IMPERSONATE_SERVICE_ACCOUNT), and writer of the certificates' folder
      --certificates-drive  the shared drive the certificates' Drive folder is found or created in
                         (or CERTIFICATES_DRIVE_FOLDER_ID set: that folder); it prints the id deploy.sh takes
      --sample           also fill the empty source tabs with the sample year`,
    options: {
      sample: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      'if-absent': { type: 'boolean', default: false },
      google: { type: 'boolean', default: false },
      share: { type: 'string' },
      responders: { type: 'string' },
      'service-account': { type: 'string' },
      'certificates-drive': { type: 'string' },
    },
    run: provision,
  },
  recompute: {
    usage: `  recompute
      Recompute Grades, Retakes, Summary, Archive and Problems (the source rows it cannot use, with why) from
      the source tabs. Rejected, the refused form submissions, is never rewritten: functions only add to it.`,
    options: {},
    run: async (_values, config) => {
      const [{ runRecompute }, { storeFor }, { systemClock }, { certificateDepsFor }, { jsonLogger }] = await Promise.all([
        import('../functions/src/jobs/recompute.js'),
        import('../functions/src/app.js'),
        import('../functions/src/adapters/system-clock.js'),
        import('../functions/src/jobs/certificate-wiring.js'),
        import('../functions/src/adapters/json-logger.js'),
      ]);
      const started = performance.now();
      const store = storeFor(config);
      // Someone waits at the terminal for this one run: it stores every certificate's PDF, not a server run's share.
      const certificates = certificateDepsFor(config, jsonLogger('warn'));
      const report = await runRecompute(store, systemClock, certificates && { ...certificates, fileBudgetMs: 30 * 60_000 });
      await store.flush?.();
      const issued = report.certificates;
      console.log(
        `Recomputed ${config.store === 'sheets' ? `spreadsheet ${config.spreadsheetId ?? ''}` : config.workbookPath} in ${Math.round(performance.now() - started)} ms: ` +
          `${report.grades} grades, ${report.retakes} retakes, ${report.archive} archive rows, ${report.summary} summary rows, ` +
          `${report.problemRows} sheet rows in Problems` +
          (issued === undefined
            ? '.'
            : `, ${issued.issued} certificates issued (${issued.stored} PDFs stored, ${issued.waiting} waiting).`),
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
      MAILER (default: .eml files in data/outbox/). Every message is recorded (locally in the workbook's
      journal, shown in FeedbackLog) and never sent twice; failed ones are retried on later runs.
      --dry-run  print what would be sent; send nothing, write nothing
      --now      do not wait for feedback_hold_minutes (results still being typed in may change!)
      --limit N  send at most N messages`,
    options: { 'dry-run': { type: 'boolean', default: false }, now: { type: 'boolean', default: false }, limit: { type: 'string' } },
    run: sendFeedback,
  },
  resend: {
    usage: `  resend KEY [KEY …]
      Send the FeedbackLog messages with these keys again at the next feedback run (the same as typing
      重发 in their status). Nothing else sends a message twice: deleting or reverting FeedbackLog rows does not.`,
    options: {},
    positionals: true,
    run: resend,
  },
  'renew-watches': {
    usage: `  renew-watches
      For every form in the Forms tab, renew its Forms API watch when it expires within 48 hours, or create
      one on FORMS_WATCH_TOPIC; records watch_id and watch_expires_at. Same as POST /watches/renew (daily, Cloud Scheduler).
      Runs as the functions' service account (IMPERSONATE_SERVICE_ACCOUNT), which owns the watches; never as your login.`,
    options: {},
    run: renewWatches,
  },
  // Appraisal (issue 17 part 3).
  'export-appraisal': {
    usage: `  export-appraisal --period 2026-Q3 [--out DIR]
      Write one period's Appraisal rows (2026-M07, 2026-Q3, 2026-H2 or 2026) for HR as appraisal-<period>.xlsx
      and .csv (UTF-8 with BOM; cells Excel would run as formulas neutralised) into DIR (default data/exports/),
      and record them in AppraisalExports, so the Appraisal tab's export mark clears. Works while \`npm start\`
      runs: the server records it.`,
    options: { period: { type: 'string' }, out: { type: 'string' } },
    run: async (values, config) => {
      const { exportAppraisal, PeriodError } = await import('./appraisal-export.js');
      const period = values['period'];
      if (typeof period !== 'string') throw new UsageError('Name the period: --period 2026-Q3 (or 2026-M07, 2026-H2, 2026).');
      const out = typeof values['out'] === 'string' ? values['out'] : undefined;
      try {
        const summary = await exportAppraisal(config, period, out);
        for (const line of summary.lines) console.log(line);
        return summary.ok ? 0 : 1;
      } catch (error) {
        if (error instanceof PeriodError) throw new UsageError(error.message);
        throw error;
      }
    },
  },
  // QR check-in (扫码签到)
  'checkin-sheet': {
    usage: `  checkin-sheet COURSE [--out DIR]
      Write the printable check-in sheet of a course (PDF, A4): one page per session of the Sessions tab, with its
      QR code, date, time and the window its link admits (Settings checkin_open_minutes_before / _close_minutes_after).
      Locally the code opens CHECKIN_BASE_URL/checkin (the function's page); with STORE=sheets it opens the
      attendance Google Form pre-filled with the course, the session and a check-in code.
      --out DIR  the folder to write checkin-COURSE.pdf to (default: checkin/ beside the workbook)`,
    options: { out: { type: 'string' } },
    positionals: true,
    run: checkinSheet,
  },
  // Certificates (issue 17 part 1).
  'verify-certificate': {
    usage: `  verify-certificate SERIAL
      Tell whether a certificate serial (CMT-2026-000001-XXXXXXXXXX) is genuine and for whom: name, kind, course
      or level, date of issue; never a score. Exit code 0 genuine, 1 not genuine.`,
    options: {},
    positionals: true,
    run: verifyCertificateCommand,
  },
};

/** Where the sample year's certificates go: the configured folder, every PDF drawn now (about 15 s for the sample year). */
async function sampleCertificates(config: Config) {
  const [{ certificateDepsFor }, { jsonLogger }] = await Promise.all([
    import('../functions/src/jobs/certificate-wiring.js'),
    import('../functions/src/adapters/json-logger.js'),
  ]);
  const deps = certificateDepsFor(config, jsonLogger('warn'));
  return deps && { ...deps, fileBudgetMs: 30 * 60_000 };
}

async function verifyCertificateCommand(_values: Values, config: Config, positionals: readonly string[]): Promise<number> {
  const [serial, ...extra] = positionals;
  if (serial === undefined || extra.length > 0) throw new UsageError('verify-certificate: give exactly one serial');
  const [{ storeFor }, { verifySerial }, { certificateSecret }] = await Promise.all([
    import('../functions/src/app.js'),
    import('../functions/src/jobs/certificates.js'),
    import('../functions/src/adapters/certificates/secret.js'),
  ]);
  const result = await verifySerial(storeFor(config), certificateSecret(config), serial);
  if (!result.genuine) {
    console.error(result.message);
    return 1;
  }
  const c = result.certificate;
  console.log(`真实有效 Genuine: ${c.serial}`);
  console.log(`  ${c.name} · ${c.kind} (${c.kind_en}) · ${c.subject}${c.course_id === '' ? '' : ` (${c.course_id})`} · ${c.issued_on}`);
  if (c.note !== undefined) console.log(`  ${c.note}`);
  return 0;
}

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
    const text = (name: string) => {
      const value = values[name];
      return typeof value === 'string' ? value : undefined;
    };
    const [share, responders, serviceAccount] = [text('share'), text('responders'), text('service-account')];
    const certificatesDrive = text('certificates-drive');
    await runGoogleProvision(
      config,
      {
        ...(values['sample'] === true ? { sample: sampleRows() } : {}),
        ...(share === undefined ? {} : { share }),
        ...(responders === undefined ? {} : { responders }),
        ...(serviceAccount === undefined ? {} : { serviceAccount }),
        ...(certificatesDrive === undefined ? {} : { certificatesDrive }),
      },
      systemClock,
      console.log,
    );
    return 0;
  }
  for (const google of ['share', 'responders', 'service-account', 'certificates-drive'])
    if (values[google] !== undefined) throw new UsageError(`--${google} is for provision --google.`);
  const [{ provisionWorkbook }, { sampleWorkbookRows }, { systemClock }] = await Promise.all([
    import('../functions/src/provision/workbook.js'),
    import('../functions/src/provision/sample-workbook.js'),
    import('../functions/src/adapters/system-clock.js'),
  ]);
  const sample = values['sample'] === true;
  // The sample year's certificates (issue 17 part 1), made only when the workbook is really created.
  const exists = await import('node:fs').then(({ existsSync }) => existsSync(config.workbookPath));
  await refuseWhileServed(config, exists, values['force']);
  const certificates = sample && (!exists || values['force'] === true) ? await sampleCertificates(config) : undefined;
  const result = await provisionWorkbook(config.workbookPath, {
    force: values['force'] === true,
    ...(sample ? { rows: await sampleWorkbookRows(systemClock, certificates) } : {}),
  });
  if (result.created) {
    console.log(`Created ${result.file}${sample ? ' with sample data' : ''}.`);
    if (sample) {
      const { writeSampleCheckinSheet } = await import('../functions/src/provision/sample-checkin.js');
      const sheet = await writeSampleCheckinSheet(config);
      if (sheet)
        console.log(
          `Wrote the check-in sheet of ${sheet.sheet.courseId}: ${sheet.file} (扫码签到, ${sheet.sheet.entries.length} sessions).`,
        );
    }
    return 0;
  }
  if (values['if-absent'] === true) {
    console.log(`Using the existing workbook ${result.file}.`);
    return 0;
  }
  console.error(`${result.file} already exists; pass --force to replace it (its data will be lost).`);
  return 1;
}

/** A server (or another command) owns the workbook: replacing the file under it would lose what it holds. */
async function refuseWhileServed(config: Config, exists: boolean, force: Values[string]): Promise<void> {
  if (exists && force !== true) return;
  const [{ lockOwner }, { journalFileOf }, { readServerAddress }] = await Promise.all([
    import('../functions/src/adapters/store/xlsx/owner-lock.js'),
    import('../functions/src/adapters/store/xlsx/local-workbook.js'),
    import('../functions/src/http/server-address.js'),
  ]);
  const owner = await lockOwner(journalFileOf(config.workbookPath));
  const address = await readServerAddress(config);
  // A server that has not written yet holds no lock, but it serves this folder: it answers at the address it wrote.
  const serving =
    address !== undefined &&
    (await fetch(`${address}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
      () => true,
      () => false,
    ));
  if (owner === undefined && !serving) return;
  const who = [owner ? `pid ${owner.pid}` : '', serving ? address : ''].filter(Boolean).join(', ');
  throw new Error(
    `${config.workbookPath} 正由另一个程序使用（${who}）：请先停止它再重建工作簿。\n` +
      `${config.workbookPath} is in use by another process (${who}): stop it before provisioning again.`,
  );
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
  const store = storeFor(config);
  try {
    const { certificateFilesFor } = await import('../functions/src/jobs/certificate-wiring.js');
    const files = certificateFilesFor(config);
    const report = await runFeedback(feedbackDeps(config, store, mailer, systemClock, jsonLogger('warn'), files), {
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
    await store.flush?.();
    await mailer.close();
  }
}

async function resend(_values: Values, config: Config, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) throw new UsageError('Name the FeedbackLog key of each message to send again.');
  const [{ ledgerFor, storeFor }, { requestResend }] = await Promise.all([
    import('../functions/src/app.js'),
    import('../functions/src/jobs/resend.js'),
  ]);
  const store = storeFor(config);
  const asked = await requestResend(store, ledgerFor(store), keys);
  await store.flush?.();
  for (const key of asked.unknown) console.error(`No message with the key ${key} in FeedbackLog.`);
  if (asked.marked.length > 0) {
    console.log(
      `${asked.marked.length} message(s) marked 重发 (resend): sent again at the next feedback run (send-feedback, or after the next recompute).`,
    );
  }
  return asked.unknown.length > 0 ? 1 : 0;
}

async function renewWatches(_values: Values, config: Config): Promise<number> {
  const topic = config.formsWatchTopic;
  if (topic === undefined) {
    console.error('Set FORMS_WATCH_TOPIC (projects/<project>/topics/<topic>), the topic the formsWatch function listens on.');
    return 1;
  }
  const [{ runRenewWatches }, { formsApi }, { formsClientAsServiceAccount }, { storeFor }, { jsonLogger }, { systemClock }] =
    await Promise.all([
      import('../functions/src/jobs/renew-watches.js'),
      import('../functions/src/adapters/google/forms-api.js'),
      import('../functions/src/adapters/google/forms-client.js'),
      import('../functions/src/app.js'),
      import('../functions/src/adapters/json-logger.js'),
      import('../functions/src/adapters/system-clock.js'),
    ]);
  // As the functions' service account, as the daily job: a watch belongs to the account that made it.
  const { client, account } = await formsClientAsServiceAccount(config);
  console.log(`Watches as ${account}:`);
  const store = storeFor(config);
  const report = await runRenewWatches({
    store,
    forms: formsApi(client),
    clock: systemClock,
    logger: jsonLogger('silent'),
    topic,
  });
  await store.flush?.();
  for (const form of report.forms) {
    const detail =
      form.action === 'failed' ? `${form.code ?? ''} ${form.message ?? ''}` : `watch ${form.watchId ?? ''} until ${form.expiresAt ?? ''}`;
    console.log(`${form.kind.padEnd(10)} ${form.formId}  ${form.action.padEnd(7)}  ${detail}`);
  }
  console.log(`${report.created} created, ${report.renewed} renewed, ${report.kept} kept, ${report.failed} failed.`);
  return report.failed === 0 ? 0 : 1;
}

async function checkinSheet(values: Values, config: Config, courses: readonly string[]): Promise<number> {
  const [course, ...extra] = courses;
  if (course === undefined || extra.length > 0) throw new UsageError('Name one course id, e.g. checkin-sheet C2026-07.');
  const [{ storeFor }, { checkinSecret }, { writeCheckinSheet }, { checkinLinks }, { readServerAddress }] = await Promise.all([
    import('../functions/src/app.js'),
    import('../functions/src/adapters/checkin/secret.js'),
    import('../functions/src/jobs/checkin-sheet.js'),
    import('./checkin-links.js'),
    import('../functions/src/http/server-address.js'),
  ]);
  const secret = await checkinSecret(config.checkin);
  const running = config.checkin.baseUrlSet ? undefined : await readServerAddress(config);
  if (running !== undefined) config = { ...config, checkin: { ...config.checkin, baseUrl: running } };
  if (secret === undefined) {
    console.error('Set CHECKIN_SECRET (the same value the deployed functions have): every check-in code is signed with it.');
    return 1;
  }
  const store = storeFor(config);
  const out = typeof values['out'] === 'string' ? values['out'] : path.join(path.dirname(config.workbookPath), 'checkin');
  const result = await writeCheckinSheet(store, course, await checkinLinks(config, store, secret), path.resolve(out));
  for (const line of result.badRows) console.error(line);
  const { entries, unscheduled } = result.sheet;
  console.log(`Wrote ${result.file} (${entries.length} sessions, ${Math.round(result.bytes / 1024)} kB).`);
  if (unscheduled.length > 0)
    console.log(`Sessions ${unscheduled.join(', ')} of the Plan have no row in the Sessions tab, so no code; add them and run this again.`);
  if (config.store !== 'sheets') console.log(`The codes open ${config.checkin.baseUrl}/checkin (a link per session, signed).`);
  if (config.store !== 'sheets' && /^https?:\/\/(127\.|localhost|\[::1\])/.test(config.checkin.baseUrl))
    console.log(
      `The codes open ${config.checkin.baseUrl}, which only this computer reaches: set CHECKIN_BASE_URL (and HOST) to the address phones use.`,
    );
  return 0;
}

/** A mistake in how a command was called: one line and the command's usage, exit code 2. */
class UsageError extends Error {}

/** The options of a command, strictly: an unknown option or a stray argument is refused, never ignored. */
function parseOptions(name: string, command: Command, args: readonly string[]): { values: Values; positionals: string[] } | 'help' {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...command.options, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
      allowPositionals: command.positionals === true,
    });
    return values.help === true ? 'help' : { values, positionals };
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
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  try {
    const parsed = parseOptions(name, command, rest);
    if (parsed === 'help') {
      console.log(`Usage: npm run cli -- ${name} [options]\n\n${command.usage}\n`);
      return 0;
    }
    const [{ loadConfig }, { loadDotEnv }] = await Promise.all([
      import('../functions/src/config.js'),
      import('../functions/src/env-file.js'),
    ]);
    loadDotEnv();
    return await command.run(parsed.values, loadConfig(), parsed.positionals);
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
