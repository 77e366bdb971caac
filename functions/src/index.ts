// Entry point: registers the HTTP function and the Forms watch CloudEvent function; adapters are built on first request.
import * as functions from '@google-cloud/functions-framework';
import { createApp, type App } from './app.js';
import { loadConfig } from './config.js';
import { loadDotEnv } from './env-file.js';

let app: App | undefined;

loadDotEnv();
// The framework's Express app answers bodies its JSON parser refuses before our handler runs; outside
// production that answer is the parser's stack trace (paths, body excerpt). Cloud Functions sets this too.
process.env['NODE_ENV'] ??= 'production';

functions.http('training', (req, res) => {
  // Config is read once per instance; a bad variable fails the first request loudly, with every problem listed.
  app ??= createApp(loadConfig());
  return app.handler(req, res);
});

functions.cloudEvent('formsWatch', (event: functions.CloudEvent<unknown>) => {
  // Deployed as its own function on the Forms watch topic (--trigger-topic); same code, same configuration.
  app ??= createApp(loadConfig());
  return app.formsWatch(event);
});
