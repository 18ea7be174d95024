// Imports sent through the API: the file waits in `import_files` while a worker job runs it.
import { z } from 'zod';
import type { Sql } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/errors/index.js';
import { defineJob, type JobQueue } from '../../platform/jobs/index.js';
import { ImportMappingSchema } from './mapping.js';
import { deleteImportFile, insertImportFile, selectImportFile } from './queries/import-files.js';
import { surveyInOrg } from './queries/survey-exists.js';
import { runImport } from './run.js';
import { createImport } from './status.js';
import type { ImportKind, ImportMapping } from './types.js';

/**
 * Run an import started from the API on a worker. The file waits in `import_files` (see
 * `startImport`) and is deleted once the import has ended; jobs queued by older versions carry it in
 * their payload. A retry is safe: rows are written all or none, and rows already there are skipped.
 */
export const runImportJob = defineJob({
  name: 'imports.run',
  schema: z.object({
    orgId: z.uuid(),
    importId: z.uuid(),
    kind: z.enum(['responses', 'reviews', 'tickets', 'contacts']),
    fileName: z.string().min(1).max(200),
    content: z.string().optional(),
    skipInvalid: z.boolean(),
    mapping: ImportMappingSchema,
  }),
  retry: { limit: 2, delaySeconds: 30, backoff: true },
  expireInSeconds: 3_600,
  handle: async (p, { sql }) => {
    let content = p.content;
    if (content === undefined) {
      const file = await selectImportFile(sql, p.orgId, p.importId);
      if (file === undefined) {
        // Already ended (a job run twice), or the import was deleted: nothing to do.
        return;
      }
      content = file;
    }
    await runImport(
      sql,
      p.orgId,
      {
        kind: p.kind,
        file: { name: p.fileName, text: content },
        mapping: p.mapping as ImportMapping,
        skipInvalid: p.skipInvalid,
      },
      p.importId,
    ).catch((err) => {
      // Bad files and mappings are recorded on the import; retrying cannot fix them.
      if (!(err instanceof ValidationError)) throw err;
    });
    // Ended (done, rejected, or refused as a whole): the file is no longer needed.
    await deleteImportFile(sql, p.orgId, p.importId);
  },
});

/**
 * Start an import of a file sent through the API: record it, keep the file in `import_files` and
 * queue its job, in one transaction. Returns the import's id.
 */
export async function startImport(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  opts: {
    kind: ImportKind;
    fileName: string;
    content: string;
    skipInvalid: boolean;
    mapping: z.input<typeof ImportMappingSchema>;
  },
): Promise<string> {
  // Refused at once, not in the worker: a survey of another organisation is not found here.
  const surveyId = opts.mapping.surveyId;
  if (surveyId !== undefined && !(await surveyInOrg(sql, orgId, surveyId)))
    throw new ValidationError('Unknown survey', [
      { name: 'mapping.surveyId', reason: 'no such survey in this organisation' },
    ]);
  return sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    const id = await createImport(t, orgId, {
      kind: opts.kind,
      file: { name: opts.fileName, text: opts.content },
      skipInvalid: opts.skipInvalid,
    });
    await insertImportFile(t, orgId, id, opts.content);
    await jobs.enqueue(
      runImportJob,
      {
        orgId,
        importId: id,
        kind: opts.kind,
        fileName: opts.fileName,
        skipInvalid: opts.skipInvalid,
        mapping: opts.mapping,
      },
      { tx: t },
    );
    return id;
  }) as Promise<string>;
}
