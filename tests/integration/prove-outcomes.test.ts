// Outcomes through the API on a real database: single, batch and CSV, idempotent by key, money exact,
// bad input refused whole with every problem named, and tenants kept apart.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertContact } from '../../src/listen/index.js';
import { importOutcomesCsv } from '../../src/prove/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let globex: TestOrg;
let ann = '';
let bob = '';

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  globex = await createTestOrg(ctx.db.sql, 'Globex');
  ann = (await upsertContact(ctx.db.sql, acme.org.id, { externalId: 'crm-1', email: 'ann@example.com' })).id;
  bob = (await upsertContact(ctx.db.sql, acme.org.id, { externalId: 'crm-2' })).id;
});
afterAll(() => ctx.close());

const post = (org: TestOrg, url: string, payload: unknown) =>
  ctx.app.inject({ method: 'POST', url, headers: org.headers, payload: payload as object });
const count = async (orgId: string) =>
  (await ctx.db.sql<{ n: number }[]>`select count(*)::int as n from outcomes where org_id = ${orgId}`)[0]?.n;

describe('outcomes', () => {
  it('records one outcome with exact money and answers a retry with the stored one', async () => {
    const body = {
      key: 'order-1',
      contactId: ann,
      kind: 'order',
      occurredAt: '2026-01-05T10:00:00Z',
      amount: '0.29',
      currency: 'EUR',
    };
    const first = await post(acme, '/api/v1/outcomes', body);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      key: 'order-1',
      contactId: ann,
      amount: '0.29',
      amountMinor: '29',
      currency: 'EUR',
    });
    const again = await post(acme, '/api/v1/outcomes', body);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(await count(acme.org.id)).toBe(1);
  });

  it('keeps sums exact where floating point drifts', async () => {
    const items = Array.from({ length: 10 }, (_, i) => ({
      key: `tenth-${i}`,
      contactExternalId: 'crm-2',
      kind: 'revenue',
      occurredAt: '2026-01-06',
      amount: 0.1,
      currency: 'EUR',
    }));
    const r = await post(acme, '/api/v1/outcomes/batch', { items });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ inserted: 10, duplicates: 0 });
    const list = await ctx.app.inject({ url: '/api/v1/outcomes?kind=revenue', headers: acme.headers });
    const revenue = list.json().kinds.find((k: { kind: string }) => k.kind === 'revenue');
    // 0.1 added ten times is 0.9999999999999999 in floating point; stored in cents it is 1.00
    expect(revenue.total).toBe('1.00');
  });

  it('refuses a batch with text in numbers, unknown contacts, duplicated keys and a second currency, writing nothing', async () => {
    const before = await count(acme.org.id);
    const r = await post(acme, '/api/v1/outcomes/batch', {
      items: [
        {
          key: 'b-1',
          contactId: ann,
          kind: 'order',
          occurredAt: '2026-02-01',
          amount: '12,5x',
          currency: 'EUR',
        },
        {
          key: 'b-2',
          contactExternalId: 'nobody',
          kind: 'order',
          occurredAt: '2026-02-01',
          amount: '3',
          currency: 'EUR',
        },
        { key: 'b-2', contactId: bob, kind: 'churn', occurredAt: '2026-02-01' },
        { key: 'b-3', contactId: bob, kind: 'order', occurredAt: '2026-02-01', amount: '3', currency: 'USD' },
        { key: 'b-4', contactId: bob, kind: 'csat_follow_up', occurredAt: 'yesterday', value: 'seven' },
        { key: 'b-5', contactId: bob, kind: 'renewal', occurredAt: '2026-02-01' },
      ],
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    const names = r.json().invalid_params.map((p: { name: string }) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'items[0].amount',
        'items[1].contactExternalId',
        'items[2].key',
        'items[3].currency',
        'items[4].occurredAt',
        'items[4].value',
      ]),
    );
    expect(r.json().detail).toMatch(/nothing was written/);
    expect(await count(acme.org.id)).toBe(before);
  });

  it('imports a CSV all or nothing, naming rows and lines, and skips keys already stored', async () => {
    const bad = [
      'key,contact_external_id,kind,occurred_at,amount,currency',
      'c-1,crm-1,order,2026-03-01,10.00,EUR',
      'c-2,crm-9,order,2026-03-02,ten,EUR',
    ].join('\n');
    const r = await post(acme, '/api/v1/outcomes/import', { content: bad });
    expect(r.statusCode).toBe(400);
    const params = r.json().invalid_params;
    expect(params).toContainEqual({ name: 'row 2 (line 3).amount', reason: "'ten' is not a number" });
    expect(params).toContainEqual({
      name: 'row 2 (line 3).contactExternalId',
      reason: "no contact 'crm-9' in this organisation",
    });
    const good = [
      'key,contact_email,kind,occurred_at,amount,currency,flag',
      'c-1,ANN@example.com,order,2026-03-01,"1,234.56",EUR,',
      'c-2,ann@example.com,churn,2026-04-01,,,yes',
    ].join('\n');
    const ok = await post(acme, '/api/v1/outcomes/import', { content: good });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ inserted: 2, duplicates: 0, rows: 2 });
    const again = await post(acme, '/api/v1/outcomes/import', { content: good });
    expect(again.json()).toEqual({ inserted: 0, duplicates: 2, rows: 2 });
    const list = await ctx.app.inject({
      url: `/api/v1/outcomes?contactId=${ann}&kind=order`,
      headers: acme.headers,
    });
    expect(list.json().items.map((o: { amount: string }) => o.amount)).toContain('1234.56');
  });

  it('tells the progress of an import: every row checked, then written in chunks; nothing on refusal', async () => {
    const lines = ['key,contact_email,kind,occurred_at,amount,currency'];
    for (let i = 0; i < 12_000; i++) lines.push(`p-${i},ann@example.com,order,2026-05-01,1.00,EUR`);
    const seen: Array<{ phase: string; done: number; total: number }> = [];
    const r = await importOutcomesCsv(ctx.db.sql, acme.org.id, lines.join('\n'), (p) => seen.push(p));
    expect(r.inserted).toBe(12_000);
    expect(seen).toEqual([
      { phase: 'checked', done: 12_000, total: 12_000 },
      { phase: 'writing', done: 5_000, total: 12_000 },
      { phase: 'writing', done: 10_000, total: 12_000 },
      { phase: 'writing', done: 12_000, total: 12_000 },
    ]);
    const refused: unknown[] = [];
    await expect(
      importOutcomesCsv(
        ctx.db.sql,
        acme.org.id,
        `${lines[0]}\nq-1,ann@example.com,order,2026-05-01,x,EUR`,
        (p) => refused.push(p),
      ),
    ).rejects.toThrow(/nothing was written/);
    expect(refused).toEqual([]);
  });

  it('keeps tenants apart: another organisation can neither see nor reference these contacts', async () => {
    const list = await ctx.app.inject({ url: '/api/v1/outcomes', headers: globex.headers });
    expect(list.json().items).toEqual([]);
    const r = await post(globex, '/api/v1/outcomes', {
      key: 'x',
      contactId: ann,
      kind: 'order',
      occurredAt: '2026-01-01',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().invalid_params[0]).toMatchObject({ name: 'body.contactId' });
  });
});
