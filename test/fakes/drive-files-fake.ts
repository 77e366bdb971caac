// The Drive API's files.create (multipart upload, or a folder's metadata alone), files.list (by name) and files.get, as strict as Drive where it matters.
import { simpleParser } from 'mailparser';
import { googleError, type FakeRequest, type FakeResponse, type Route } from './http-fake.js';

export interface StoredFile {
  readonly id: string;
  readonly name: string;
  readonly parents: readonly string[];
  readonly mimeType: string;
  readonly appProperties: Readonly<Record<string, string>>;
  readonly content: Buffer;
  /** The shared drive it is in; absent: a My Drive. */
  readonly driveId?: string;
}

/** The query shapes the adapter and provisioning use; anything else is Drive's "Invalid Value". */
const QUERY = /^name = '((?:[^'\\]|\\.)*)' and '([\w-]+)' in parents and trashed = false$/;
const FOLDER_QUERY =
  /^name = '((?:[^'\\]|\\.)*)' and mimeType = 'application\/vnd\.google-apps\.folder' and trashed = false(?: and '([\w-]+)' in parents)?$/;
export const FOLDER_MIME_TYPE = 'application/vnd.google-apps.folder';

export class DriveFilesFake {
  readonly files = new Map<string, StoredFile>();
  /** Every upload Drive accepted: the same name twice in a folder is a certificate uploaded twice. */
  readonly uploads: string[] = [];
  /** Folders that existed before (kept out of `files`, which holds what was created). */
  private readonly folders = new Map<string, StoredFile>();
  private readonly sharedDrives = new Set<string>();
  private created = 0;

  /** `folders`: ids of folders that exist already (in a My Drive); `sharedDrives`: ids of shared drives. */
  constructor(folders: readonly string[], sharedDrives: readonly string[] = []) {
    for (const id of folders)
      this.folders.set(id, { id, name: id, parents: [], mimeType: FOLDER_MIME_TYPE, appProperties: {}, content: Buffer.alloc(0) });
    for (const id of sharedDrives) this.sharedDrives.add(id);
  }

  /** Whether a file, folder or shared drive of this id exists (for the permissions fake). */
  has(id: string): boolean {
    return this.lookup(id) !== undefined || this.sharedDrives.has(id);
  }

  private lookup(id: string): StoredFile | undefined {
    return this.files.get(id) ?? this.folders.get(id);
  }

  routes(): Route[] {
    return [
      { method: 'POST', pattern: /^\/upload\/drive\/v3\/files$/, handle: (request) => this.create(request) },
      { method: 'POST', pattern: /^\/drive\/v3\/files$/, handle: (request) => this.createMetadataOnly(request) },
      { method: 'GET', pattern: /^\/drive\/v3\/files$/, handle: (request) => this.list(request) },
      { method: 'GET', pattern: /^\/drive\/v3\/files\/([^/]+)$/, handle: (request, match) => this.get(match[1] ?? '', request) },
    ];
  }

  /**
   * Where a new file may go: one parent, an existing folder or shared drive (a shared drive's items are
   * found only with supportsAllDrives=true; other files are no parent). Returns the refusal, or the drive id.
   */
  private parentOf(parents: readonly string[], request: FakeRequest): FakeResponse | { readonly driveId?: string } {
    if (parents.length > 1) return googleError(403, 'A shared drive item must have exactly one parent.', 'teamDrivesParentLimit');
    const parent = parents[0];
    if (parent === undefined) return {};
    const allDrives = request.query.get('supportsAllDrives') === 'true';
    if (this.sharedDrives.has(parent)) return allDrives ? { driveId: parent } : googleError(404, `File not found: ${parent}.`, 'notFound');
    const folder = this.lookup(parent);
    if (folder === undefined || (folder.driveId !== undefined && !allDrives))
      return googleError(404, `File not found: ${parent}.`, 'notFound');
    if (folder.mimeType !== FOLDER_MIME_TYPE) return googleError(400, 'The specified parent is not a folder.', 'invalidParent');
    return folder.driveId === undefined ? {} : { driveId: folder.driveId };
  }

  private store(file: Omit<StoredFile, 'id'>): StoredFile {
    this.created += 1;
    const stored: StoredFile = { id: `drive-file-${String(this.created).padStart(6, '0')}`, ...file };
    this.files.set(stored.id, stored);
    return stored;
  }

  /** POST /drive/v3/files: metadata only, how a folder is made (with any other type, an empty file that holds nothing). */
  private createMetadataOnly(request: FakeRequest): FakeResponse {
    const metadata = (request.body ?? {}) as { name?: string; parents?: string[]; mimeType?: string };
    if (typeof request.body !== 'object' || request.body === null) return googleError(400, 'The request body is not JSON', 'parseError');
    const parent = this.parentOf(metadata.parents ?? [], request);
    if ('status' in parent) return parent;
    const file = this.store({
      name: metadata.name ?? 'Untitled',
      parents: metadata.parents ?? [],
      mimeType: metadata.mimeType ?? 'application/octet-stream',
      appProperties: {},
      content: Buffer.alloc(0),
      ...parent,
    });
    return { status: 200, body: this.resource(file, request.query.get('fields')) };
  }

  private async create(request: FakeRequest): Promise<FakeResponse> {
    const uploadType = request.query.get('uploadType');
    if (uploadType !== 'multipart')
      return googleError(400, `Invalid upload type: ${uploadType ?? '(none)'}; this fake takes multipart`, 'badRequest');
    const type = request.headers['content-type'] ?? '';
    if (!/^multipart\/related;\s*boundary=/i.test(type))
      return googleError(400, 'Multipart upload needs Content-Type multipart/related', 'badContent');
    // mailparser reads the MIME: the first part is the JSON metadata, the second the media.
    const parsed = await simpleParser(Buffer.concat([Buffer.from(`Content-Type: ${type}\r\n\r\n`), request.rawBody]));
    const [head, media] = parsed.attachments;
    let metadata: { name?: string; parents?: string[]; mimeType?: string; appProperties?: Record<string, string> };
    try {
      if (head?.contentType !== 'application/json') throw new Error('no JSON part');
      metadata = JSON.parse(head.content.toString('utf8')) as typeof metadata;
    } catch {
      return googleError(400, 'The metadata part is not JSON', 'parseError');
    }
    if (media === undefined) return googleError(400, 'Media upload has no media part', 'badContent');
    const parents = metadata.parents ?? [];
    const parent = this.parentOf(parents, request);
    if ('status' in parent) return parent;
    const file = this.store({
      name: metadata.name ?? 'Untitled',
      parents,
      mimeType: metadata.mimeType ?? media.contentType,
      appProperties: metadata.appProperties ?? {},
      content: media.content,
      ...parent,
    });
    this.uploads.push(`${parents[0] ?? 'root'}/${file.name}`);
    return { status: 200, body: this.resource(file, request.query.get('fields')) };
  }

  private list(request: FakeRequest): FakeResponse {
    const q = request.query.get('q') ?? '';
    const corpora = request.query.get('corpora');
    const driveId = request.query.get('driveId');
    if (corpora === 'drive' && driveId === null)
      return googleError(400, 'The driveId parameter must be specified if and only if corpora is set to drive.', 'invalid');
    if ((corpora === 'drive' || corpora === 'allDrives') && request.query.get('includeItemsFromAllDrives') !== 'true')
      return googleError(
        403,
        'The includeItemsFromAllDrives parameter must be set to true when corpora is drive or allDrives.',
        'teamDrivesParameterRequired',
      );
    const byName = QUERY.exec(q);
    const folders = FOLDER_QUERY.exec(q);
    if (byName === null && folders === null) return googleError(400, 'Invalid Value', 'invalid');
    const name = ((byName ?? folders)?.[1] ?? '').replace(/\\(.)/g, '$1');
    const parent = byName?.[2] ?? folders?.[2];
    const inCorpus = (file: StoredFile) =>
      corpora === 'drive'
        ? file.driveId === driveId
        : corpora === 'allDrives' || file.driveId === undefined || request.query.get('includeItemsFromAllDrives') === 'true';
    const files = [...this.files.values()].filter(
      (file) =>
        file.name === name &&
        (parent === undefined || file.parents.includes(parent)) &&
        (folders === null || file.mimeType === FOLDER_MIME_TYPE) &&
        inCorpus(file),
    );
    const fields = /^files\((.*)\)$/.exec(request.query.get('fields') ?? '')?.[1] ?? 'id,name,webViewLink';
    return { status: 200, body: { files: files.map((file) => this.resource(file, fields)) } };
  }

  private get(id: string, request: FakeRequest): FakeResponse {
    const file = this.lookup(id);
    if (file === undefined || (file.driveId !== undefined && request.query.get('supportsAllDrives') !== 'true'))
      return googleError(404, `File not found: ${id}.`, 'notFound');
    if (request.query.get('alt') === 'media') return { status: 200, body: file.content, headers: { 'content-type': file.mimeType } };
    return { status: 200, body: this.resource(file, request.query.get('fields')) };
  }

  private resource(file: StoredFile, fields: string | null): Record<string, unknown> {
    const link =
      file.mimeType === FOLDER_MIME_TYPE
        ? `https://drive.google.com/drive/folders/${file.id}`
        : `https://drive.google.com/file/d/${file.id}/view`;
    const all = {
      id: file.id,
      name: file.name,
      mimeType: file.mimeType,
      webViewLink: link,
      trashed: false,
      ...(file.driveId === undefined ? {} : { driveId: file.driveId }),
    };
    if (fields === null) return { id: all.id, name: all.name, mimeType: all.mimeType };
    return Object.fromEntries(Object.entries(all).filter(([key]) => fields.split(',').includes(key)));
  }
}
