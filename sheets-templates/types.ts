// The vocabulary of a tab definition: columns, their types and allowed values, in both languages.

/** A label for people, in each supported language. */
export interface Label {
  readonly zh: string;
  readonly en: string;
}

/** One allowed value of a dropdown: the stored value plus words people may type instead. */
export interface Choice {
  readonly value: string;
  readonly label: Label;
}

export type ColumnType =
  /** `identifier`: a trainee or course id, normalised once (NFKC, trimmed, case-folded) before it is compared or stored. */
  | { readonly kind: 'text'; readonly maxLength: number; readonly identifier?: true }
  | { readonly kind: 'email' }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  /** `percent`: a fraction (a rate or weight) that people may also type as 80%. */
  | { readonly kind: 'number'; readonly min: number; readonly max: number; readonly percent?: true }
  | { readonly kind: 'date' }
  | { readonly kind: 'datetime' }
  | { readonly kind: 'choice'; readonly choices: readonly Choice[] }
  /** A comma-separated set of choices in one cell, e.g. required components. */
  | { readonly kind: 'choices'; readonly choices: readonly Choice[] };

export interface ColumnDef {
  /** Stable English key; code and forms refer to a column by this, never by position. */
  readonly key: string;
  readonly label: Label;
  readonly type: ColumnType;
  readonly required: boolean;
  /** Column width in characters for the workbook layout. */
  readonly width?: number;
  /** Help text shown as the header note. */
  readonly note?: Label;
  /**
   * A column added after workbooks were in use: a header row without it still reads (its cells read as
   * blank and writes leave it out) until provisioning adds the header.
   */
  readonly optionalHeader?: true;
}

export type TabRole = 'source' | 'derived';

export interface TabDef {
  readonly name: string;
  readonly label: Label;
  /** Source tabs are written by people and forms (functions only append); derived tabs only by functions. */
  readonly role: TabRole;
  readonly columns: readonly ColumnDef[];
  /** Column whose value identifies a submission; the same id twice is one row. */
  readonly idColumn?: string;
}

/** The header text of a column as it appears in row 1: zh-CN with the English name beside it. */
export function headerText(column: ColumnDef): string {
  return `${column.label.zh} ${column.label.en}`;
}
