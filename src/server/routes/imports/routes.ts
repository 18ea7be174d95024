// File imports: start one from the dashboard and follow its progress and row errors.
import { getImport, listImports, startImport } from '../../../listen/imports/index.js';
import * as api from '../../../shared/api/index.js';
import { LIMITS } from '../../../shared/limits.js';
import { defineRoute } from '../../route.js';
import { IdParams } from '../shared-schema.js';
import { ImportCreate } from './schema.js';

/** POST /api/v1/imports */
export const createImportRoute = defineRoute({
  summary:
    'Start an import of a CSV or JSON-lines file (responses, reviews, tickets, contacts), run by a worker; answers 202 with it. ' +
    'Follow it at GET /api/v1/imports/{id}: progress, then done (or rejected with row errors, nothing written)',
  tags: ['imports'],
  schema: { body: ImportCreate, response: { 202: api.ImportStatus } },
  bodyLimit: LIMITS.importBodyBytes,
  fields: { mapping: 'body.mapping' },
  handler: async ({ body, principal, deps, reply }) => {
    // The file waits in the database for the worker, not in the job's payload (see startImport).
    const id = await startImport(deps.sql, deps.jobs, principal.orgId, {
      kind: body.kind,
      fileName: body.fileName,
      content: body.content,
      skipInvalid: body.skipInvalid,
      mapping: body.mapping,
    });
    reply.status(202);
    return getImport(deps.sql, principal.orgId, id);
  },
});

/** GET /api/v1/imports/:id */
export const getImportRoute = defineRoute({
  summary:
    'An import: status, rows processed, imported, skipped, and the row errors (row, line, column, reason)',
  tags: ['imports'],
  schema: { params: IdParams, response: { 200: api.ImportStatus } },
  handler: async ({ params, principal, deps }) => getImport(deps.sql, principal.orgId, params.id),
});

/** GET /api/v1/imports */
export const listImportsRoute = defineRoute({
  summary: 'The latest 50 imports',
  tags: ['imports'],
  schema: { response: { 200: api.ImportList } },
  handler: async ({ principal, deps }) => ({ items: await listImports(deps.sql, principal.orgId) }),
});
