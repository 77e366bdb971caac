// Loads a local .env file into process.env for `npm start` and the CLI; variables already set win.
import { existsSync } from 'node:fs';

export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
