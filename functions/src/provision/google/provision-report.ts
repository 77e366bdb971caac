// What `provision --google` did, in words for the operator who ran it: ids, links, what changed and what to do next.
import type { GoogleProvisionReport } from './provision-google.js';
import { respondersText } from './share.js';

const RUNTIME_ACCOUNT = "gcloud functions describe training --gen2 --region=REGION --format='value(serviceConfig.serviceAccountEmail)'";

/** `ranAs` completes "This command ran …": "as sa@…", "with your own Google login", "against http://… without credentials". */
export function provisionReportText(report: GoogleProvisionReport, ranAs: string): string {
  const lines: string[] = [];
  const { plan } = report;
  if (report.created) {
    lines.push(
      `Created the spreadsheet ${report.spreadsheetId}:`,
      `  ${report.url}`,
      "Put this line in .env (and in the functions' environment):",
      `  SPREADSHEET_ID=${report.spreadsheetId}`,
    );
  } else {
    lines.push(`Spreadsheet ${report.spreadsheetId}: ${report.url}`);
    const addedTabs = [...plan.tabs.values()].filter((tab) => tab.added).map((tab) => tab.name);
    if (addedTabs.length > 0) lines.push(`  added tabs: ${addedTabs.join(', ')}`);
    for (const tab of plan.tabs.values()) {
      if (!tab.added && tab.addedHeaders.length > 0) lines.push(`  added to ${tab.name}: ${tab.addedHeaders.join(', ')}`);
    }
  }
  lines.push(report.sheetRequests === 0 ? '  nothing to change in the tabs' : `  ${report.sheetRequests} changes sent in one batch`);
  if (plan.filledSettings) lines.push('  Settings filled with the defaults');
  if (report.sampleRows > 0) lines.push(`  sample data: ${report.sampleRows} rows`);

  lines.push('Forms:');
  for (const form of report.forms) {
    const what = form.created
      ? `created with ${form.addedQuestions.length} questions`
      : form.addedQuestions.length > 0
        ? `added ${form.addedQuestions.join(', ')}`
        : 'unchanged';
    lines.push(
      `  ${form.kind.padEnd(11)} ${what}${form.published ? ', published' : ''}`,
      `              answer: ${form.responderUrl}`,
      `              edit:   ${form.editUrl}`,
    );
  }
  lines.push(report.formsTabRanges === 0 ? '  the Forms tab already lists them' : '  recorded in the Forms tab');

  lines.push(...sharingLines(report));
  lines.push(...certificatesLines(report));
  lines.push(`This command ran ${ranAs}.`);
  if (report.serviceAccount === undefined) {
    lines.push(
      'The functions read and write the spreadsheet, read the forms and own their watches as their runtime service account:',
      'run this again with --service-account <its e-mail> (or IMPERSONATE_SERVICE_ACCOUNT set) to make it editor of all of them. Its e-mail:',
      `  ${RUNTIME_ACCOUNT}`,
    );
  }
  return lines.join('\n');
}

function sharingLines(report: GoogleProvisionReport): string[] {
  const lines: string[] = [];
  const forms = report.forms.length;
  if (report.sharedWith !== undefined) {
    lines.push(`Shared the spreadsheet and ${forms} forms with ${report.sharedWith} as editor; Google e-mails them the links.`);
  }
  if (report.serviceAccount !== undefined) {
    lines.push(`Shared the spreadsheet and ${forms} forms with the functions' account ${report.serviceAccount} as editor.`);
  }
  if (report.responders === undefined) {
    lines.push(
      "Nobody but the forms' editors can answer them yet: run this again with --responders domain:<your domain> (or group:…, user:…,",
      'anyone), or with --share, whose Workspace domain is taken.',
    );
  } else {
    const added = report.respondersAdded === 0 ? 'as before' : `added to ${report.respondersAdded} forms`;
    lines.push(`Who may answer the forms: ${respondersText(report.responders)} (${added}).`);
  }
  return lines;
}

/** The certificates' folder, and the line deploy.sh needs; or why there is none yet. */
function certificatesLines(report: GoogleProvisionReport): string[] {
  const folder = report.certificates;
  if (folder === undefined) return [];
  if (folder === null) {
    return [
      'Certificates: no Drive folder yet. The functions upload the PDFs as their service account, which can own no files in',
      'a My Drive (Drive refuses: "Service Accounts do not have storage quota"), so the folder must be in a shared drive:',
      'run this again with --certificates-drive <shared drive id> (the part of its URL after /drive/folders/).',
    ];
  }
  const lines = [
    `Certificates: ${folder.created ? 'created the folder' : 'the folder'} ${folder.folderId}${folder.sharedDriveId ? ` in shared drive ${folder.sharedDriveId}` : ''}:`,
    `  ${folder.url}`,
  ];
  if (folder.sharedDriveId === undefined) {
    lines.push(
      "  It is in a My Drive, where Drive refuses the service account's uploads: move it into a shared drive, or unset",
      '  CERTIFICATES_DRIVE_FOLDER_ID and run this again with --certificates-drive <shared drive id>.',
    );
  }
  lines.push(
    folder.sharedWith === undefined
      ? "  Not shared with the functions' account yet: run this again with --service-account <its e-mail>."
      : `  ${folder.sharedWith} may add files to it (writer).`,
    'Pass it to scripts/deploy.sh:',
    `  CERTIFICATES_DRIVE_FOLDER_ID=${folder.folderId}`,
    '  with CERTIFICATE_SECRET, made once with `openssl rand -base64 48` and kept: a new key fails every certificate issued before.',
  );
  return lines;
}
