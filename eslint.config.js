// Lint rules: typescript-eslint's type-aware recommended set, the layers of functions/src held by import rules, and short functions.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Import patterns a layer may not use; checked per file, so every file of the layer keeps to them. */
const forbid = (...groups) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: groups.map(({ group, message }) => ({ group, message, allowTypeImports: false })) },
  ],
});
const PROVISION = {
  group: ['**/provision/**', '**/scripts/**', '**/test/**'],
  message: 'Deployed code may not import operator tooling (provisioning, samples, scripts) or tests.',
};
const OUTER = {
  group: ['**/adapters/**', '**/http/**', '**/jobs/**', '**/entries/**', '**/app.js', '**/config.js', '**/ports.js'],
  message: 'The core is pure: it may not import adapters, http, jobs, entries, app, config or ports.',
};
const NO_HTTP = { group: ['**/http/**', '**/entries/**'], message: 'Adapters and jobs may not import the HTTP layer or the entries.' };
const NO_JOBS = { group: ['**/jobs/**', '**/app.js'], message: 'Adapters may not import jobs or the app.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'off',
    },
  },
  // Short functions stay short: a long or branchy one is split by what it does (see docs/architecture.md).
  {
    files: ['functions/**/*.ts', 'scripts/**/*.ts', 'sheets-templates/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      complexity: ['error', 20],
    },
  },
  // Layers: the deployed tree never reaches operator tooling; the core stays pure; adapters and jobs stay below HTTP.
  { files: ['functions/src/**/*.ts'], ignores: ['functions/src/provision/**'], rules: forbid(PROVISION) },
  { files: ['functions/src/core/**/*.ts'], rules: forbid(PROVISION, OUTER) },
  { files: ['functions/src/adapters/**/*.ts'], rules: forbid(PROVISION, NO_HTTP, NO_JOBS) },
  { files: ['functions/src/jobs/**/*.ts'], rules: forbid(PROVISION, NO_HTTP) },
  { files: ['functions/src/config.ts'], rules: forbid(PROVISION, NO_HTTP, NO_JOBS) },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
