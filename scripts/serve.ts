// `npm start`: serves the function on this computer (loopback unless HOST says otherwise), with the CLI's token in the data folder.
import type { Server } from 'node:net';
import { parseArgs } from 'node:util';
import { jsonLogger } from '../functions/src/adapters/json-logger.js';
import { createApp } from '../functions/src/app.js';
import { type Config, loadConfig } from '../functions/src/config.js';
import { loadDotEnv } from '../functions/src/env-file.js';
import { newCliToken, removeCliToken, writeCliToken } from '../functions/src/http/cli-token.js';
import { removeServerAddress, writeServerAddress } from '../functions/src/http/server-address.js';
import { CLOUD_EVENT_SURFACE, CLOUD_EVENT_TYPES } from '../functions/src/http/gate.js';
import { createLocalServer } from '../functions/src/http/local-server.js';
import { isLoopback } from '../functions/src/http/auth.js';

const TARGETS = ['training', 'formsWatch'] as const;
type Target = (typeof TARGETS)[number];

/** What serves the data: the workbook as configured, the spreadsheet, or memory. */
function dataName(config: Config): string {
  if (config.store === 'sheets') return `spreadsheet ${config.spreadsheetId ?? ''}`;
  return config.store === 'memory' ? 'memory store (nothing is kept)' : `workbook ${config.workbookName}`;
}

/** The one line `npm start` prints: where it listens, what it serves, and which credentials guard it. */
function startupLine(config: Config, target: Target, url: string): string {
  const submit = config.submitToken
    ? 'SUBMIT_TOKEN set'
    : config.idTokenAudiences
      ? 'form identity tokens (ID_TOKEN_AUDIENCES)'
      : 'SUBMIT_TOKEN not set: submissions from this computer only';
  const admin = config.adminToken ? 'ADMIN_TOKEN set' : 'ADMIN_TOKEN not set: recompute, sending and previews through the CLI only';
  return `Serving ${target} on ${url} · ${dataName(config)} · ${submit} · ${admin}`;
}

/** Words for a failure to listen, instead of a stack trace. */
function listenProblem(error: NodeJS.ErrnoException, config: Config): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `Port ${config.port} on ${config.host} is already in use (an earlier \`npm start\`?). Stop that server, or set PORT to a free port.`;
    case 'EACCES':
      return `Port ${config.port} needs administrator rights; set PORT to a number above 1023.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `HOST=${config.host} is not an address of this computer; leave HOST unset (loopback) or use one of its addresses.`;
    default:
      return `Cannot listen on ${config.host}:${config.port}: ${error.message}`;
  }
}

const urlOf = (host: string, port: number) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

function listen(server: Server, config: Config): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : config.port);
    });
  });
}

async function main(argv: readonly string[]): Promise<number> {
  loadDotEnv();
  // Express answers its own errors with a stack trace unless told it runs in production.
  process.env['NODE_ENV'] ??= 'production';
  const { values } = parseArgs({ args: [...argv], options: { target: { type: 'string' } } });
  const target = (values.target ?? process.env['FUNCTION_TARGET'] ?? 'training') as Target;
  if (!TARGETS.includes(target)) {
    console.error(`Unknown target "${target}"; use ${TARGETS.join(' or ')}.`);
    return 1;
  }
  const config = loadConfig();
  const cliToken = newCliToken();
  const app = createApp(config, { cliToken });
  // The launcher's refusals are logged like the function's answers: one JSON line each.
  const logger = jsonLogger(config.logLevel);
  const server =
    target === 'training'
      ? createLocalServer({ signature: 'http', handler: app.handler }, { gate: app.gate, logger })
      : createLocalServer(
          { signature: 'cloudevent', handler: (event) => app.formsWatch(event) },
          { gate: { ...app.gate, surface: CLOUD_EVENT_SURFACE, mediaTypes: CLOUD_EVENT_TYPES }, logger },
        );
  let port: number;
  try {
    port = await listen(server, config);
  } catch (error) {
    console.error(listenProblem(error as NodeJS.ErrnoException, config));
    return 1;
  }
  await writeCliToken(config, cliToken);
  // The CLI on this folder reaches the server here, whatever PORT it was started with (a wildcard host by loopback).
  const address = urlOf(config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host, port);
  if (target === 'training') await writeServerAddress(config, address);
  console.log(startupLine(config, target, urlOf(config.host, port)));
  // Entries accepted before a crash or a stop reach the workbook now, not at the first request.
  app.store
    .resume?.()
    .catch((error: unknown) => logger.warn('could not bring the workbook up to date at start', { error: (error as Error).message }));
  if (!isLoopback(config.host) && config.host !== 'localhost' && !config.submitToken && !config.idTokenAudiences) {
    console.log(`HOST=${config.host} opens the server to other computers; their submissions are refused until SUBMIT_TOKEN is set.`);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close();
    void Promise.all([removeCliToken(config, cliToken), removeServerAddress(config, address)]).finally(() => process.exit(0));
  };
  // `on`, not `once`: the listener must stay while the token is removed. proper-lockfile's signal-exit, loaded with the
  // workbook's first write (after this), re-sends the signal to kill the process when it sees no other listener.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
