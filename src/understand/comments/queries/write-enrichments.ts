// Query: store enrichment results, guarded so that a stale result never overwrites a newer one.
import type { Sql, TransactionSql } from '../../../platform/db/index.js';

/** One result to store. */
export interface EnrichmentWrite {
  id: string;
  enrichment: unknown;
  /** The text with personal data redacted. */
  text: string;
  /** Detected language (ISO 639-1), or null when undetermined. */
  language: string | null;
}

/**
 * Write results computed at settings `revision`. The WHERE clause is the guard: a row already
 * enriched at this revision or a later one is left alone (so a slow job that started before a
 * taxonomy change cannot undo the re-run). Under concurrent writers PostgreSQL re-checks the
 * condition on the newest row version after waiting for its lock. `feedback.text` becomes the
 * redacted text; the original goes to text_original only when the organisation keeps originals
 * (a row never enriched before still holds the original in text). Returns the ids written.
 */
export async function writeEnrichments(
  sql: Sql | TransactionSql,
  orgId: string,
  revision: number,
  version: string,
  keepOriginal: boolean,
  rows: readonly EnrichmentWrite[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const written = await sql<{ id: string }[]>`
    update feedback f set
      enrichment = x.enrichment,
      enrichment_version = ${version},
      enrichment_revision = ${revision},
      text_original = case when ${keepOriginal}::boolean
        then coalesce(f.text_original, case when f.enrichment_revision is null then f.text end) end,
      text = x.text,
      language = coalesce(f.language, x.language)
    from jsonb_to_recordset(${sql.json(rows as never)}::jsonb) as x(id uuid, enrichment jsonb, text text, language text)
    where f.org_id = ${orgId} and f.id = x.id and coalesce(f.enrichment_revision, 0) < ${revision}
    returning f.id`;
  return written.map((r) => r.id);
}
