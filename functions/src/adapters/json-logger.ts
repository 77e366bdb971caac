// Logger writing one JSON object per line, the structured format Cloud Logging reads (severity, message, fields).
import type { LogFields, Logger } from '../ports.js';

type Level = 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<Level, number> = { info: 0, warn: 1, error: 2, silent: 3 };

export function jsonLogger(level: Level = 'info', write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const emit = (severity: 'INFO' | 'WARNING' | 'ERROR', rank: number, message: string, fields?: LogFields) => {
    if (rank < RANK[level]) return;
    write(JSON.stringify({ severity, message, time: new Date().toISOString(), ...fields }));
  };
  return {
    info: (message, fields) => emit('INFO', 0, message, fields),
    warn: (message, fields) => emit('WARNING', 1, message, fields),
    error: (message, fields) => emit('ERROR', 2, message, fields),
  };
}

/** A logger that keeps lines in memory, for tests. */
export function memoryLogger(): Logger & { readonly lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = jsonLogger('info', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return Object.assign(logger, { lines });
}
