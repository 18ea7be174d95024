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

/**
 * The instant (microseconds since the epoch) each local date from `firstDay` to `lastDay` (days since
 * 1970-01-01) begins in `timeZone`, as `occurred_at at time zone` assigns dates; null when a clock change
 * falls within an hour of a local midnight in the span (a date could then begin twice).
 */
export async function listLocalMidnights(
  sql: Sql,
  firstDay: number,
  lastDay: number,
  timeZone: string,
): Promise<Float64Array | null> {
  const rows = await sql<{ at: number; clean: boolean }[]>`
    select (extract(epoch from m.at) * 1000000)::float8 as at,
      (m.at - interval '1 hour') at time zone ${timeZone} = d.day - interval '1 hour'
        and (m.at + interval '1 hour') at time zone ${timeZone} = d.day + interval '1 hour' as clean
    from generate_series(${firstDay}::int, ${lastDay}::int) as k(n)
      cross join lateral (select (date '1970-01-01' + k.n)::timestamp as day) as d
      cross join lateral (select d.day at time zone ${timeZone} as at) as m
    order by k.n`;
  if (rows.some((r) => !r.clean)) return null;
  return Float64Array.from(rows, (r) => r.at);
}
