// Fuzzing every operation of the generated OpenAPI document with fast-check, seeded: path parameters
// (real ids of the organisation, random UUIDs, hostile strings), query values and JSON bodies made from
// the request schemas, with wrong types and hostile values mixed in. Requests go in process (app.inject)
// as an administrator, and on public routes half of them without credentials. No answer may be 5xx;
// afterwards the server is ready and its heap bounded.
// NORTHSTAR_FUZZ_RUNS (default 300) sets the cases per operation, NORTHSTAR_FUZZ_SEED the seed.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/server/routes.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, type TestOrg } from '../support/factories.js';
import { forField, fromSchema, hostile, urlValue } from './openapi-fuzz.support.js';
import { CAPABILITIES, PARAMS, type Seeded, seedOrg } from './tenant-matrix.support.js';

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Json;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Json }> };
  security?: unknown[];
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Json> };
}

const RUNS = Number(process.env.NORTHSTAR_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.NORTHSTAR_FUZZ_SEED ?? 20_261_203);
/** Requests in flight at once (in process: the database is the wait). */
const CONCURRENCY = Number(process.env.NORTHSTAR_FUZZ_CONCURRENCY ?? 8);
let sent = 0;
/** Answers by status class, and the operations that accepted at least one request. */
const tally: Record<string, number> = {};
const accepted = new Set<string>();
/** Why an operation that accepted nothing refused its last request (status and field). */
const refusal = new Map<string, string>();
const refusalOf = (res: { statusCode: number; body: string }): string => {
  try {
    const p = JSON.parse(res.body) as { code?: string; invalid_params?: Array<{ name: string }> };
    return `${res.statusCode} ${p.invalid_params?.[0]?.name ?? p.code ?? ''}`;
  } catch {
    return String(res.statusCode);
  }
};
/** Operations not fuzzed, and why. */
const SKIPPED: Record<string, string> = {
  // An event stream stays open; HEAD and bad queries on it are tested in trust-bad-input.
  'GET /api/v1/feedback/stream': 'an open event stream',
};

let t: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let doc: Doc;
let ids: string[] = [];
let seeded: Seeded;
let heapBefore = 0;
const started = Date.now();
const ops: Array<{ id: string; method: string; path: string; op: Operation; index: number }> = [];

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000_000 });
  acme = await createTestOrg(t.db.sql, 'Acme');
  // One resource of every type: path parameters get ids of their type (the tenant matrix's map).
  seeded = await seedOrg(t.app, t.db.sql, acme, 'Fuzzed');
  ids = Object.values(seeded);
  doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  let index = 0;
  for (const [path, byMethod] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(byMethod))
      ops.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        op,
        index: index++,
      });
  heapBefore = process.memoryUsage().heapUsed;
}, 120_000);
afterAll(async () => t.close());

/** A request for one operation: path, query and body from its schemas (valid, chaotic or hostile). */
function requestOf(o: (typeof ops)[number], isPublic: boolean) {
  const params = o.op.parameters ?? [];
  const segments = o.path.split('/');
  const pathArbs = Object.fromEntries(
    params
      .filter((p) => p.in === 'path')
      .map((p) => {
        const key = `${segments[segments.indexOf(`{${p.name}}`) - 1]?.replace(/^\{(.*)\}$/, ':$1')}/:${p.name}`;
        const type = PARAMS[key];
        const own = type ? [seeded[type]] : key in CAPABILITIES ? [seeded.siteKey, seeded.survey] : ids;
        return [
          p.name,
          fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...own) },
            { weight: 1, arbitrary: fc.constantFrom(...ids) },
            { weight: 1, arbitrary: fromSchema(doc, p.schema, { chaos: false, ids }) },
            { weight: 1, arbitrary: hostile },
          ),
        ];
      }),
  );
  const queryOf = (chaos: boolean) =>
    fc.record(
      Object.fromEntries(
        params
          .filter((p) => p.in === 'query')
          .map((p) => [p.name, forField(doc, p.name, p.schema, { chaos, ids })]),
      ),
      { requiredKeys: chaos ? [] : params.filter((p) => p.in === 'query' && p.required).map((p) => p.name) },
    );
  const bodySchema = o.op.requestBody?.content?.['application/json']?.schema;
  const body = bodySchema
    ? fc.oneof(
        { weight: 3, arbitrary: fromSchema(doc, bodySchema, { chaos: false, ids }) },
        { weight: 3, arbitrary: fromSchema(doc, bodySchema, { chaos: true, ids }) },
        { weight: 1, arbitrary: hostile },
      )
    : fc.constant(undefined);
  return fc.record({
    path: fc.record(pathArbs),
    query: fc.oneof(queryOf(false), queryOf(true)),
    body,
    anonymous: isPublic ? fc.boolean() : fc.constant(false),
    ip: fc.ipV4(),
  });
}

describe('the OpenAPI fuzz', () => {
  it('has every operation of the document in the route table', () => {
    expect(ops.map((o) => o.id).sort()).toEqual(
      ROUTES.map((r) => `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`).sort(),
    );
  });

  // Changing and erasing routes last, so that the others meet the seeded resources as made (a live
  // survey, an open case).
  const rank = (m: string) => (m === 'DELETE' ? 2 : m === 'PATCH' || m === 'PUT' ? 1 : 0);
  const order = [...ROUTES].sort((x, y) => rank(x.method) - rank(y.method));
  for (const route of order) {
    const id = `${route.method} ${route.url.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    it.skipIf(id in SKIPPED)(
      `${id}: no answer is 5xx`,
      async () => {
        const o = ops.find((x) => x.id === id);
        if (!o) throw new Error(`${id} is not in the OpenAPI document`);
        const isPublic = route.auth === 'public';
        const failures: string[] = [];
        // The cases are drawn up front from the seed (reproducible), then sent a few at a time.
        const cases = fc.sample(requestOf(o, isPublic), { numRuns: RUNS, seed: SEED + o.index });
        const send = async (r: (typeof cases)[number]) => {
          const url =
            o.path.replace(/\{([^}]+)\}/g, (_, name: string) => urlValue(r.path[name]) || 'x') +
            (Object.keys(r.query).length > 0
              ? `?${Object.entries(r.query)
                  .map(([k, v]) => `${k}=${urlValue(v)}`)
                  .join('&')}`
              : '');
          const res = await t.app.inject({
            method: o.method as 'GET',
            url,
            remoteAddress: r.ip,
            headers: {
              ...(r.anonymous ? {} : acme.headers),
              ...(r.body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(r.body === undefined ? {} : { payload: JSON.stringify(r.body) }),
          });
          const klass = `${Math.floor(res.statusCode / 100)}xx`;
          tally[klass] = (tally[klass] ?? 0) + 1;
          if (res.statusCode < 300) accepted.add(o.id);
          else if (res.statusCode < 500 && !accepted.has(o.id)) refusal.set(o.id, refusalOf(res));
          if (res.statusCode >= 500 && failures.length < 3)
            failures.push(
              `${o.method} ${url.slice(0, 300)} ${JSON.stringify(r.body)?.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`,
            );
        };
        for (let k = 0; k < cases.length; k += CONCURRENCY)
          await Promise.all(cases.slice(k, k + CONCURRENCY).map(send));
        sent += cases.length;
        expect(failures, o.id).toEqual([]);
      },
      600_000,
    );
  }

  it('leaves the server ready, its heap bounded, within the time', async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    const heap = process.memoryUsage().heapUsed;
    console.info(
      `OpenAPI fuzz: ${ops.length - Object.keys(SKIPPED).length} operations × ${RUNS} cases (${sent} requests), seed ${SEED}, ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s; heap ${(heapBefore / 2 ** 20).toFixed(0)} → ${(heap / 2 ** 20).toFixed(0)} MiB`,
    );
    console.info(
      `OpenAPI fuzz: answers ${JSON.stringify(tally)}; ${accepted.size} operations accepted some requests; never: ${ops
        .map((o) => o.id)
        .filter((id) => !accepted.has(id) && !(id in SKIPPED))
        .map((id) => `${id} (${refusal.get(id)})`)
        .join(', ')}`,
    );
    expect(heap - heapBefore).toBeLessThan(512 * 2 ** 20);
  });
});
