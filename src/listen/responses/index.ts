// Intake of survey responses: validate against the survey's version, store the response and its feedback record.
import type { Sql, TransactionSql } from '../../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors/index.js';
import { type ContactInput, checkAttributes } from '../contacts/index.js';
import { checkAnswers, extractMeasures, type SurveyDefinition } from '../surveys/index.js';

/** A response as submitted. */
export interface ResponseInput {
  answers: Record<string, unknown>;
  contact?: ({ id: string } | ContactInput) | undefined;
  touchpointId?: string | null | undefined;
  channel: string;
  language?: string | null | undefined;
  metadata?: Record<string, unknown> | undefined;
  startedAt?: Date | null | undefined;
  submittedAt?: Date | null | undefined;
  idempotencyKey?: string | null | undefined;
}

/** A stored response. */
export interface StoredResponse {
  id: string;
  surveyId: string;
  surveyVersion: number;
  contactId: string | null;
  touchpointId: string | null;
  channel: string;
  answers: Record<string, unknown>;
  metadata: Record<string, unknown>;
  language: string | null;
  startedAt: Date | null;
  submittedAt: Date;
  feedbackId: string;
}

interface SurveyRow {
  status: string;
  version: number;
  touchpointId: string | null;
  definition: SurveyDefinition;
}

async function resolveContact(
  tx: TransactionSql,
  orgId: string,
  contact: ResponseInput['contact'],
): Promise<{ id: string; attributes: Record<string, unknown> } | null> {
  if (!contact) return null;
  if ('id' in contact) {
    const [row] = await tx<{ id: string; attributes: Record<string, unknown> }[]>`
      select id, attributes from contacts where org_id = ${orgId} and id = ${contact.id}`;
    if (!row)
      throw new ValidationError('Unknown contact', [
        { name: 'contact.id', reason: 'no such contact in this organisation' },
      ]);
    return row;
  }
  if (!contact.externalId && !contact.email) return null;
  const attributes = contact.attributes ?? {};
  const problems = await checkAttributes(tx as unknown as Sql, orgId, attributes);
  if (problems.length > 0) {
    throw new ValidationError(
      'Some contact attributes have the wrong type',
      problems.map((p) => ({ ...p, name: `contact.${p.name}` })),
    );
  }
  const email = contact.email?.toLowerCase() ?? null;
  const target = contact.externalId ? tx`(org_id, external_id)` : tx`(org_id, email) where email is not null`;
  const [row] = await tx<{ id: string; attributes: Record<string, unknown> }[]>`
    insert into contacts (org_id, external_id, email, name, attributes)
    values (${orgId}, ${contact.externalId ?? null}, ${email}, ${contact.name ?? null}, ${tx.json(attributes as never)})
    on conflict ${target} do update set
      attributes = contacts.attributes || excluded.attributes,
      name = coalesce(excluded.name, contacts.name), updated_at = now()
    returning id, attributes`;
  return row!;
}

/**
 * Store a response to a live survey. Answers are checked against the survey's current version;
 * the response and its feedback record are written in one transaction, so an acknowledged
 * response is durable. A repeated idempotency key returns the first response (`duplicate: true`).
 */
export async function submitResponse(
  sql: Sql,
  orgId: string,
  surveyId: string,
  input: ResponseInput,
): Promise<{ response: StoredResponse; duplicate: boolean }> {
  const [survey] = await sql<SurveyRow[]>`
    select s.status, s.current_version as version, s.touchpoint_id as "touchpointId", v.definition
    from surveys s join survey_versions v on v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
    where s.org_id = ${orgId} and s.id = ${surveyId}`;
  if (!survey) throw new NotFoundError(`Survey ${surveyId} not found`);
  if (survey.status !== 'live') {
    throw new ConflictError(`Survey ${surveyId} is ${survey.status} and does not accept responses`);
  }
  const problems = checkAnswers(survey.definition, input.answers);
  if (problems.length > 0) throw new ValidationError('Some answers are invalid', problems);
  const measures = extractMeasures(survey.definition, input.answers);
  const touchpointId = input.touchpointId ?? survey.touchpointId;

  return sql.begin(async (tx) => {
    if (input.idempotencyKey) {
      const prior = await findByIdempotencyKey(tx, orgId, surveyId, input.idempotencyKey);
      if (prior) return { response: prior, duplicate: true };
    }
    let place: { journeyId: string; stageId: string | null } | undefined;
    if (touchpointId) {
      const [tp] = await tx<{ journeyId: string; stageId: string | null }[]>`
        select journey_id as "journeyId", stage_id as "stageId" from touchpoints where org_id = ${orgId} and id = ${touchpointId}`;
      if (!tp)
        throw new ValidationError('Unknown touchpoint', [
          { name: 'touchpointId', reason: 'no such touchpoint in this organisation' },
        ]);
      place = tp;
    }
    const contact = await resolveContact(tx, orgId, input.contact);
    const metadata = input.metadata ?? {};
    const [r] = await tx<Omit<StoredResponse, 'feedbackId'>[]>`
      insert into responses (org_id, survey_id, survey_version, contact_id, touchpoint_id, channel, answers, metadata,
        language, started_at, submitted_at, idempotency_key)
      values (${orgId}, ${surveyId}, ${survey.version}, ${contact?.id ?? null}, ${touchpointId}, ${input.channel},
        ${tx.json(input.answers as never)}, ${tx.json(metadata as never)}, ${input.language ?? null},
        ${input.startedAt ?? null}, ${input.submittedAt ?? tx`now()`}, ${input.idempotencyKey ?? null})
      on conflict do nothing
      returning id, survey_id as "surveyId", survey_version as "surveyVersion", contact_id as "contactId",
        touchpoint_id as "touchpointId", channel, answers, metadata, language, started_at as "startedAt",
        submitted_at as "submittedAt"`;
    if (!r) {
      // A concurrent request with the same idempotency key won the race.
      const prior = await findByIdempotencyKey(tx, orgId, surveyId, input.idempotencyKey ?? '');
      if (prior) return { response: prior, duplicate: true };
      throw new ConflictError('The response could not be stored');
    }
    const [f] = await tx<{ id: string }[]>`
      insert into feedback (org_id, source, source_id, response_id, survey_id, contact_id, journey_id, stage_id,
        touchpoint_id, channel, occurred_at, nps, csat, ces, rating, rating_scale, text, language, attributes, metadata)
      values (${orgId}, 'survey', ${r.id}, ${r.id}, ${surveyId}, ${contact?.id ?? null}, ${place?.journeyId ?? null},
        ${place?.stageId ?? null}, ${touchpointId}, ${input.channel}, ${r.submittedAt}, ${measures.nps}, ${measures.csat},
        ${measures.ces}, ${measures.rating}, ${measures.ratingScale}, ${measures.text}, ${input.language ?? null},
        ${tx.json((contact?.attributes ?? {}) as never)}, ${tx.json(metadata as never)})
      returning id`;
    return { response: { ...r, feedbackId: f!.id }, duplicate: false };
  });
}

async function findByIdempotencyKey(
  tx: TransactionSql,
  orgId: string,
  surveyId: string,
  key: string,
): Promise<StoredResponse | undefined> {
  const [prior] = await tx<StoredResponse[]>`
    select r.id, r.survey_id as "surveyId", r.survey_version as "surveyVersion", r.contact_id as "contactId",
      r.touchpoint_id as "touchpointId", r.channel, r.answers, r.metadata, r.language, r.started_at as "startedAt",
      r.submitted_at as "submittedAt", f.id as "feedbackId"
    from responses r join feedback f on f.org_id = r.org_id and f.response_id = r.id
    where r.org_id = ${orgId} and r.survey_id = ${surveyId} and r.idempotency_key = ${key}`;
  return prior;
}

/** Get a response, or not found. */
export async function getResponse(sql: Sql, orgId: string, responseId: string): Promise<StoredResponse> {
  const [r] = await sql<StoredResponse[]>`
    select r.id, r.survey_id as "surveyId", r.survey_version as "surveyVersion", r.contact_id as "contactId",
      r.touchpoint_id as "touchpointId", r.channel, r.answers, r.metadata, r.language, r.started_at as "startedAt",
      r.submitted_at as "submittedAt", f.id as "feedbackId"
    from responses r join feedback f on f.org_id = r.org_id and f.response_id = r.id
    where r.org_id = ${orgId} and r.id = ${responseId}`;
  if (!r) throw new NotFoundError(`Response ${responseId} not found`);
  return r;
}
