// exceljs reads a few sheet parts' booleans only as "1"/"0"; LibreOffice writes "true"/"false" (both are xsd:boolean), so we normalise them.
import PageSetupPropertiesXform from 'exceljs/lib/xlsx/xform/sheet/page-setup-properties-xform.js';
import PageSetupXform from 'exceljs/lib/xlsx/xform/sheet/page-setup-xform.js';
import PrintOptionsXform from 'exceljs/lib/xlsx/xform/sheet/print-options-xform.js';
import SheetProtectionXform from 'exceljs/lib/xlsx/xform/sheet/sheet-protection-xform.js';
import SheetViewXform from 'exceljs/lib/xlsx/xform/sheet/sheet-view-xform.js';
import ProtectionXform from 'exceljs/lib/xlsx/xform/style/protection-xform.js';

interface XmlNode {
  readonly name: string;
  attributes: Record<string, string>;
}

interface Xform {
  prototype: { parseOpen: (this: unknown, node: XmlNode) => boolean };
}

/**
 * These parts carry only boolean, numeric and enumerated attributes, so "true"/"false" there can only
 * be booleans. Without this a workbook saved by LibreOffice loses its sheet protection ("sheet=true"),
 * its fit-to-page print setting and more at the next exceljs save.
 */
const PARTS: readonly Xform[] = [
  SheetProtectionXform,
  PageSetupXform,
  PageSetupPropertiesXform,
  PrintOptionsXform,
  SheetViewXform,
  ProtectionXform,
];

const patched = new WeakSet<object>();

export function toXmlBoolean(value: string): string {
  if (value === 'true') return '1';
  if (value === 'false') return '0';
  return value;
}

/** Teach exceljs's readers of those parts the xsd:boolean spellings "true" and "false"; idempotent. */
export function acceptXsdBooleans(): void {
  for (const part of PARTS) {
    const proto = part.prototype;
    if (patched.has(proto)) continue;
    patched.add(proto);
    const original = proto.parseOpen;
    proto.parseOpen = function parseOpen(this: unknown, node: XmlNode): boolean {
      const attributes: Record<string, string> = {};
      for (const [name, value] of Object.entries(node.attributes)) attributes[name] = toXmlBoolean(value);
      return original.call(this, { ...node, attributes });
    };
  }
}
