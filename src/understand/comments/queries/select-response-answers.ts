// Query: the survey answers behind some feedback records (free-text answers hold the original comment).
import type { Sql } from '../../../platform/db/index.js';

/** Answers of the responses of these feedback records (records without a response are left out). */
export async function selectResponseAnswers(
  sql: Sql,
  orgId: string,
  feedbackIds: readonly string[],
): Promise<Array<{ id: string; answers: Record<string, unknown> }>> {
  return sql<Array<{ id: string; answers: Record<string, unknown> }>>`
    select r.id, r.answers
    from feedback f join responses r on r.org_id = f.org_id and r.id = f.response_id
    where f.org_id = ${orgId} and f.id = any(${feedbackIds as string[]}::uuid[]) and f.text is not null`;
}
