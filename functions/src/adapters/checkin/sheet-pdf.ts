// The printable check-in sheet of a course: an A4 page per session with its QR code (qrcode), made with pdfkit and Noto Sans SC.
import QRCode from 'qrcode';
import type { CheckinSheet, SheetEntry } from '../../core/checkin/sheet.js';
import { renderCjkPdf } from '../pdf/cjk-document.js';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const QR_SIZE = 300;

/** Modules of white around the code, as the QR standard asks. */
const QUIET_ZONE = 4;

/**
 * The QR code drawn as vector squares (qrcode's module matrix): sharp at any print size, and the same bytes every time.
 * An embedded PNG was not: pdfkit decodes a PNG's alpha channel asynchronously, so its objects were numbered by timing.
 * Error correction M survives a crease or a glare.
 */
function drawQr(doc: PDFKit.PDFDocument, link: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(link, { errorCorrectionLevel: 'M' });
  const cell = size / (modules.size + 2 * QUIET_ZONE);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < modules.size; row += 1)
    for (let column = 0; column < modules.size; column += 1)
      if (modules.get(row, column)) doc.rect(x + (column + QUIET_ZONE) * cell, y + (row + QUIET_ZONE) * cell, cell, cell);
  doc.fill('#000000').restore();
}

/**
 * The sheet as PDF bytes. Deterministic: the creation date is the first session's start, so the same schedule
 * prints the same file. pdfkit's `font` option replaces its default Helvetica, whose .afm files a bundle lacks.
 */
export function checkinSheetPdf(sheet: CheckinSheet): Promise<Buffer> {
  return renderCjkPdf(
    {
      dated: new Date(sheet.datedAt),
      size: 'A4',
      margin: MARGIN,
      autoFirstPage: false,
      info: { Title: `扫码签到 ${sheet.courseTitle} (${sheet.courseId})`, Subject: 'Check-in sheet', Creator: 'cm-training-workflow' },
    },
    (doc) => {
      for (const entry of sheet.entries) sessionPage(doc, sheet, entry);
    },
  );
}

function centred(doc: PDFKit.PDFDocument, text: string, font: 'regular' | 'bold', size: number, colour = '#1f2933'): void {
  doc
    .font(font)
    .fontSize(size)
    .fillColor(colour)
    .text(text, MARGIN, doc.y, { width: A4.width - 2 * MARGIN, align: 'center' });
}

function sessionPage(doc: PDFKit.PDFDocument, sheet: CheckinSheet, entry: SheetEntry): void {
  const view = entry.view;
  doc.addPage();
  doc.y = MARGIN;
  centred(doc, '扫码签到', 'bold', 30, '#c62828');
  centred(doc, 'Check-in', 'regular', 14, '#52606d');
  doc.moveDown(0.8);
  centred(doc, sheet.courseTitle, 'bold', 22);
  centred(doc, sheet.courseId, 'regular', 12, '#52606d');
  doc.moveDown(0.6);
  centred(doc, `第 ${view.session} 次课  Session ${view.session}`, 'bold', 20);
  centred(doc, view.when, 'regular', 16);
  if (view.room !== undefined && view.room !== '') centred(doc, `地点 Room：${view.room}`, 'regular', 14);
  doc.moveDown(0.8);
  const top = doc.y;
  drawQr(doc, entry.link, (A4.width - QR_SIZE) / 2, top, QR_SIZE);
  doc.y = top + QR_SIZE + 16;
  centred(doc, `签到有效时间：${entry.opens} 至 ${entry.closes}`, 'bold', 14);
  centred(doc, `Valid from ${entry.opens} to ${entry.closes}`, 'regular', 11, '#52606d');
  doc.moveDown(0.8);
  centred(doc, '请用手机扫描二维码，输入学员编号完成签到；每人每课次签到一次。', 'regular', 12);
  centred(doc, 'Scan the code with your phone and enter your trainee ID; one check-in per person and session.', 'regular', 10, '#52606d');
}
