// Types for the exceljs reader parts that xlsx-booleans.ts corrects; exceljs publishes no declarations for them.
declare module 'exceljs/lib/xlsx/xform/*' {
  const Xform: { prototype: { parseOpen: (this: unknown, node: { name: string; attributes: Record<string, string> }) => boolean } };
  export default Xform;
}
