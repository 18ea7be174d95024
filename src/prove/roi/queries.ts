// Queries of the return on initiatives.
import type { Sql } from '../../platform/db/index.js';

/**
 * Customers an initiative reached: distinct contacts who answered the metric at its targeted touchpoints
 * from its start (a YYYY-MM-DD day, UTC) to its end day inclusive (or now).
 */
export async function selectCustomersReached(
  sql: Sql,
  orgId: string,
  p: { metric: 'nps' | 'csat' | 'ces'; touchpointIds: string[]; from: string; to: string | null },
): Promise<number> {
  if (p.touchpointIds.length === 0) return 0;
  const [row] = await sql<{ n: number }[]>`
    select count(distinct contact_id)::int as n from feedback
    where org_id = ${orgId} and touchpoint_id = any(${p.touchpointIds}::uuid[]) and contact_id is not null
      and ${sql(p.metric)} is not null
      and occurred_at >= (${p.from}::date)::timestamp at time zone 'UTC'
      ${p.to ? sql`and occurred_at < (${p.to}::date + 1)::timestamp at time zone 'UTC'` : sql``}`;
  return row?.n ?? 0;
}
