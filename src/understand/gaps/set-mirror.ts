// One statement: mark a survey as the internal mirror of a customer survey (or unmark it).
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError, ValidationError } from '../../platform/errors/index.js';

/**
 * Set `surveys.mirror_of`. The customer survey must belong to the organisation, must not be a mirror
 * itself, and a survey cannot mirror itself; a survey that others mirror cannot become a mirror.
 */
export async function setMirror(
  sql: Sql,
  orgId: string,
  surveyId: string,
  mirrorOf: string | null,
): Promise<{ id: string; mirrorOf: string | null }> {
  if (mirrorOf === surveyId)
    throw new ValidationError('A survey cannot mirror itself', [
      { name: 'mirrorOf', reason: 'must be another survey' },
    ]);
  const [row] = await sql<
    Array<{
      id: string;
      mirrorOf: string | null;
      target: boolean | null;
      targetIsMirror: boolean | null;
      mirrored: boolean;
    }>
  >`
    select s.id::text, s.mirror_of::text as "mirrorOf",
      (select true from surveys t where t.org_id = ${orgId} and t.id = ${mirrorOf}) as target,
      (select t.mirror_of is not null from surveys t where t.org_id = ${orgId} and t.id = ${mirrorOf}) as "targetIsMirror",
      exists (select 1 from surveys m where m.org_id = ${orgId} and m.mirror_of = s.id) as mirrored
    from surveys s where s.org_id = ${orgId} and s.id = ${surveyId}`;
  if (!row) throw new NotFoundError(`Survey ${surveyId} not found`);
  if (mirrorOf !== null) {
    if (!row.target)
      throw new ValidationError('Unknown customer survey', [
        { name: 'mirrorOf', reason: 'no such survey in this organisation' },
      ]);
    if (row.targetIsMirror)
      throw new ValidationError('A mirror cannot be mirrored', [
        { name: 'mirrorOf', reason: 'that survey is itself a mirror' },
      ]);
    if (row.mirrored)
      throw new ValidationError('This survey is mirrored by others', [
        { name: 'mirrorOf', reason: 'a mirrored customer survey cannot become a mirror' },
      ]);
  }
  await sql`update surveys set mirror_of = ${mirrorOf}, updated_at = now() where org_id = ${orgId} and id = ${surveyId}`;
  return { id: surveyId, mirrorOf };
}
