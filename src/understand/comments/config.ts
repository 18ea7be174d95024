// An organisation's text configuration: its taxonomy and models compiled into one pipeline, cached per revision.

import { createCache } from '../../platform/cache/index.js';
import type { Sql, TransactionSql } from '../../platform/db/index.js';
import {
  CompiledTaxonomy,
  createPipeline,
  getDefaultSentimentModel,
  type Pipeline,
  STARTER_TAXONOMY,
  type Taxonomy,
  TextClassifier,
} from '../text/index.js';
import { versionString } from './enrichment.js';
import { getModelFile } from './queries/get-model-file.js';
import { getTextSettings, type TextSettingsRow } from './queries/get-text-settings.js';

/** What enrichment needs to know about an organisation. */
export interface TextConfig {
  revision: number;
  keepOriginalText: boolean;
  taxonomy: Taxonomy;
  pipeline: Pipeline;
  /** feedback.enrichment_version of results from this pipeline. */
  version: string;
  /** Theme id → English name, for hand-assigned themes. */
  themeNames: Map<string, string>;
}

/** The taxonomy an organisation uses: its own, or the starter taxonomy. */
export function taxonomyOf(settings: TextSettingsRow): Taxonomy {
  if (!settings.taxonomy) return STARTER_TAXONOMY;
  // Stored taxonomies are versioned by the server, so results name the edit they came from.
  return { ...(settings.taxonomy as Taxonomy), version: `org-taxonomy@${settings.taxonomyVersion}` };
}

function namesOf(taxonomy: Taxonomy): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (defs: Taxonomy['themes']) => {
    for (const d of defs) {
      names.set(d.id, d.name.en ?? d.id);
      walk(d.subthemes ?? []);
    }
  };
  walk(taxonomy.themes);
  return names;
}

// Compiling a taxonomy and decoding a model take milliseconds to a second: keep the latest per organisation.
const cache = createCache<{ revision: number; config: Omit<TextConfig, 'keepOriginalText'> }>({ max: 1_000 });

/** The organisation's text configuration at its current revision. */
export async function loadTextConfig(sql: Sql, orgId: string): Promise<TextConfig> {
  const settings = await getTextSettings(sql, orgId);
  const hit = cache.get(orgId);
  if (hit && hit.revision === settings.revision) {
    return { ...hit.config, keepOriginalText: settings.keepOriginalText };
  }
  const taxonomy = taxonomyOf(settings);
  const sentiment = settings.sentimentModelId
    ? TextClassifier.fromFile(await getModelFile(sql, orgId, settings.sentimentModelId))
    : getDefaultSentimentModel();
  const themeModel = settings.themeModelId
    ? TextClassifier.fromFile(await getModelFile(sql, orgId, settings.themeModelId))
    : undefined;
  const pipeline = createPipeline({
    sentiment,
    taxonomy: new CompiledTaxonomy(taxonomy),
    ...(themeModel ? { themeModel } : {}),
    redact: true,
  });
  const config = {
    revision: settings.revision,
    taxonomy,
    pipeline,
    version: versionString(pipeline.versions),
    themeNames: namesOf(taxonomy),
  };
  cache.set(orgId, { revision: settings.revision, config });
  return { ...config, keepOriginalText: settings.keepOriginalText };
}

/** Current revision only (cheap), e.g. to stop a superseded run. */
export async function currentRevision(sql: Sql | TransactionSql, orgId: string): Promise<number> {
  return (await getTextSettings(sql, orgId)).revision;
}
