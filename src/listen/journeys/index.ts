// Journeys, their ordered stages, and the touchpoints where customers meet the company.
import type { Sql } from '../../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors/index.js';
import { insertJourney, selectJourneys, selectStages } from './queries/journeys.js';
import {
  insertTouchpoint,
  selectKnownTouchpointIds,
  selectTouchpoint,
  selectTouchpoints,
} from './queries/touchpoints.js';

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
    return await insertJourney(sql, orgId, {
      name: input.name,
      description: input.description ?? '',
      stages: stageNames,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A journey named "${input.name}" already exists`);
    throw err;
  }
}

/** List the organisation's journeys with their stages. */
export async function listJourneys(sql: Sql, orgId: string): Promise<Journey[]> {
  const [journeys, stages] = [await selectJourneys(sql, orgId), await selectStages(sql, orgId)];
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
    return await insertTouchpoint(sql, orgId, {
      journeyId: input.journeyId,
      stageId: input.stageId ?? null,
      name: input.name,
      channel: input.channel ?? null,
      description: input.description ?? '',
    });
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
  return selectTouchpoints(sql, orgId, opts.journeyId);
}

/** Get one touchpoint, or not found. */
export async function getTouchpoint(sql: Sql, orgId: string, touchpointId: string): Promise<Touchpoint> {
  const t = await selectTouchpoint(sql, orgId, touchpointId);
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
  return new Set(await selectKnownTouchpointIds(sql, orgId, wanted));
}
