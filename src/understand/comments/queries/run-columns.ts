// The columns of a text run as the module reads them (shared by the run queries).

/** Select list of text_runs, camel-cased. */
export const RUN_COLUMNS = `id, kind, status, reason, revision, done, total, cursor, options, result, error,
  created_at as "createdAt", started_at as "startedAt", finished_at as "finishedAt"`;
