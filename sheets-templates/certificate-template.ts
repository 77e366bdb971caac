// The certificate template: its texts (Settings keys with defaults in both languages) and the layout of the one-page PDF.
import type { TemplateLanguage } from './email-templates.js';

export type CertificateKindCode = 'completion' | 'excellent' | 'level';

/** A certificate text staff may change in Settings; `{{name}}`, `{{subject}}` and `{{date}}` are filled in. */
export interface CertificateText {
  readonly key: string;
  readonly label: { readonly zh: string; readonly en: string };
  readonly defaults: Readonly<Record<TemplateLanguage, string>>;
}

const t = (key: string, zh: string, en: string, defaults: Record<TemplateLanguage, string>): CertificateText => ({
  key,
  label: { zh, en },
  defaults,
});

export const CERTIFICATE_PLACEHOLDERS: readonly string[] = ['name', 'subject', 'date'];

export const CERTIFICATE_TEXTS = {
  issuer: t('certificate_issuer', '证书颁发机构', 'Issuing centre on certificates', {
    'zh-CN': '客户经理培训中心',
    en: 'Customer Manager Training Centre',
  }),
  completionTitle: t('certificate_completion_title', '结业证书标题', 'Title of a certificate of completion', {
    'zh-CN': '结业证书',
    en: 'Certificate of Completion',
  }),
  completionText: t('certificate_completion_text', '结业证书正文', 'Text of a certificate of completion', {
    'zh-CN': '{{name}} 同志参加“{{subject}}”培训，经考核合格，准予结业，特发此证。',
    en: 'This is to certify that {{name}} has completed the course “{{subject}}” and passed its assessment.',
  }),
  excellentTitle: t('certificate_excellent_title', '优秀学员荣誉证书标题', 'Title of a certificate of excellence', {
    'zh-CN': '优秀学员荣誉证书',
    en: 'Certificate of Excellence',
  }),
  excellentText: t('certificate_excellent_text', '优秀学员荣誉证书正文', 'Text of a certificate of excellence', {
    'zh-CN': '{{name}} 同志在“{{subject}}”培训中成绩优异，被评为优秀学员，特发此证，以资鼓励。',
    en: 'This is to certify that {{name}} was named an excellent trainee of the course “{{subject}}”.',
  }),
  levelTitle: t('certificate_level_title', '认证证书标题', 'Title of a certification certificate', {
    'zh-CN': '客户经理资格认证证书',
    en: 'Customer Manager Certification',
  }),
  levelText: t('certificate_level_text', '认证证书正文', 'Text of a certification certificate', {
    'zh-CN': '{{name}} 同志已修完{{subject}}客户经理认证课程并通过考核，特授予{{subject}}客户经理资格。',
    en: 'This is to certify that {{name}} has completed the curriculum of the {{subject}} level and is certified at that level.',
  }),
  serialLabel: t('certificate_serial_label', '证书编号字样', 'Serial label on certificates', {
    'zh-CN': '证书编号',
    en: 'Serial',
  }),
  dateLabel: t('certificate_date_label', '颁发日期字样', 'Date label on certificates', {
    'zh-CN': '颁发日期',
    en: 'Date of issue',
  }),
  verifyHint: t('certificate_verify_hint', '证书核验说明', 'How to verify, on certificates', {
    'zh-CN': '可凭证书编号向颁发机构核验真伪',
    en: 'The issuing centre verifies this certificate by its serial',
  }),
} as const satisfies Record<string, CertificateText>;

export type CertificateTextName = keyof typeof CERTIFICATE_TEXTS;

/** Title and text of each kind. */
export const CERTIFICATE_KIND_TEXTS: Readonly<Record<CertificateKindCode, { title: CertificateTextName; text: CertificateTextName }>> = {
  completion: { title: 'completionTitle', text: 'completionText' },
  excellent: { title: 'excellentTitle', text: 'excellentText' },
  level: { title: 'levelTitle', text: 'levelText' },
};

/**
 * The page: A4 landscape in PDF points (1/72 inch), a double frame, the title, the text, then issuer, date
 * and serial. Colours are those of the workbook's headers.
 */
export const CERTIFICATE_LAYOUT = {
  size: 'A4',
  layout: 'landscape',
  margin: 56,
  frame: { outer: 24, inner: 32, colour: '#8B1A1A', width: { outer: 3, inner: 1 } },
  title: { y: 110, size: 40, colour: '#8B1A1A' },
  name: { y: 200, size: 26, colour: '#1F1F1F' },
  text: { y: 260, size: 16, colour: '#1F1F1F', lineGap: 8, indent: 90 },
  footer: { y: 430, size: 13, colour: '#1F1F1F' },
  serial: { y: 520, size: 10, colour: '#555555' },
} as const;
