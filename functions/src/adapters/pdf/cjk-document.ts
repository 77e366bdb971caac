// One pdfkit document with Noto Sans SC registered as 'regular' and 'bold', dated so the same content is the same bytes.
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { cjkFontFiles } from './cjk-font.js';

let cached: { readonly regular: Buffer; readonly bold: Buffer } | undefined;

/** The two 10 MB fonts read once per process, not once per document (reading them was most of a certificate's time). */
function cjkFontBytes(): { readonly regular: Buffer; readonly bold: Buffer } {
  if (cached === undefined) {
    const files = cjkFontFiles();
    cached = { regular: readFileSync(files.regular), bold: readFileSync(files.bold) };
  }
  return cached;
}

export type CjkDocumentOptions = Omit<PDFKit.PDFDocumentOptions, 'font' | 'info'> & {
  /** The document's creation date: pdfkit derives the file ID from it, so with no other clock the bytes repeat. */
  readonly dated: Date;
  readonly info: Omit<PDFKit.DocumentInfo, 'CreationDate' | 'ModDate'>;
};

/**
 * Draws a document and resolves with its bytes. pdfkit's `font` option, not its default Helvetica: that reads
 * .afm files beside its module, which a bundle lacks.
 */
export function renderCjkPdf(options: CjkDocumentOptions, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const fonts = cjkFontBytes();
  const { dated, info, ...rest } = options;
  const doc = new PDFDocument({
    ...rest,
    // pdfkit takes the font's bytes as well as a path (its typings say path only).
    font: fonts.regular as unknown as string,
    info: { Producer: 'cm-training-workflow', ...info, CreationDate: dated, ModDate: dated },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}
