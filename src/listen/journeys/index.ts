// Journeys, their ordered stages, and the touchpoints where customers meet the company.
import type { Sql } from '../../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors/index.js';

/** A stage of a journey. */
export interface Stage {
  id: string;
  journeyId: string;
  name: string;
  position: number;
}
/** A journey with its stages in order. */
export interface Journey {
  id: string;
  name: string;
  description: string;
  stages: Stage[];
  createdAt: Date;
}
/** A touchpoint on a journey, optionally in a stage. */
export interface Touchpoint {
  id: string;
  journeyId: string;
  stageId: string | null;
  name: string;
  channel: string | null;
  description: string;
  createdAt: Date;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23505';
}

/** Create a journey with its stages (in the given order) in one transaction. */
export async function createJourney(
  sql: Sql,
  orgId: string,
  input: { name: string; description?: string; stages?: string[] },
): Promise<Journey> {
  const stageNames = input.stages ?? [];
  if (new Set(stageNames).size !== stageNames.length) {
    throw new ValidationError('Stage names must be unique within a journey', [
      { name: 'stages', reason: 'duplicate stage name' },
    ]);
  }
  try {
    return await sql.begin(async (tx) => {
      const [j] = await tx<{ id: string; createdAt: Date }[]>`
        insert into journeys (org_id, name, description) values (${orgId}, ${input.name}, ${input.description ?? ''})
        returning id, created_at as "createdAt"`;
      const stages: Stage[] = [];
      for (const [position, name] of stageNames.entries()) {
        const [s] = await tx<{ id: string }[]>`
          insert into stages (org_id, journey_id, name, position) values (${orgId}, ${j!.id}, ${name}, ${position})
          returning id`;
        stages.push({ id: s!.id, journeyId: j!.id, name, position });
      }
      return {
        id: j!.id,
        name: input.name,
        description: input.description ?? '',
        stages,
        createdAt: j!.createdAt,
      };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A journey named "${input.name}" already exists`);
    throw err;
  }
}

/** List the organisation's journeys with their stages. */
export async function listJourneys(sql: Sql, orgId: string): Promise<Journey[]> {
  const journeys = await sql<Omit<Journey, 'stages'>[]>`
    select id, name, description, created_at as "createdAt" from journeys where org_id = ${orgId} order by created_at, name`;
  const stages = await sql<Stage[]>`
    select id, journey_id as "journeyId", name, position from stages where org_id = ${orgId} order by position`;
  return journeys.map((j) => ({ ...j, stages: stages.filter((s) => s.journeyId === j.id) }));
}

/** Get one journey, or not found (also when it belongs to another organisation). */
export async function getJourney(sql: Sql, orgId: string, journeyId: string): Promise<Journey> {
  const journey = (await listJourneys(sql, orgId)).find((j) => j.id === journeyId);
  if (!journey) throw new NotFoundError(`Journey ${journeyId} not found`);
  return journey;
}

/** Create a touchpoint; its journey and stage must belong to the organisation. */
export async function createTouchpoint(
  sql: Sql,
  orgId: string,
  input: {
    journeyId: string;
    stageId?: string | null;
    name: string;
    channel?: string | null;
    description?: string;
  },
): Promise<Touchpoint> {
  const journey = await getJourney(sql, orgId, input.journeyId).catch(() => undefined);
  if (!journey) {
    throw new ValidationError('Unknown journey', [
      { name: 'journeyId', reason: 'no such journey in this organisation' },
    ]);
  }
  if (input.stageId && !journey.stages.some((s) => s.id === input.stageId)) {
    throw new ValidationError('Unknown stage', [
      { name: 'stageId', reason: 'no such stage in this journey' },
    ]);
  }
  try {
    const [t] = await sql<Touchpoint[]>`
      insert into touchpoints (org_id, journey_id, stage_id, name, channel, description)
      values (${orgId}, ${input.journeyId}, ${input.stageId ?? null}, ${input.name}, ${input.channel ?? null}, ${input.description ?? ''})
      returning id, journey_id as "journeyId", stage_id as "stageId", name, channel, description, created_at as "createdAt"`;
    return t!;
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ConflictError(`A touchpoint named "${input.name}" already exists in this journey`);
    throw err;
  }
}

/** List touchpoints, optionally of one journey, in stage order. */
export async function listTouchpoints(
  sql: Sql,
  orgId: string,
  opts: { journeyId?: string } = {},
): Promise<Touchpoint[]> {
  return sql<Touchpoint[]>`
    select t.id, t.journey_id as "journeyId", t.stage_id as "stageId", t.name, t.channel, t.description, t.created_at as "createdAt"
    from touchpoints t left join stages s on s.org_id = t.org_id and s.id = t.stage_id
    where t.org_id = ${orgId} ${opts.journeyId ? sql`and t.journey_id = ${opts.journeyId}` : sql``}
    order by s.position nulls last, t.name`;
}

/** Get one touchpoint, or not found. */
export async function getTouchpoint(sql: Sql, orgId: string, touchpointId: string): Promise<Touchpoint> {
  const [t] = await sql<Touchpoint[]>`
    select id, journey_id as "journeyId", stage_id as "stageId", name, channel, description, created_at as "createdAt"
    from touchpoints where org_id = ${orgId} and id = ${touchpointId}`;
  if (!t) throw new NotFoundError(`Touchpoint ${touchpointId} not found`);
  return t;
}

/** Which of these touchpoint ids exist in the organisation (one query for a whole batch). */
export async function findKnownTouchpoints(
  sql: Sql,
  orgId: string,
  ids: Array<string | null | undefined>,
): Promise<Set<string>> {
  const wanted = [...new Set(ids.filter((t): t is string => typeof t === 'string'))];
  if (wanted.length === 0) return new Set();
  const rows = await sql<{ id: string }[]>`
    select id from touchpoints where org_id = ${orgId} and id = any(${wanted}::uuid[])`;
  return new Set(rows.map((r) => r.id));
}
