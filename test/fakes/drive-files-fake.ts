// The Drive API's files.create (multipart upload), files.list (by name in a folder) and files.get (metadata or alt=media), as strict as Drive where it matters.
import { simpleParser } from 'mailparser';
import { googleError, type FakeRequest, type FakeResponse, type Route } from './http-fake.js';

export interface StoredFile {
  readonly id: string;
  readonly name: string;
  readonly parents: readonly string[];
  readonly mimeType: string;
  readonly appProperties: Readonly<Record<string, string>>;
  readonly content: Buffer;
}

/** The one query shape Drive's search language allows that the adapter uses; anything else is Drive's "Invalid Value". */
const QUERY = /^name = '((?:[^'\\]|\\.)*)' and '([\w-]+)' in parents and trashed = false$/;

export class DriveFilesFake {
  readonly files = new Map<string, StoredFile>();
  /** Every upload Drive accepted: the same name twice in a folder is a certificate uploaded twice. */
  readonly uploads: string[] = [];
  private readonly folders = new Set<string>();
  private created = 0;

  constructor(folders: readonly string[]) {
    for (const folder of folders) this.folders.add(folder);
  }

  routes(): Route[] {
    return [
      { method: 'POST', pattern: /^\/upload\/drive\/v3\/files$/, handle: (request) => this.create(request) },
      { method: 'GET', pattern: /^\/drive\/v3\/files$/, handle: (request) => this.list(request) },
      { method: 'GET', pattern: /^\/drive\/v3\/files\/([^/]+)$/, handle: (request, match) => this.get(match[1] ?? '', request) },
    ];
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
    if (parents.length > 1) return googleError(403, 'A shared drive item must have exactly one parent.', 'teamDrivesParentLimit');
    for (const parent of parents) if (!this.folders.has(parent)) return googleError(404, `File not found: ${parent}.`, 'notFound');
    this.created += 1;
    const file: StoredFile = {
      id: `drive-file-${String(this.created).padStart(6, '0')}`,
      name: metadata.name ?? 'Untitled',
      parents,
      mimeType: metadata.mimeType ?? media.contentType,
      appProperties: metadata.appProperties ?? {},
      content: media.content,
    };
    this.files.set(file.id, file);
    this.uploads.push(`${parents[0] ?? 'root'}/${file.name}`);
    return { status: 200, body: this.resource(file, request.query.get('fields')) };
  }

  private list(request: FakeRequest): FakeResponse {
    const q = request.query.get('q') ?? '';
    const match = QUERY.exec(q);
    if (match === null) return googleError(400, 'Invalid Value', 'invalid');
    const name = (match[1] ?? '').replace(/\\(.)/g, '$1');
    const files = [...this.files.values()].filter((file) => file.name === name && file.parents.includes(match[2] ?? ''));
    return { status: 200, body: { files: files.map((file) => this.resource(file, 'id,name,webViewLink')) } };
  }

  private get(id: string, request: FakeRequest): FakeResponse {
    const file = this.files.get(id);
    if (file === undefined) return googleError(404, `File not found: ${id}.`, 'notFound');
    if (request.query.get('alt') === 'media') return { status: 200, body: file.content, headers: { 'content-type': file.mimeType } };
    return { status: 200, body: this.resource(file, request.query.get('fields')) };
  }

  private resource(file: StoredFile, fields: string | null): Record<string, unknown> {
    const all = { id: file.id, name: file.name, mimeType: file.mimeType, webViewLink: `https://drive.google.com/file/d/${file.id}/view` };
    if (fields === null) return { id: all.id, name: all.name, mimeType: all.mimeType };
    return Object.fromEntries(Object.entries(all).filter(([key]) => fields.split(',').includes(key)));
  }
}
