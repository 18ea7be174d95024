// Query: change an organisation's text settings, bumping the revision when results change.
import type { Sql, TransactionSql } from '../../../platform/db/index.js';

/** What to change; omitted fields stay. */
export interface TextSettingsChange {
  keepOriginalText?: boolean;
  /** A new taxonomy (its version number goes up by one). */
  taxonomy?: unknown;
  sentimentModelId?: string | null;
  themeModelId?: string | null;
  /** Bump the revision: every stored enrichment becomes stale. */
  bump: boolean;
}

/** Upsert the settings row; returns the revision and taxonomy version after the change. */
export async function updateTextSettings(
  sql: Sql | TransactionSql,
  orgId: string,
  change: TextSettingsChange,
): Promise<{ revision: number; taxonomyVersion: number }> {
  const has = (k: keyof TextSettingsChange) => change[k] !== undefined;
  const taxonomy = has('taxonomy') ? sql.json(change.taxonomy as never) : null;
  const [row] = await sql<{ revision: number; taxonomyVersion: number }[]>`
    insert into text_settings as s (org_id, revision, keep_original_text, taxonomy, taxonomy_version,
      sentiment_model_id, theme_model_id)
    values (${orgId}, ${change.bump ? 2 : 1}, ${change.keepOriginalText ?? false}, ${taxonomy},
      ${has('taxonomy') ? 1 : 0}, ${change.sentimentModelId ?? null}, ${change.themeModelId ?? null})
    on conflict (org_id) do update set
      revision = s.revision + ${change.bump ? 1 : 0},
      keep_original_text = ${has('keepOriginalText') ? sql`excluded.keep_original_text` : sql`s.keep_original_text`},
      taxonomy = ${has('taxonomy') ? sql`excluded.taxonomy` : sql`s.taxonomy`},
      taxonomy_version = s.taxonomy_version + ${has('taxonomy') ? 1 : 0},
      sentiment_model_id = ${has('sentimentModelId') ? sql`excluded.sentiment_model_id` : sql`s.sentiment_model_id`},
      theme_model_id = ${has('themeModelId') ? sql`excluded.theme_model_id` : sql`s.theme_model_id`},
      updated_at = now()
    returning revision, taxonomy_version as "taxonomyVersion"`;
  if (!row) throw new Error('text settings upsert returned nothing');
  return row;
}
