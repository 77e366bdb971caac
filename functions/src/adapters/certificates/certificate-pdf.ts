// Draws a certificate as a one-page PDF with pdfkit and the embedded (subset) Noto Sans SC; the same certificate is the same bytes.
import { CERTIFICATE_LAYOUT as L } from '../../../../sheets-templates/index.js';
import type { CertificateContent } from '../../core/certificates/content.js';
import { renderCjkPdf } from '../pdf/cjk-document.js';

/**
 * `issuedOn` (ISO date) is the document's creation date: pdfkit derives the file ID from it, so with no other
 * clock in the file the same certificate renders to identical bytes, and a stored PDF can be compared with a
 * fresh rendering.
 */
export function renderCertificatePdf(content: CertificateContent, issuedOn: string): Promise<Buffer> {
  return renderCjkPdf(
    {
      dated: new Date(`${issuedOn}T00:00:00Z`),
      size: L.size,
      layout: L.layout,
      margin: L.margin,
      compress: true,
      lang: content.language,
      info: { Title: `${content.title} ${content.serial}`, Subject: content.subject, Author: content.issuer, Creator: content.issuer },
    },
    (doc) => draw(doc, content),
  );
}

function draw(doc: PDFKit.PDFDocument, content: CertificateContent): void {
  const { width, height } = doc.page;
  const { outer, inner, colour } = L.frame;
  doc
    .lineWidth(L.frame.width.outer)
    .strokeColor(colour)
    .rect(outer, outer, width - 2 * outer, height - 2 * outer)
    .stroke();
  doc
    .lineWidth(L.frame.width.inner)
    .rect(inner, inner, width - 2 * inner, height - 2 * inner)
    .stroke();

  const left = L.margin;
  const span = width - 2 * L.margin;
  const centred = { width: span, align: 'center' as const };
  // Chinese titles are spaced out, as printed certificates are; any title shrinks until it fits one line.
  const spacing = content.language === 'en' ? 1 : 6;
  doc.font('bold').fillColor(L.title.colour);
  fitted(doc, content.title, L.title.size, span, spacing).text(content.title, left, L.title.y, { ...centred, characterSpacing: spacing });
  doc.font('bold').fillColor(L.name.colour);
  fitted(doc, content.name, L.name.size, span, 0).text(content.name, left, L.name.y, centred);
  doc
    .font('regular')
    .fontSize(L.text.size)
    .fillColor(L.text.colour)
    .text(content.text, left + L.text.indent, L.text.y, { width: span - 2 * L.text.indent, align: 'left', lineGap: L.text.lineGap });

  const right = { width: span - 60, align: 'right' as const };
  doc.font('regular').fontSize(L.footer.size).fillColor(L.footer.colour);
  doc.text(content.issuer, left, L.footer.y, right);
  doc.text(content.dateLine, left, L.footer.y + L.footer.size * 1.8, right);

  doc.fontSize(L.serial.size).fillColor(L.serial.colour);
  doc.text(`${content.serialLine}    ${content.verifyHint}`, left, L.serial.y, centred);
}

/** The document at the largest size up to `size` at which `text` fits `width` on one line. */
function fitted(doc: PDFKit.PDFDocument, text: string, size: number, width: number, spacing: number): PDFKit.PDFDocument {
  let current = size;
  while (current > 8 && doc.fontSize(current).widthOfString(text, { characterSpacing: spacing }) > width) current -= 1;
  return doc.fontSize(current);
}
