// Which certificate storage and key the configuration names: a local folder, a Drive folder (STORE=sheets), or memory.
import { certificateSecret } from '../adapters/certificates/secret.js';
import { FolderCertificateFiles } from '../adapters/certificates/folder-files.js';
import type { Config } from '../config.js';
import type { CertificateFiles, Logger } from '../ports.js';
import type { CertificateDeps } from './certificates.js';

/**
 * Undefined when certificates are off: STORE=sheets without CERTIFICATES_DRIVE_FOLDER_ID, and the memory store
 * (tests and demos, where result e-mails would otherwise wait for certificates no recompute has issued yet),
 * unless a caller passes storage of its own. Then the Certificates tab is left alone and nothing waits for it.
 */
export function certificateFilesFor(config: Config): CertificateFiles | undefined {
  switch (config.store) {
    case 'memory':
      return undefined;
    case 'xlsx':
      return new FolderCertificateFiles(config.certificates.dir, config.certificates.dirName);
    case 'sheets': {
      const folderId = config.certificates.driveFolderId;
      if (folderId === undefined) return undefined;
      return lazyDriveFiles(config, folderId);
    }
  }
}

/** The Drive client is loaded with the first certificate stored or read, not by every cold start. */
function lazyDriveFiles(config: Config, folderId: string): CertificateFiles {
  let files: Promise<CertificateFiles> | undefined;
  const once = () =>
    (files ??= import('../adapters/certificates/drive-files.js').then(({ driveCertificateFiles }) =>
      driveCertificateFiles(config, folderId),
    ));
  return {
    name: 'drive',
    put: async (serial, pdf) => (await once()).put(serial, pdf),
    get: async (serial) => (await once()).get(serial),
  };
}

export function certificateDepsFor(config: Config, logger: Logger, files?: CertificateFiles): CertificateDeps | undefined {
  const chosen = files ?? certificateFilesFor(config);
  if (chosen === undefined && config.store === 'memory') return undefined;
  if (chosen === undefined) {
    logger.warn('certificates are off: set CERTIFICATES_DRIVE_FOLDER_ID to the Drive folder that keeps them');
    return undefined;
  }
  return { files: chosen, secret: certificateSecret(config), logger };
}
