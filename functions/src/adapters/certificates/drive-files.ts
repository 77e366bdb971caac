// Certificates' PDFs in a Drive folder: one multipart upload per serial, found by name before any upload so a retry never uploads twice.
import { Readable } from 'node:stream';
import { drive, type drive_v3 } from '@googleapis/drive';
import { googleClientOptions, SCOPES, type GoogleClientConfig } from '../google/clients.js';
import { googleRequestOptions, IDEMPOTENT_METHODS, type RetryPolicy } from '../google/retry.js';
import type { CertificateFiles } from '../../ports.js';

/** Short outages are bridged within a call; an upload (POST) is never sent again by the client: the next recompute looks first. */
export const DRIVE_RETRY_POLICY: RetryPolicy = { tries: 4, firstDelayMs: 200, maxDelayMs: 8000, timeoutMs: 30_000 };

const SAFE = /^[A-Z0-9-]{1,64}$/;

/** Drive's query language quotes with single quotes; a serial holds none, a folder id neither, but escape anyway. */
const quoted = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export class DriveCertificateFiles implements CertificateFiles {
  readonly name = 'drive';

  /** `rootUrl`: a local fake's; googleapis rewrites a client's calls to it, but not an upload's media URL, so an upload names it. */
  constructor(
    private readonly client: drive_v3.Drive,
    private readonly folderId: string,
    private readonly rootUrl?: string,
  ) {}

  private async find(serial: string): Promise<drive_v3.Schema$File | undefined> {
    if (!SAFE.test(serial)) throw new Error(`not a certificate serial: ${serial.slice(0, 80)}`);
    const response = await this.client.files.list({
      q: `name = ${quoted(`${serial}.pdf`)} and ${quoted(this.folderId)} in parents and trashed = false`,
      fields: 'files(id,name,webViewLink)',
      pageSize: 10,
      supportsAllDrives: true,
      includeItemsFromAllDrives: true,
    });
    return response.data.files?.[0];
  }

  async put(serial: string, pdf: Buffer): Promise<string> {
    const existing = await this.find(serial);
    if (existing?.id) return existing.webViewLink ?? existing.id;
    const created = await this.client.files.create(
      {
        uploadType: 'multipart',
        supportsAllDrives: true,
        fields: 'id,webViewLink',
        requestBody: { name: `${serial}.pdf`, parents: [this.folderId], mimeType: 'application/pdf', appProperties: { serial } },
        media: { mimeType: 'application/pdf', body: Readable.from([pdf]) },
      },
      this.rootUrl === undefined ? {} : { rootUrl: this.rootUrl },
    );
    const id = created.data.id;
    if (!id) throw new Error(`Drive stored ${serial}.pdf but returned no file id`);
    return created.data.webViewLink ?? id;
  }

  async get(serial: string): Promise<Buffer | undefined> {
    const file = await this.find(serial);
    if (!file?.id) return undefined;
    const response = await this.client.files.get(
      { fileId: file.id, alt: 'media', supportsAllDrives: true },
      { responseType: 'arraybuffer' },
    );
    return Buffer.from(response.data as unknown as ArrayBuffer);
  }
}

/** The client acts as the function's service account, which reaches only what is shared with it (see SCOPES.drive). */
export async function driveCertificateFiles(
  config: GoogleClientConfig,
  folderId: string,
  retry = DRIVE_RETRY_POLICY,
): Promise<CertificateFiles> {
  const options = await googleClientOptions(config, [SCOPES.drive]);
  const client = drive({ version: 'v3', ...options, ...googleRequestOptions(retry, IDEMPOTENT_METHODS) });
  return new DriveCertificateFiles(client, folderId, config.googleApiRootUrl);
}
