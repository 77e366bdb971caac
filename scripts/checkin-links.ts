// Which links a check-in sheet prints: the local page, or (STORE=sheets) the attendance Google Form pre-filled with a check-in code.
import type { Config } from '../functions/src/config.js';
import { formLink, localLink } from '../functions/src/core/checkin/links.js';
import type { LinkMaker } from '../functions/src/core/checkin/sheet.js';
import type { Settings } from '../functions/src/core/settings.js';
import type { SheetStore } from '../functions/src/ports.js';

export async function checkinLinks(config: Config, store: SheetStore, secret: string): Promise<(settings: Settings) => LinkMaker> {
  if (config.store !== 'sheets') return () => localLink(config.checkin.baseUrl, secret);
  const { attendanceFormEntries } = await import('../functions/src/provision/google/checkin-form.js');
  const form = await attendanceFormEntries(config, store);
  return (settings) => formLink(form.responderUrl, form.entries, secret, settings.time_zone);
}
