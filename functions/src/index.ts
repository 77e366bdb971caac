// Local entry point (npm start): every function in one process; each is deployed from its own bundle (scripts/build.mjs).
import './entries/training.js';
import './entries/forms-watch.js';
