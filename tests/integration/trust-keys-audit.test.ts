// API keys with roles, expiry, last use and immediate revocation; login lockout per account; the
// audit log (append-only in the database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/platform/audit/index.js';
import { createApiKey } from '../../src/platform/auth/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestUser, type TestOrg } from '../support/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let rival: TestOrg;

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000 });
  acme = await createTestOrg(t.db.sql, 'Acme');
  rival = await createTestOrg(t.db.sql, 'Rival');
});
afterAll(async () => t.close());

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('API keys', () => {
  it('gives each key its role: a viewer key reads but cannot configure or manage keys', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: acme.headers,
      payload: { name: 'dashboard wall', role: 'viewer' },
    });
    expect(created.statusCode).toBe(201);
    const { key, id, role } = created.json();
    expect(role).toBe('viewer');
    expect(key).toMatch(/^ns_/);
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/journeys', headers: bearer(key) });
    expect(read.statusCode).toBe(200);
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/journeys',
      headers: bearer(key),
      payload: { name: 'Nope', stages: ['a'] },
    });
    expect(write.statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: bearer(key) })).statusCode,
    ).toBe(403);
    // Listed with its role and last use, never its secret.
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: acme.headers });
    const mine = list.json().items.find((k: { id: string }) => k.id === id);
    expect(mine).toMatchObject({ name: 'dashboard wall', role: 'viewer', revokedAt: null });
    expect(mine.lastUsedAt).not.toBeNull();
    expect(list.body).not.toContain(key);
  });

  it('refuses a revoked key on the very next request, even right after it was used', async () => {
    const { key, id } = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: acme.headers,
        payload: { name: 'to revoke', role: 'agent' },
      })
    ).json();
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/journeys', headers: bearer(key) })).statusCode,
    ).toBe(200);
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${id}`,
      headers: acme.headers,
    });
    expect(revoked.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/journeys', headers: bearer(key) })).statusCode,
    ).toBe(401);
    // Another organisation's key is not found.
    const foreign = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${id}`,
      headers: rival.headers,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('refuses an expired key', async () => {
    const { apiKey, key } = await createApiKey(t.db.sql, acme.org.id, 'short', {
      role: 'viewer',
      expiresInDays: 1,
    });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/journeys', headers: bearer(key) })).statusCode,
    ).toBe(200);
    await t.db.sql`update api_keys set expires_at = now() - interval '1 second' where id = ${apiKey.id}`;
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/journeys', headers: bearer(key) })).statusCode,
    ).toBe(401);
  });
});

describe('login lockout', () => {
  it('locks an account after repeated failures, whatever the IP, and says when to retry', async () => {
    const user = await createTestUser(t.db.sql, acme.org.id, 'viewer');
    const attempt = (password: string, ip: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: ip,
        payload: { email: user.email, password },
      });
    for (let i = 0; i < 5; i++)
      expect((await attempt('wrong password!', `10.0.0.${i}`)).statusCode).toBe(401);
    const locked = await attempt(user.password, '10.0.1.1');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('login_locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Once the lock has passed, the right password works and clears the count.
    await t.db
      .sql`update login_failures set locked_until = now() - interval '1 second' where email = ${user.email}`;
    expect((await attempt(user.password, '10.0.1.2')).statusCode).toBe(200);
    const [row] = await t.db.sql`select 1 from login_failures where email = ${user.email}`;
    expect(row).toBeUndefined();
  });
});

describe('audit log', () => {
  it('records key changes with actor, target and IP, filters them, and refuses edits', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=api_key.create',
      headers: acme.headers,
    });
    expect(res.statusCode).toBe(200);
    const { items, nextCursor } = res.json();
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items[0]).toMatchObject({ action: 'api_key.create', ip: expect.any(String) });
    expect(items[0].actor).toMatch(/^key:/);
    expect(Date.parse(items[0].at)).not.toBeNaN();
    expect(nextCursor).toBeNull();
    const revokes = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=api_key.revoke',
      headers: acme.headers,
    });
    expect(revokes.json().items).toHaveLength(1);
    // Another organisation sees none of it.
    const theirs = await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: rival.headers });
    expect(theirs.json().items).toEqual([]);
    // Paging.
    for (let i = 0; i < 3; i++)
      await recordAudit(t.db.sql, { orgId: acme.org.id, actor: 'system', action: 'test.page' });
    const page1 = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/audit?action=test.page&limit=2',
        headers: acme.headers,
      })
    ).json();
    expect(page1.items).toHaveLength(2);
    const page2 = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/audit?action=test.page&limit=2&cursor=${page1.nextCursor}`,
        headers: acme.headers,
      })
    ).json();
    expect(page2.items).toHaveLength(1);
    // Append-only, for the database owner too.
    await expect(t.db.sql`update audit_log set actor = 'someone else'`).rejects.toThrow(/append-only/);
    await expect(t.db.sql`delete from audit_log`).rejects.toThrow(/append-only/);
    await expect(t.db.sql`truncate audit_log`).rejects.toThrow(/append-only/);
  });
});
