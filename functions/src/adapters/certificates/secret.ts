// The key of certificate serials: CERTIFICATE_SECRET, else locally a random key created once in the data folder (0600) and kept.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../../config.js';
import { keptKey } from '../kept-key.js';

/** Beside the workbook, like the CLI's token: whoever may open the data folder may issue and verify. */
export function secretPath(config: Pick<Config, 'workbookPath'>): string {
  return path.join(path.dirname(config.workbookPath), '.certificate-secret');
}

/** Unlike the CLI's token the key must outlive restarts (every serial issued depends on it), so it is made once and kept. */
async function localSecret(file: string): Promise<string> {
  const key = await keptKey(file);
  if (key !== undefined && key.length >= 32) return key;
  throw new Error(`${path.basename(file)} holds no key; delete it only if no certificate was issued with it`);
}

/** Resolves the key once per process; rejects on Google without CERTIFICATE_SECRET (a key per instance would verify nothing). */
export function certificateSecret(config: Pick<Config, 'certificates' | 'onGoogle' | 'store' | 'workbookPath'>): () => Promise<string> {
  let secret: Promise<string> | undefined;
  return () => {
    const configured = config.certificates.secret;
    if (configured !== undefined) return Promise.resolve(configured);
    if (config.onGoogle || config.store === 'sheets') {
      return Promise.reject(new Error('CERTIFICATE_SECRET is not set: certificates are not issued or verified until it is'));
    }
    // The memory store forgets everything at exit: a key of its own is enough and writes nothing.
    if (config.store === 'memory') return (secret ??= Promise.resolve(randomBytes(32).toString('base64url')));
    secret ??= localSecret(secretPath(config));
    secret.catch(() => (secret = undefined));
    return secret;
  };
}
