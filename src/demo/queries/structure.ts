// Statements of the demo loader's structure, inside its transaction: the check that the organisation
// is not there yet, the organisation, its journey, stages, touchpoints, contact attributes and
// surveys with their definitions, and the statistics refreshed at the end.
import type { TransactionSql } from 'postgres';
import type { DemoHead } from '../dataset.js';

/** Whether an organisation has this slug or this id. */
export async function organisationExists(tx: TransactionSql, slug: string, orgId: string): Promise<boolean> {
  const [existing] = await tx`SELECT id FROM organisations WHERE slug = ${slug} OR id = ${orgId}`;
  return Boolean(existing);
}

/** Insert the organisation. */
export async function insertOrganisation(
  tx: TransactionSql,
  org: { id: string; slug: string; name: string; createdAt: Date },
): Promise<void> {
  await tx`INSERT INTO organisations (id, slug, name, created_at) VALUES (${org.id}, ${org.slug}, ${org.name}, ${org.createdAt})`;
}

/** Insert the journey. */
export async function insertJourney(
  tx: TransactionSql,
  orgId: string,
  journey: DemoHead['journey'],
  created: Date,
): Promise<void> {
  await tx`
    INSERT INTO journeys (org_id, id, name, description, created_at)
    VALUES (${orgId}, ${journey.id}, ${journey.name}, ${journey.description}, ${created})`;
}

/** Insert the journey's stages. */
export async function insertStages(
  tx: TransactionSql,
  orgId: string,
  data: DemoHead,
  created: Date,
): Promise<void> {
  await tx`
    INSERT INTO stages ${tx(
      data.stages.map((s) => ({
        org_id: orgId,
        id: s.id,
        journey_id: data.journey.id,
        name: s.name,
        position: s.position,
        created_at: created,
      })),
    )}`;
}

/** Insert the touchpoints. */
export async function insertTouchpoints(
  tx: TransactionSql,
  orgId: string,
  data: DemoHead,
  created: Date,
): Promise<void> {
  await tx`
    INSERT INTO touchpoints ${tx(
      data.touchpoints.map((t) => ({
        org_id: orgId,
        id: t.id,
        journey_id: data.journey.id,
        stage_id: t.stageId,
        name: t.name,
        channel: t.channel,
        description: t.description,
        created_at: created,
      })),
    )}`;
}

/** Insert the contact attributes' types. */
export async function insertContactAttributes(
  tx: TransactionSql,
  orgId: string,
  data: DemoHead,
  created: Date,
): Promise<void> {
  await tx`
    INSERT INTO contact_attributes ${tx(
      data.contactAttributes.map((a) => ({ org_id: orgId, key: a.key, type: a.type, created_at: created })),
    )}`;
}

/** Insert the surveys, live at their current version. */
export async function insertSurveys(
  tx: TransactionSql,
  orgId: string,
  data: DemoHead,
  created: Date,
): Promise<void> {
  await tx`
    INSERT INTO surveys ${tx(
      data.surveys.map((s) => ({
        org_id: orgId,
        id: s.id,
        name: s.name,
        status: 'live',
        current_version: s.version,
        touchpoint_id: s.touchpointId,
        created_at: created,
        updated_at: created,
      })),
    )}`;
}

/**
 * Insert one survey version. The definition goes in through the driver's JSON serialiser: a JSON
 * string cast to jsonb would be stored as a JSON string.
 */
export async function insertSurveyVersion(
  tx: TransactionSql,
  orgId: string,
  s: DemoHead['surveys'][number],
  created: Date,
): Promise<void> {
  await tx`
      INSERT INTO survey_versions (org_id, survey_id, version, definition, created_at, published_at)
      VALUES (${orgId}, ${s.id}, ${s.version}, ${tx.json(s.definition as never)}, ${created}, ${created})`;
}

/** Fresh statistics of contacts and feedback (the tables analytics and segments read). */
export async function analyseContactsAndFeedback(tx: TransactionSql): Promise<void> {
  await tx`ANALYZE contacts, feedback`;
}
