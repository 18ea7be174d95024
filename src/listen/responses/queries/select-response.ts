// Queries: a stored response with its feedback id, by id or by idempotency key; the respondent's
// stored attributes.
import type { Sql, TransactionSql } from '../../../platform/db/index.js';
import type { ContactRef } from '../../contacts/index.js';
import type { StoredResponse } from '../types.js';

const COLUMNS = (sql: Sql | TransactionSql) => sql`
  r.id, r.survey_id as "surveyId", r.survey_version as "surveyVersion", r.contact_id as "contactId",
  r.touchpoint_id as "touchpointId", r.channel, r.answers, r.metadata, r.language, r.started_at as "startedAt",
  r.submitted_at as "submittedAt", f.id as "feedbackId"`;

/** The response to the survey stored with this idempotency key, if any. */
export async function selectResponseByKey(
  tx: Sql | TransactionSql,
  orgId: string,
  surveyId: string,
  key: string,
): Promise<StoredResponse | undefined> {
  const [prior] = await tx<StoredResponse[]>`
    select ${COLUMNS(tx)}
    from responses r join feedback f on f.org_id = r.org_id and f.response_id = r.id
    where r.org_id = ${orgId} and r.survey_id = ${surveyId} and r.idempotency_key = ${key}`;
  return prior;
}

/** One response of the organisation, if any. */
export async function selectResponse(
  sql: Sql,
  orgId: string,
  responseId: string,
): Promise<StoredResponse | undefined> {
  const [r] = await sql<StoredResponse[]>`
    select ${COLUMNS(sql)}
    from responses r join feedback f on f.org_id = r.org_id and f.response_id = r.id
    where r.org_id = ${orgId} and r.id = ${responseId}`;
  return r;
}

/** The stored attributes of the contact a reference names, if it exists. */
export async function selectContactAttributes(
  sql: Sql,
  orgId: string,
  contact: ContactRef,
): Promise<Record<string, unknown> | undefined> {
  const where =
    'id' in contact
      ? sql`id = ${contact.id}`
      : contact.externalId
        ? sql`external_id = ${contact.externalId}`
        : contact.email
          ? sql`email = ${contact.email.toLowerCase()}`
          : undefined;
  if (!where) return undefined;
  const [row] = await sql<{ attributes: Record<string, unknown> }[]>`
    select attributes from contacts where org_id = ${orgId} and ${where}`;
  return row?.attributes;
}

/** Whether the contact is the organisation's. */
export async function contactExists(sql: Sql, orgId: string, contactId: string): Promise<boolean> {
  const known = await sql`select 1 from contacts where org_id = ${orgId} and id = ${contactId}`;
  return known.length > 0;
}
