// Query: the first local midnight at or after one instant and the last at or before another, in a zone.
import type { Sql } from '../../../platform/db/index.js';

/**
 * In `timeZone`: the first local midnight at or after `from` and the last at or before `to` (null where
 * the bound is absent), as PostgreSQL's zone rules give them (the rollup's days are its local dates).
 */
export async function getLocalMidnights(
  sql: Sql,
  from: Date | undefined,
  to: Date | undefined,
  timeZone: string,
): Promise<{ from: Date | null; to: Date | null }> {
  const [row] = await sql<{ from: Date | null; to: Date | null }[]>`
    select case
        when ${from ?? null}::timestamptz is null then null
        when date_trunc('day', ${from ?? null}::timestamptz at time zone ${timeZone})
          = ${from ?? null}::timestamptz at time zone ${timeZone} then ${from ?? null}::timestamptz
        else (date_trunc('day', ${from ?? null}::timestamptz at time zone ${timeZone}) + interval '1 day')
          at time zone ${timeZone}
      end as "from",
      date_trunc('day', ${to ?? null}::timestamptz at time zone ${timeZone}) at time zone ${timeZone} as "to"`;
  return row ?? { from: null, to: null };
}
