// Query: an organisation's text settings (defaults when it never changed any).
import type { Sql, TransactionSql } from '../../../platform/db/index.js';

/** A text_settings row, or the defaults. */
export interface TextSettingsRow {
  revision: number;
  keepOriginalText: boolean;
  taxonomy: unknown;
  taxonomyVersion: number;
  sentimentModelId: string | null;
  themeModelId: string | null;
}

/** Read the settings; an organisation without a row gets revision 1 and the defaults. */
export async function getTextSettings(sql: Sql | TransactionSql, orgId: string): Promise<TextSettingsRow> {
  const [row] = await sql<TextSettingsRow[]>`
    select revision, keep_original_text as "keepOriginalText", taxonomy, taxonomy_version as "taxonomyVersion",
      sentiment_model_id as "sentimentModelId", theme_model_id as "themeModelId"
    from text_settings where org_id = ${orgId}`;
  return (
    row ?? {
      revision: 1,
      keepOriginalText: false,
      taxonomy: null,
      taxonomyVersion: 0,
      sentimentModelId: null,
      themeModelId: null,
    }
  );
}
