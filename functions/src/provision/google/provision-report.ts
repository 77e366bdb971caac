// What `provision --google` did, in words for the operator who ran it: ids, links, what changed and what to do next.
import type { GoogleProvisionReport } from './provision-google.js';

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

  if (report.sharedWith !== undefined) {
    lines.push(
      `Shared the spreadsheet and ${report.forms.length} forms with ${report.sharedWith} as editor; Google e-mails them the links.`,
    );
  }
  lines.push(
    `This command ran ${ranAs}.`,
    'The functions read and write the spreadsheet as their runtime service account; if that account did not create it,',
    'share the spreadsheet with it as editor (--share <its e-mail>, or the Share button). Its e-mail:',
    `  ${RUNTIME_ACCOUNT}`,
  );
  return lines.join('\n');
}
