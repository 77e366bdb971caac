// What a certificate's page says, in the Settings language: the Settings texts with name, subject and date filled in.
import { DateTime } from 'luxon';
import {
  CERTIFICATE_KIND_TEXTS,
  CERTIFICATE_TEXTS,
  CERTIFICATION_LEVELS,
  type CertificateKindCode,
  type CertificateTextName,
} from '../../../../sheets-templates/index.js';
import type { Language } from '../problems.js';
import type { Settings } from '../settings.js';
import { kindCodeOf } from './rules.js';
import type { IssuedCertificate } from './register.js';

export interface CertificateContent {
  readonly language: Language;
  readonly title: string;
  readonly name: string;
  readonly text: string;
  readonly issuer: string;
  readonly dateLine: string;
  readonly serialLine: string;
  readonly verifyHint: string;
  /** For the PDF's metadata. */
  readonly subject: string;
  readonly serial: string;
}

/** A Settings text, or the built-in one of the language when staff left it blank or at a default of either language. */
export function certificateText(settings: Settings, name: CertificateTextName): string {
  const def = CERTIFICATE_TEXTS[name];
  const configured = ((settings as unknown as Record<string, unknown>)[def.key] as string | undefined) ?? '';
  const untouched = configured.trim() === '' || Object.values(def.defaults).includes(configured);
  return untouched ? def.defaults[settings.language] : configured;
}

/** A level name in the language; course titles are shown as the Plan has them. */
function subjectIn(kind: CertificateKindCode, subject: string, language: Language): string {
  if (kind !== 'level' || language !== 'en') return subject;
  return CERTIFICATION_LEVELS.find((level) => level.value === subject)?.label.en ?? subject;
}

export function dateText(isoDate: string, language: Language): string {
  const date = DateTime.fromISO(isoDate, { zone: 'utc' });
  if (!date.isValid) return isoDate;
  return language === 'en' ? date.setLocale('en-GB').toFormat('d MMMM yyyy') : `${date.year}年${date.month}月${date.day}日`;
}

/** One line: a value never breaks the page's layout or adds lines of its own. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

export function certificateContent(certificate: IssuedCertificate, settings: Settings): CertificateContent {
  const language = settings.language;
  const kind = kindCodeOf(certificate.kind) ?? 'completion';
  const texts = CERTIFICATE_KIND_TEXTS[kind];
  const subject = subjectIn(kind, certificate.subject, language);
  const date = dateText(certificate.issued_on, language);
  const values: Readonly<Record<string, string>> = { name: oneLine(certificate.name), subject: oneLine(subject), date };
  const fill = (template: string) => oneLine(template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, key: string) => values[key] ?? ''));
  const colon = language === 'en' ? ': ' : '：';
  return {
    language,
    title: fill(certificateText(settings, texts.title)),
    name: values['name'] ?? '',
    text: fill(certificateText(settings, texts.text)),
    issuer: fill(certificateText(settings, 'issuer')),
    dateLine: `${fill(certificateText(settings, 'dateLabel'))}${colon}${date}`,
    serialLine: `${fill(certificateText(settings, 'serialLabel'))}${colon}${certificate.serial}`,
    verifyHint: fill(certificateText(settings, 'verifyHint')),
    subject,
    serial: certificate.serial,
  };
}
