// The API contract: zod schemas of every response body, and their types. The server declares them on its
// routes (OpenAPI, response checks); the dashboard imports the types (`import type`), never a copy.
export * from './act.js';
export * from './analytics.js';
export * from './common.js';
export * from './initiatives.js';
export * from './listen.js';
export * from './members.js';
export * from './outreach.js';
export * from './prove.js';
export * from './pulse.js';
export * from './reports.js';
export * from './share.js';
export * from './text.js';
export * from './trust.js';
