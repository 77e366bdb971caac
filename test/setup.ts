// Runs around every test file: workbooks a file opened are saved and let go when its tests are done.
import { afterAll } from 'vitest';
import { XlsxSheetStore } from '../functions/src/adapters/store/xlsx-store.js';

afterAll(async () => {
  await XlsxSheetStore.closeAll();
});
