// Clocks: the real one, and a fixed one for tests and reproducible runs.
import { DateTime } from 'luxon';
import type { Clock } from '../ports.js';

export const systemClock: Clock = { now: () => DateTime.now() };

export function fixedClock(iso: string): Clock {
  const instant = DateTime.fromISO(iso, { setZone: true });
  if (!instant.isValid) throw new RangeError(`not an ISO time: ${iso}`);
  return { now: () => instant };
}
