// The key check-in links are signed with: CHECKIN_SECRET, or locally a random one made once in the data folder and kept.
import type { CheckinConfig } from '../../config.js';
import { keptKey } from '../kept-key.js';

/**
 * The configured key, else the data folder's (kept across restarts, so printed sheets stay valid). Undefined when
 * there is neither (on Google without CHECKIN_SECRET).
 */
export async function checkinSecret(config: CheckinConfig): Promise<string | undefined> {
  if (config.secret !== undefined) return config.secret;
  if (config.secretFile === undefined) return undefined;
  return keptKey(config.secretFile);
}
