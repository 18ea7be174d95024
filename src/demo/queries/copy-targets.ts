// COPY statements of the demo loader: each opens a COPY … FROM STDIN in the loader's transaction and
// returns the stream its tab-separated rows are written to (column order as listed).
import type { Writable } from 'node:stream';
import type { TransactionSql } from 'postgres';

/** COPY into contacts: org_id, id, external_id, email, name, attributes, created_at, updated_at. */
export async function copyContactsTarget(tx: TransactionSql): Promise<Writable> {
  return tx`
    COPY contacts (org_id, id, external_id, email, name, attributes, created_at, updated_at) FROM STDIN`.writable();
}

/**
 * COPY into responses: org_id, id, survey_id, survey_version, contact_id, touchpoint_id, channel,
 * answers, metadata, language, started_at, submitted_at.
 */
export async function copyResponsesTarget(tx: TransactionSql): Promise<Writable> {
  return tx`
    COPY responses (org_id, id, survey_id, survey_version, contact_id, touchpoint_id, channel, answers,
                    metadata, language, started_at, submitted_at) FROM STDIN`.writable();
}

/**
 * COPY into feedback: org_id, id, source, source_id, response_id, survey_id, contact_id, journey_id,
 * stage_id, touchpoint_id, channel, occurred_at, nps, csat, ces, rating, rating_scale, text, language,
 * attributes, metadata, created_at.
 */
export async function copyFeedbackTarget(tx: TransactionSql): Promise<Writable> {
  return tx`
    COPY feedback (org_id, id, source, source_id, response_id, survey_id, contact_id, journey_id, stage_id,
                   touchpoint_id, channel, occurred_at, nps, csat, ces, rating, rating_scale, text, language,
                   attributes, metadata, created_at) FROM STDIN`.writable();
}

/**
 * COPY into outcomes: org_id, contact_id, kind, occurred_at, amount_minor, currency, source, source_id.
 */
export async function copyOutcomesTarget(tx: TransactionSql): Promise<Writable> {
  return tx`
    COPY outcomes (org_id, contact_id, kind, occurred_at, amount_minor, currency, source, source_id) FROM STDIN`.writable();
}

/** Fresh statistics of outcomes. */
export async function analyseOutcomes(tx: TransactionSql): Promise<void> {
  await tx`ANALYZE outcomes`;
}
