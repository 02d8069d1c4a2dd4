/** The conversation document and the per-user inbox document: schema (root names, record shapes) and its pure read/write helpers. */
export * from './schema.js';
export * from './conversation.js';
export * from './inbox.js';
