// The pages bench's measuring and comparing: the database of a URL, p50/p95, timed runs, the bench
// organisation's ids, and answers equal to rounding.
import { isDeepStrictEqual } from 'node:util';
import type { Sql } from '../../src/platform/db/index.js';
import { FOCUS } from './load.js';

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export function stats(times: number[]): { p50: number; p95: number } {
  const s = [...times].sort((a, b) => a - b);
  return {
    p50: s[Math.floor((s.length - 1) / 2)] as number,
    p95: s[Math.ceil(0.95 * s.length) - 1] as number,
  };
}

/** A warm-up run, then `reps` timed runs (5 when the warm-up took over a second: those are far off the goal anyway). */
export async function timed(reps: number, before: () => Promise<unknown>, f: () => Promise<unknown>) {
  await before();
  const t0 = performance.now();
  const first = await f();
  const n = performance.now() - t0 > 1000 ? Math.min(5, reps) : reps;
  const times: number[] = [];
  for (let r = 0; r < n; r++) {
    await before();
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return { ...stats(times), first };
}

export async function ids(sql: Sql) {
  const [org] = await sql<{ id: string }[]>`select id from organisations where slug = 'bench'`;
  const orgId = org?.id as string;
  const surveys = await sql<{ id: string; tp: number }[]>`
    select s.id, (substr(t.name, 12))::int - 1 as tp from surveys s join touchpoints t on t.org_id = s.org_id and t.id = s.touchpoint_id
    where s.org_id = ${orgId} order by 2`;
  const tps = await sql<
    { id: string }[]
  >`select id from touchpoints where org_id = ${orgId} order by (substr(name, 12))::int`;
  const [j] = await sql<{ id: string }[]>`select id from journeys where org_id = ${orgId}`;
  const [contact] = await sql<
    { id: string }[]
  >`select id from contacts where org_id = ${orgId} order by id limit 1`;
  return {
    contact: contact?.id as string,
    orgId,
    journeyId: j?.id as string,
    survey: surveys[FOCUS]?.id as string,
    touchpoint: tps[FOCUS]?.id as string,
    touchpoint3: tps[3]?.id as string,
  };
}

/** Equal, numbers to 1e-9 relative (sums of the same values in another order differ in the last digits). */
export function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number')
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => close(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => close((a as never)[k], (b as never)[k]));
  }
  return isDeepStrictEqual(a, b);
}
