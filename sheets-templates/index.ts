// The workbook templates: tab definitions, dropdown vocabularies and Settings keys.
export * from './types.js';
export * from './vocab.js';
export * from './tabs.js';
export * from './settings.js';
export * from './email-templates.js';
export * from './formats.js';
export * from './certificate-template.js';
