// Error codes a sheet store reports, so handlers can answer with what to do instead of a stack trace.

export type StoreErrorCode =
  | 'NOT_FOUND'
  | 'NOT_AUTHORIZED'
  | 'RATE_LIMITED'
  | 'UNREADABLE'
  | 'TAB_MISSING'
  | 'UNKNOWN_TAB'
  | 'SOURCE_TAB'
  | 'WRITE_FAILED'
  /** The write would take the spreadsheet past its cell limit. */
  | 'CAPACITY'
  | 'UNAVAILABLE';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
