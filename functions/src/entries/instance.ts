// The one App of this instance, built from the environment on first use and shared by its functions.
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { loadDotEnv } from '../env-file.js';

loadDotEnv();
// The framework's Express app answers bodies its JSON parser refuses before our handler runs; outside
// production that answer is the parser's stack trace (paths, body excerpt). Cloud Functions sets this too.
process.env['NODE_ENV'] ??= 'production';

let app: App | undefined;

/** Config is read once per instance; a bad variable fails the first request loudly, with every problem listed. */
export function instance(): App {
  app ??= createApp(loadConfig());
  return app;
}
