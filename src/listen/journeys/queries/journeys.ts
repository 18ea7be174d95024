// Statements on `journeys` and their `stages`.
import type { Sql } from '../../../platform/db/index.js';
import type { Journey, Stage } from '../index.js';

/** Insert a journey with its stages (in the given order) in one transaction. */
export async function insertJourney(
  sql: Sql,
  orgId: string,
  input: { name: string; description: string; stages: string[] },
): Promise<Journey> {
  return sql.begin(async (tx) => {
    const [j] = await tx<{ id: string; createdAt: Date }[]>`
      insert into journeys (org_id, name, description) values (${orgId}, ${input.name}, ${input.description})
      returning id, created_at as "createdAt"`;
    const stages: Stage[] = [];
    for (const [position, name] of input.stages.entries()) {
      const [s] = await tx<{ id: string }[]>`
        insert into stages (org_id, journey_id, name, position) values (${orgId}, ${j!.id}, ${name}, ${position})
        returning id`;
      stages.push({ id: s!.id, journeyId: j!.id, name, position });
    }
    return { id: j!.id, name: input.name, description: input.description, stages, createdAt: j!.createdAt };
  }) as Promise<Journey>;
}

/** The organisation's journeys, without stages. */
export async function selectJourneys(sql: Sql, orgId: string): Promise<Omit<Journey, 'stages'>[]> {
  return sql<Omit<Journey, 'stages'>[]>`
    select id, name, description, created_at as "createdAt" from journeys where org_id = ${orgId} order by created_at, name`;
}

/** Every stage of the organisation, in position order. */
export async function selectStages(sql: Sql, orgId: string): Promise<Stage[]> {
  return sql<Stage[]>`
    select id, journey_id as "journeyId", name, position from stages where org_id = ${orgId} order by position`;
}
