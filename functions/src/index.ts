// Every function in one module for `functions-framework --source=dist/index.js` (npm start runs scripts/serve.ts); each is deployed from its own bundle.
import './entries/training.js';
import './entries/forms-watch.js';
