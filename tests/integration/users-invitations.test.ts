// Users and invitations from the settings page, over the API: an administrator invites an address with a
// role, the email goes out over real SMTP with an accept link, the invitee sets a password and is signed
// in with that role; inviting again replaces the link, revoking kills it; roles change and users are
// removed under the owner rules; non-administrators only read the list; every change is in the audit log.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_JOBS } from '../../src/listen/members/index.js';
import type { JobQueue } from '../../src/platform/jobs/index.js';
import type { TestDatabase } from '../support/db.js';
import { createTestOrg, createTestUser, type TestOrg } from '../support/factories.js';
import { createMailTestApp, type MailTestApp } from '../support/mail-app.js';
import { type ReceivedMail, textOf } from '../support/receivers.js';

let mail: MailTestApp;
let db: TestDatabase;
let app: FastifyInstance;
let jobs: JobQueue;
let acme: TestOrg;
let other: TestOrg;
const PASSWORD = 'a long enough passphrase';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, headers: Record<string, string>, payload?: unknown) =>
  app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as never }) });
const asKey = (method: Method, url: string, payload?: unknown) => call(method, url, acme.headers, payload);

async function session(email: string, password: string): Promise<Record<string, string>> {
  const res = await call('POST', '/api/v1/auth/login', {}, { email, password });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'ns_session')!;
  return { cookie: `ns_session=${cookie.value}` };
}

/** The token of the accept link in the newest email to `to`. */
function linkTokenFor(to: string): string {
  const messages = mail.smtp.inbox.filter((m: ReceivedMail) => m.to.includes(to));
  const text = textOf(messages.at(-1)!.raw);
  const m = /http:\/\/cx\.acme\.test\/invite#([A-Za-z0-9_-]{40,})/.exec(text);
  expect(m, text).not.toBeNull();
  return m![1]!;
}

beforeAll(async () => {
  mail = await createMailTestApp('Acme CX <cx@acme.test>');
  ({ db, app, jobs } = mail);
  acme = await createTestOrg(db.sql, 'Acme');
  other = await createTestOrg(db.sql, 'Other');
});
afterAll(async () => mail?.close());

describe('inviting a colleague', () => {
  it('emails an accept link; accepting with a password signs the invitee in with the invited role', async () => {
    const owner = await createTestUser(db.sql, acme.org.id, 'owner', 'olga@acme.test');
    const headers = await session(owner.email, owner.password);
    const res = await call('POST', '/api/v1/user-invitations', headers, {
      email: 'Ana@Acme.test',
      role: 'analyst',
    });
    expect(res.statusCode).toBe(201);
    const invitation = res.json();
    expect(invitation).toMatchObject({
      email: 'ana@acme.test',
      role: 'analyst',
      status: 'queued',
      invitedByName: 'Test owner',
    });

    expect(await jobs.drain(MEMBER_JOBS)).toEqual({ ran: 1, failed: 0 });
    const text = textOf(mail.smtp.inbox.find((m) => m.to.includes('ana@acme.test'))!.raw);
    expect(text).toContain('Test owner invited you to join Acme on Northstar as analyst');
    const token = linkTokenFor('ana@acme.test');
    const listed = (await call('GET', '/api/v1/user-invitations', headers)).json().items;
    expect(listed).toEqual([expect.objectContaining({ id: invitation.id, status: 'sent', sendError: null })]);

    const preview = await call('POST', '/api/v1/auth/invitation', {}, { token });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ email: 'ana@acme.test', role: 'analyst', organisation: 'Acme' });

    const weak = await call(
      'POST',
      '/api/v1/auth/invitation/accept',
      {},
      { token, name: 'Ana', password: 'short' },
    );
    expect(weak.statusCode).toBe(400);
    expect(weak.json().invalid_params[0].name).toBe('body.password');

    const accepted = await call(
      'POST',
      '/api/v1/auth/invitation/accept',
      {},
      { token, name: 'Ana Lopez', password: PASSWORD },
    );
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user).toMatchObject({
      email: 'ana@acme.test',
      name: 'Ana Lopez',
      role: 'analyst',
    });
    const cookie = accepted.cookies.find((c) => c.name === 'ns_session')!;
    const me = await call('GET', '/api/v1/auth/me', { cookie: `ns_session=${cookie.value}` });
    expect(me.json().organisation.name).toBe('Acme');

    // Used once: the link is dead, the invitation leaves the open list, the user is listed with a sign-in.
    expect((await call('POST', '/api/v1/auth/invitation', {}, { token })).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/user-invitations', headers)).json().items).toEqual([]);
    const users = (await call('GET', '/api/v1/users', headers)).json().items;
    const ana = users.find((u: { email: string }) => u.email === 'ana@acme.test');
    expect(ana).toMatchObject({ role: 'analyst', ssoOnly: false });
    expect(Date.parse(ana.lastSignInAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(users[0].role).toBe('owner');
    // The new user signs in with the password chosen.
    await session('ana@acme.test', PASSWORD);
  });

  it('inviting again replaces the link; revoking kills it; an existing user cannot be invited', async () => {
    const first = await asKey('POST', '/api/v1/user-invitations', { email: 'ben@acme.test', role: 'viewer' });
    await jobs.drain(MEMBER_JOBS);
    const oldToken = linkTokenFor('ben@acme.test');
    const second = await asKey('POST', '/api/v1/user-invitations', { email: 'ben@acme.test', role: 'agent' });
    expect(second.statusCode).toBe(201);
    await jobs.drain(MEMBER_JOBS);
    const newToken = linkTokenFor('ben@acme.test');
    expect((await call('POST', '/api/v1/auth/invitation', {}, { token: oldToken })).statusCode).toBe(404);
    expect((await call('POST', '/api/v1/auth/invitation', {}, { token: newToken })).json().role).toBe(
      'agent',
    );
    const open = (await asKey('GET', '/api/v1/user-invitations')).json().items;
    expect(open.map((i: { id: string }) => i.id)).toEqual([second.json().id]);
    expect((await asKey('DELETE', `/api/v1/user-invitations/${first.json().id}`)).statusCode).toBe(404);

    // Re-sending issues a new link and the previous one stops working.
    expect((await asKey('POST', `/api/v1/user-invitations/${second.json().id}/resend`)).statusCode).toBe(200);
    await jobs.drain(MEMBER_JOBS);
    const resent = linkTokenFor('ben@acme.test');
    expect(resent).not.toBe(newToken);
    expect((await call('POST', '/api/v1/auth/invitation', {}, { token: newToken })).statusCode).toBe(404);

    expect((await asKey('DELETE', `/api/v1/user-invitations/${second.json().id}`)).statusCode).toBe(204);
    const dead = await call(
      'POST',
      '/api/v1/auth/invitation/accept',
      {},
      { token: resent, name: 'Ben', password: PASSWORD },
    );
    expect(dead.statusCode).toBe(404);

    const taken = await asKey('POST', '/api/v1/user-invitations', {
      email: 'olga@acme.test',
      role: 'viewer',
    });
    expect(taken.statusCode).toBe(409);
    const bad = await asKey('POST', '/api/v1/user-invitations', { email: 'not an address', role: 'viewer' });
    expect(bad.statusCode).toBe(400);
    // Another organisation neither sees nor revokes Acme's invitations.
    expect((await call('GET', '/api/v1/user-invitations', other.headers)).json().items).toEqual([]);
  });

  it('only an owner invites an owner; non-administrators read the users but change nothing', async () => {
    const adminOnly = await asKey('POST', '/api/v1/user-invitations', {
      email: 'boss@acme.test',
      role: 'owner',
    });
    expect(adminOnly.statusCode).toBe(403);
    const viewer = await createTestUser(db.sql, acme.org.id, 'viewer');
    const headers = await session(viewer.email, viewer.password);
    const list = await call('GET', '/api/v1/users', headers);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThanOrEqual(3);
    expect((await call('GET', '/api/v1/user-invitations', headers)).statusCode).toBe(403);
    expect(
      (await call('POST', '/api/v1/user-invitations', headers, { email: 'x@acme.test', role: 'viewer' }))
        .statusCode,
    ).toBe(403);
    const someone = list.json().items.find((u: { email: string }) => u.email === 'ana@acme.test');
    expect((await call('PATCH', `/api/v1/users/${someone.id}`, headers, { role: 'viewer' })).statusCode).toBe(
      403,
    );
    expect((await call('DELETE', `/api/v1/users/${someone.id}`, headers)).statusCode).toBe(403);
  });
});

describe('roles and removal', () => {
  it('keeps an owner, keeps owners to owners, and ends a removed user’s sessions at once', async () => {
    const org = await createTestOrg(db.sql, 'Rules');
    const olga = await createTestUser(db.sql, org.org.id, 'owner');
    const adam = await createTestUser(db.sql, org.org.id, 'admin');
    const vic = await createTestUser(db.sql, org.org.id, 'viewer');
    const asOwner = await session(olga.email, olga.password);
    const asAdmin = await session(adam.email, adam.password);
    const asVic = await session(vic.email, vic.password);

    // Nobody changes their own role; an admin cannot touch an owner nor make one.
    expect(
      (await call('PATCH', `/api/v1/users/${olga.user.id}`, asOwner, { role: 'admin' })).statusCode,
    ).toBe(409);
    expect(
      (await call('PATCH', `/api/v1/users/${olga.user.id}`, asAdmin, { role: 'viewer' })).statusCode,
    ).toBe(403);
    expect((await call('PATCH', `/api/v1/users/${vic.user.id}`, asAdmin, { role: 'owner' })).statusCode).toBe(
      403,
    );
    expect((await call('DELETE', `/api/v1/users/${olga.user.id}`, asAdmin)).statusCode).toBe(403);

    const promoted = await call('PATCH', `/api/v1/users/${vic.user.id}`, asAdmin, { role: 'analyst' });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ id: vic.user.id, role: 'analyst' });
    // The owner makes Adam owner, then Adam may demote Olga: one owner remains.
    expect(
      (await call('PATCH', `/api/v1/users/${adam.user.id}`, asOwner, { role: 'owner' })).statusCode,
    ).toBe(200);
    expect(
      (await call('PATCH', `/api/v1/users/${olga.user.id}`, asAdmin, { role: 'admin' })).statusCode,
    ).toBe(200);
    // Olga (now admin) cannot demote the last owner.
    expect(
      (await call('PATCH', `/api/v1/users/${adam.user.id}`, asOwner, { role: 'admin' })).statusCode,
    ).toBe(403);

    expect((await call('GET', '/api/v1/auth/me', asVic)).statusCode).toBe(200);
    expect((await call('DELETE', `/api/v1/users/${vic.user.id}`, asOwner)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/auth/me', asVic)).statusCode).toBe(401);
    expect((await call('DELETE', `/api/v1/users/${vic.user.id}`, asOwner)).statusCode).toBe(404);
    // Another organisation's key finds none of these users.
    expect((await call('DELETE', `/api/v1/users/${adam.user.id}`, other.headers)).statusCode).toBe(404);

    const audit = await call('GET', '/api/v1/audit?limit=20', org.headers);
    const actions = audit.json().items.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'user.role_change')).toHaveLength(3);
    expect(actions).toContain('user.remove');
  });

  it('the last owner cannot be removed or demoted, even by another owner’s key', async () => {
    const org = await createTestOrg(db.sql, 'Solo');
    const only = await createTestUser(db.sql, org.org.id, 'owner');
    const res = await call('PATCH', `/api/v1/users/${only.user.id}`, org.headers, { role: 'admin' });
    // The key acts as an administrator: owners are for owners.
    expect(res.statusCode).toBe(403);
    const sql = db.sql;
    const [row] = await sql<
      { n: number }[]
    >`select count(*)::int as n from users where org_id = ${org.org.id} and role = 'owner'`;
    expect(row?.n).toBe(1);
  });
});
