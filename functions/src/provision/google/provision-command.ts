// `npm run cli -- provision --google`: provisions the configured (or a new) spreadsheet and the forms, and says what it did.
import { serviceAccountEmail } from '../../adapters/google/clients.js';
import type { Config } from '../../config.js';
import type { Clock } from '../../ports.js';
import { provisionGoogle, provisioningApis } from './provision-google.js';
import { provisionReportText } from './provision-report.js';
import { parseResponders } from './share.js';
import type { RowRecord } from '../../core/table.js';

export interface GoogleProvisionCommand {
  readonly sample?: ReadonlyMap<string, readonly RowRecord[]>;
  readonly share?: string;
  /** --responders as given: domain:…, group:…, user:… or anyone. */
  readonly responders?: string;
  /** --service-account: the functions' runtime account; IMPERSONATE_SERVICE_ACCOUNT when left out. */
  readonly serviceAccount?: string;
  /** --certificates-drive: the shared drive the certificates' folder is found or made in. */
  readonly certificatesDrive?: string;
}

export async function runGoogleProvision(
  config: Config,
  command: GoogleProvisionCommand,
  clock: Clock,
  print: (text: string) => void,
): Promise<void> {
  const responders = command.responders === undefined ? undefined : parseResponders(command.responders);
  const serviceAccount = command.serviceAccount ?? config.impersonateServiceAccount;
  const apis = provisioningApis(config.googleApiRootUrl);
  const folderId = config.certificates.driveFolderId;
  const certificates = {
    ...(folderId === undefined ? {} : { folderId }),
    ...(command.certificatesDrive === undefined ? {} : { sharedDriveId: command.certificatesDrive }),
  };
  const report = await provisionGoogle(apis, {
    clock,
    ...(config.spreadsheetId === undefined ? {} : { spreadsheetId: config.spreadsheetId }),
    ...(command.sample === undefined ? {} : { sample: command.sample }),
    ...(command.share === undefined ? {} : { shareWith: command.share }),
    ...(responders === undefined ? {} : { responders }),
    ...(serviceAccount === undefined ? {} : { serviceAccount }),
    certificates,
  });
  const email = await serviceAccountEmail(apis);
  const ranAs =
    config.googleApiRootUrl !== undefined
      ? `against ${config.googleApiRootUrl} (GOOGLE_API_ROOT_URL) without credentials`
      : email === undefined
        ? 'with your own Google login (Application Default Credentials)'
        : `as ${email}`;
  print(provisionReportText(report, ranAs));
}
