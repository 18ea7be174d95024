// The tenant matrix, generated from the route table: two organisations each get one resource of every
// type; every route with a path parameter is called as organisation A with B's ids (and, for nested
// routes, A's parent with B's child) and must answer 404 or 403 leaving B's rows untouched; every list
// route is read as A, plain and with B's ids in its id filters, and must show nothing of B. A route whose
// path parameter names no resource type of the matrix fails the test until the matrix learns it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/server/routes.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, type TestOrg } from '../support/factories.js';
import {
  BODIES,
  CAPABILITIES,
  FOREIGN_BODIES,
  LIST_QUERIES,
  ORGANISATION_SETTINGS,
  PARAMS,
  QUERY_IDS,
  type Resource,
  type Seeded,
  seedOrg,
  UNSCOPED_KEYS,
} from './tenant-matrix.support.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let a: TestOrg;
let b: TestOrg;
let ids: { a: Seeded; b: Seeded };

/** Where a route's parameter points: `<segment before it>/:<name>`, e.g. `journeys/:id`. */
const paramKeys = (url: string): string[] => {
  const parts = url.split('/');
  return parts.flatMap((p, i) => (p.startsWith(':') ? [`${parts[i - 1]}/${p}`] : []));
};

/**
 * A fingerprint of every row B owns in every table with an `org_id` column. Pending rollup sums are
 * folded first: a fold (run by any organisation's reads, for all of them) moves B's pending sums into
 * its rollup without changing what they add up to, so only the folded form is comparable.
 */
async function fingerprint(orgId: string): Promise<Record<string, string>> {
  for (let tries = 0; ; tries++) {
    const [f] = await t.db.sql<{ a: boolean; b: boolean }[]>`
      select feedback_rollup_fold() as a, feedback_theme_rollup_fold() as b`;
    if ((f?.a && f?.b) || tries >= 100) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const tables = await t.db.sql<{ table_name: string }[]>`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'org_id' order by table_name`;
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [row] = await t.db.sql<{ h: string | null }[]>`
      select md5(string_agg(x::text, '|' order by x::text)) as h
      from ${t.db.sql(table_name)} x where org_id = ${orgId}`;
    out[table_name] = row?.h ?? '';
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 1_000_000 });
  a = await createTestOrg(t.db.sql, 'Acme');
  b = await createTestOrg(t.db.sql, 'Rivalcorp');
  ids = { a: await seedOrg(t.app, t.db.sql, a, 'Acmeco'), b: await seedOrg(t.app, t.db.sql, b, 'Rivalcorp') };
}, 120_000);
afterAll(async () => t.close());

/** Everything of B that must never show in A's answers: its ids and its marker. */
const leaks = (body: string): string[] => {
  const found = Object.entries(ids.b)
    .filter(([, v]) => body.includes(v))
    .map(([k]) => k);
  if (/rivalcorp/i.test(body)) found.push('the name Rivalcorp');
  if (body.includes(b.org.id)) found.push('organisation id');
  return found;
};

const call = (method: string, url: string, payload?: unknown) =>
  t.app.inject({
    method: method as 'GET',
    url,
    headers: { ...a.headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });

describe('the tenant matrix', () => {
  it('knows every path parameter of every route', () => {
    const unknown = ROUTES.flatMap((r) =>
      paramKeys(r.url)
        .filter((k) => !(k in PARAMS) && !(k in CAPABILITIES) && !(k in UNSCOPED_KEYS))
        .map((k) => `route ${r.method} ${r.url} has an unknown parameter ${k} — add it to the matrix`),
    );
    expect(unknown).toEqual([]);
    // A capability (a token or public key in the path) is only allowed on public routes.
    const misplaced = ROUTES.filter(
      (r) => r.auth !== 'public' && paramKeys(r.url).some((k) => k in CAPABILITIES),
    ).map((r) => `${r.method} ${r.url}`);
    expect(misplaced).toEqual([]);
    const bodiless = ROUTES.filter(
      (r) =>
        r.auth !== 'public' &&
        paramKeys(r.url).length > 0 &&
        r.schema.body !== undefined &&
        !(`${r.method} ${r.url}` in BODIES),
    ).map((r) => `route ${r.method} ${r.url} needs a minimal body in the matrix`);
    expect(bodiless).toEqual([]);
  });

  it("answers 404 or 403 to A for B's ids on every route with a path parameter, and leaves B's rows as they were", async () => {
    const before = await fingerprint(b.org.id);
    const failures: string[] = [];
    let calls = 0;
    const routes = ROUTES.filter((r) => r.auth !== 'public' && paramKeys(r.url).length > 0);
    for (const r of routes) {
      const keys = paramKeys(r.url);
      if (keys.every((k) => k in UNSCOPED_KEYS)) continue;
      // All of B's ids; and for nested routes, A's parent with B's child.
      const variants: Array<Array<'a' | 'b'>> = [keys.map(() => 'b')];
      // (Unless B's child is a key every organisation shares, such as a version number.)
      if (keys.length > 1 && keys.slice(1).some((k) => !(k in UNSCOPED_KEYS)))
        variants.push(keys.map((_, i) => (i === 0 ? 'a' : 'b')));
      const paramValue = (key: string, owner: 'a' | 'b') =>
        UNSCOPED_KEYS[key] ?? ids[owner][PARAMS[key] as Resource];
      for (const variant of variants) {
        let i = 0;
        const url = r.url.replace(/:[A-Za-z]+/g, () => {
          const key = keys[i] as string;
          const owner = variant[i++] as 'a' | 'b';
          return encodeURIComponent(paramValue(key, owner));
        });
        const body = BODIES[`${r.method} ${r.url}`]?.(ids.a);
        const res = await call(r.method, url, body);
        calls++;
        // The control: a read of A's own resource by the same route answers 200 (the 404 is the scoping).
        if (r.method === 'GET' && variant.every((o) => o === 'b')) {
          let j = 0;
          const own = r.url.replace(/:[A-Za-z]+/g, () =>
            encodeURIComponent(paramValue(keys[j++] as string, 'a')),
          );
          const mine = await call('GET', own);
          if (mine.statusCode !== 200)
            failures.push(`control ${own}: ${mine.statusCode} ${mine.body.slice(0, 200)}`);
        }
        if (res.statusCode !== 404 && res.statusCode !== 403)
          failures.push(
            `${r.method} ${url} (${variant.join('')}): ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
        const leaked = leaks(res.body).filter((k) => !url.includes(ids.b[k as Resource] ?? '\u0000'));
        if (leaked.length > 0) failures.push(`${r.method} ${url}: shows B's ${leaked.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
    const after = await fingerprint(b.org.id);
    const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
    expect(changed).toEqual([]);
    console.info(`tenant matrix: ${routes.length} routes with path parameters, ${calls} cross-tenant calls`);
    expect(calls).toBeGreaterThanOrEqual(routes.length - Object.keys(UNSCOPED_KEYS).length);
  });

  it("refuses A's requests whose body names B's resources, leaving B's rows as they were", async () => {
    const before = await fingerprint(b.org.id);
    const failures: string[] = [];
    for (const f of FOREIGN_BODIES) {
      const url = f.url(ids.a);
      const res = await call(f.method, url, f.body(ids.a, ids.b));
      if (f.ignored && res.statusCode === f.ignored.status) {
        if (JSON.stringify(res.json()) !== JSON.stringify(f.ignored.body))
          failures.push(
            `${f.method} ${url}: ${res.body} (expected ${JSON.stringify(f.ignored.body)}: ${f.ignored.why})`,
          );
      } else if (![400, 404, 409, 422].includes(res.statusCode))
        failures.push(
          `${f.method} ${url} ${JSON.stringify(f.body(ids.a, ids.b))}: ${res.statusCode} ${res.body.slice(0, 200)}`,
        );
      const leaked = leaks(res.body).filter(
        (k) => !JSON.stringify(f.body(ids.a, ids.b)).includes(ids.b[k as Resource] ?? '\u0000'),
      );
      if (leaked.length > 0) failures.push(`${f.method} ${url}: shows B's ${leaked.join(', ')}`);
    }
    expect(failures).toEqual([]);
    const after = await fingerprint(b.org.id);
    expect(Object.keys(before).filter((k) => before[k] !== after[k])).toEqual([]);
    console.info(`tenant matrix: ${FOREIGN_BODIES.length} requests naming B's resources in their body`);
  });

  it("changes only A's own organisation settings, never B's", async () => {
    const row = async () =>
      (
        await t.db.sql<
          { o: string }[]
        >`select to_jsonb(o)::text as o from organisations o where id = ${b.org.id}`
      )[0]?.o;
    const before = { row: await row(), rows: await fingerprint(b.org.id) };
    for (const r of ORGANISATION_SETTINGS) {
      const res = await call(r.method, r.url, r.body);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(200);
      expect(leaks(res.body)).toEqual([]);
    }
    expect(await row()).toBe(before.row);
    const after = await fingerprint(b.org.id);
    expect(Object.keys(before.rows).filter((k) => before.rows[k] !== after[k])).toEqual([]);
  });

  it('shows nothing of B on any route that takes an id that is not tenant-owned (theme keys)', async () => {
    const failures: string[] = [];
    for (const r of ROUTES.filter(
      (x) => x.method === 'GET' && paramKeys(x.url).some((k) => k in UNSCOPED_KEYS),
    )) {
      const keys = paramKeys(r.url);
      let i = 0;
      const url = r.url.replace(/:[A-Za-z]+/g, () => UNSCOPED_KEYS[keys[i++] as string] ?? '');
      const res = await call('GET', url);
      if (res.statusCode >= 500) failures.push(`${url}: ${res.statusCode}`);
      const leaked = leaks(res.body);
      if (leaked.length > 0) failures.push(`${url}: shows B's ${leaked.join(', ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('shows nothing of B on any list route, plain or filtered by B ids', async () => {
    const failures: string[] = [];
    let calls = 0;
    let ok = 0;
    const lists = ROUTES.filter(
      (r) =>
        r.method === 'GET' &&
        paramKeys(r.url).length === 0 &&
        r.auth !== 'public' &&
        !r.url.endsWith('/stream'),
    );
    for (const r of lists) {
      const base = LIST_QUERIES[r.url]?.(ids.a) ?? '';
      const urls = [`${r.url}${base ? `?${base}` : ''}`];
      // Each id filter the route takes, with B's id.
      const query = r.schema.querystring as { shape?: Record<string, unknown> } | undefined;
      for (const name of Object.keys(query?.shape ?? {})) {
        const type = QUERY_IDS[name];
        if (!type) continue;
        const q = new URLSearchParams(base);
        q.set(name, ids.b[type]);
        urls.push(`${r.url}?${q}`);
      }
      for (const url of urls) {
        const res = await call('GET', url);
        calls++;
        if (res.statusCode === 200) ok++;
        if (res.statusCode >= 500) failures.push(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        const leaked = leaks(res.body).filter((k) => !url.includes(ids.b[k as Resource] ?? '\u0000'));
        if (leaked.length > 0) failures.push(`${url}: shows B's ${leaked.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
    console.info(`tenant matrix: ${lists.length} list routes, ${calls} reads (${ok} answered 200)`);
    expect(ok).toBeGreaterThan(lists.length * 0.8);
  });
});
