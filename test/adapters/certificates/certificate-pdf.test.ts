// A certificate's PDF parsed back with pdf.js: one page, its text and serial, the CJK font embedded as a subset, small, the same bytes each time.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { renderCertificatePdf } from '../../../functions/src/adapters/certificates/certificate-pdf.js';
import { certificateContent } from '../../../functions/src/core/certificates/content.js';
import type { IssuedCertificate } from '../../../functions/src/core/certificates/register.js';
import { defaultSettings } from '../../../functions/src/core/settings.js';

const CERTIFICATE: IssuedCertificate = {
  serial: 'CMT-2026-000007-S7853TZ04F',
  trainee_id: 'CM2026001',
  name: '欧阳娜娜',
  kind: '结业证书',
  course_id: 'C2026-01',
  subject: '银行客户经理概论',
  issued_at: '2026-07-15T10:00:00+08:00',
  issued_on: '2026-07-15',
  file: '',
  note: '',
};

interface Parsed {
  readonly pages: number;
  readonly text: string;
  readonly fonts: readonly { readonly name: string; readonly embedded: boolean }[];
}

async function parse(pdf: Buffer): Promise<Parsed> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, disableFontFace: true }).promise;
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  const text = content.items.map((item) => ('str' in item ? item.str : '')).join('');
  // The fonts the page uses, as pdf.js loaded them: `missingFile` is true for a font the PDF does not carry.
  const operators = await page.getOperatorList();
  const ids = new Set<string>();
  operators.fnArray.forEach((fn, i) => {
    const args = operators.argsArray[i] as unknown[];
    if (fn === 37 /* OPS.setFont */ && typeof args[0] === 'string') ids.add(args[0]);
  });
  const fonts = [...ids].map((id) => {
    const font = page.commonObjs.get(id) as { name: string; missingFile: boolean };
    return { name: font.name, embedded: !font.missingFile };
  });
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, text, fonts };
}

describe('a certificate of completion in Chinese', () => {
  it('is one page with the title, name, course, centre, date and serial, in an embedded subset of Noto Sans SC, under 200 KB', async () => {
    const pdf = await renderCertificatePdf(certificateContent(CERTIFICATE, defaultSettings()), CERTIFICATE.issued_on);
    const parsed = await parse(pdf);
    expect(parsed.pages).toBe(1);
    const text = parsed.text.replace(/\s+/g, '');
    for (const part of ['结业证书', '欧阳娜娜', '银行客户经理概论', '客户经理培训中心', '2026年7月15日', CERTIFICATE.serial]) {
      expect(text).toContain(part.replace(/\s+/g, ''));
    }
    expect(parsed.fonts.length).toBeGreaterThan(0);
    for (const font of parsed.fonts) {
      expect(font.embedded, font.name).toBe(true);
      // A subset carries a six-letter tag before its name (ISO 32000-1, 9.6.4).
      expect(font.name).toMatch(/^[A-Z]{6}\+NotoSansSC/);
    }
    expect(pdf.length).toBeLessThan(200 * 1024);
  });

  it('is the same bytes when drawn again', async () => {
    const content = certificateContent(CERTIFICATE, defaultSettings());
    const [a, b] = await Promise.all([renderCertificatePdf(content, '2026-07-15'), renderCertificatePdf(content, '2026-07-15')]);
    expect(a.equals(b)).toBe(true);
  });
});

describe('a certification certificate with the Settings language en', () => {
  it('says it in English, the level named in English', async () => {
    const settings = { ...defaultSettings(), language: 'en' as const };
    const level = { ...CERTIFICATE, kind: '认证证书', course_id: '', subject: '专业级·对公' };
    const parsed = await parse(await renderCertificatePdf(certificateContent(level, settings), level.issued_on));
    expect(parsed.text).toContain('Customer Manager Certification');
    expect(parsed.text).toContain('Professional · Corporate');
    expect(parsed.text).toContain('15 July 2026');
    expect(parsed.text).toContain(level.serial);
  });

  it('uses a title staff typed in Settings', async () => {
    const settings = { ...defaultSettings(), certificate_completion_title: '培训合格证书' } as ReturnType<typeof defaultSettings>;
    const parsed = await parse(await renderCertificatePdf(certificateContent(CERTIFICATE, settings), CERTIFICATE.issued_on));
    expect(parsed.text.replace(/\s+/g, '')).toContain('培训合格证书');
  });
});
