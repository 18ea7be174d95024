// Standard Webhooks from the outbox: signatures checked by the official `standardwebhooks` package,
// a stable webhook-id across retries, backoff after a failing receiver, manual retry, no redirects,
// the timeout, endpoints disabled after sustained failure, SSRF refusals, tenant isolation.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backoffSeconds,
  deliverDueWebhooks,
  guardedPost,
  isPrivateAddress,
  processCaseIntake,
} from '../../src/act/index.js';
import { submitResponse } from '../../src/listen/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let jobs: JobQueue;
let acme: TestOrg;
let globex: TestOrg;
let fixture: Awaited<ReturnType<typeof createTestSurvey>>;
let receiver: Server;
let base: string;
// What the receiver answers next (status codes, used in turn; then 200).
const answers: number[] = [];
const received: Array<{ path: string; headers: IncomingHttpHeaders; body: string }> = [];

const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers = acme.headers,
) =>
  ctx.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as never } : {}) });

beforeAll(async () => {
  process.env.NORTHSTAR_WEBHOOK_ALLOW_PRIVATE = 'true';
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (req.url === '/hang') return; // never answers
      received.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/moved') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' });
        return res.end();
      }
      res.writeHead(answers.shift() ?? 200);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  ctx = await createTestApp({ rateLimitPerMinute: 100_000 });
  jobs = new JobQueue({ sql: ctx.db.sql, log: createLogger('silent') });
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  globex = await createTestOrg(ctx.db.sql, 'Globex');
  fixture = await createTestSurvey(ctx.db.sql, acme.org.id);
  await api('POST', '/api/v1/case-rules', {
    name: 'Detractors',
    when: { metric: 'nps', atMost: 6 },
    slaHours: 24,
  });
});
afterAll(async () => {
  delete process.env.NORTHSTAR_WEBHOOK_ALLOW_PRIVATE;
  await jobs.stop();
  await ctx.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('endpoints', () => {
  it('refuses URLs that are not http(s), and private targets unless allowed', async () => {
    const ftp = await api('POST', '/api/v1/webhooks', {
      url: 'ftp://example.com/hook',
      events: ['case.created'],
    });
    expect(ftp.statusCode).toBe(400);
    expect(ftp.json().invalid_params).toEqual([{ name: 'body.url', reason: 'must be an http(s) URL' }]);
    const badEvent = await api('POST', '/api/v1/webhooks', {
      url: 'https://example.com/hook',
      events: ['case.exploded'],
    });
    expect(badEvent.json().invalid_params[0].name).toBe('body.events.0');
    delete process.env.NORTHSTAR_WEBHOOK_ALLOW_PRIVATE;
    try {
      for (const url of [
        'http://127.0.0.1:9/x',
        'http://localhost/x',
        'http://169.254.169.254/latest',
        'http://[::1]/x',
        'http://10.1.2.3/x',
      ]) {
        const res = await api('POST', '/api/v1/webhooks', { url, events: ['case.created'] });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().invalid_params[0].name).toBe('body.url');
      }
      // Names that resolve to a private address are refused when sending (no rebinding: the
      // connection goes to the address that was checked).
      const dns = async (host: string) => [
        { address: host === 'hooks.example.com' ? '10.0.0.5' : '93.184.216.34', family: 4 },
      ];
      await expect(guardedPost('https://hooks.example.com/x', '{}', {}, { resolve: dns })).rejects.toThrow(
        'hooks.example.com resolves to 10.0.0.5, a private address',
      );
      await expect(guardedPost('http://localhost.:9/x', '{}', {})).rejects.toThrow(/point to this machine/);
    } finally {
      process.env.NORTHSTAR_WEBHOOK_ALLOW_PRIVATE = 'true';
    }
    expect((await api('GET', '/api/v1/webhooks')).json().items).toEqual([]);
    // Where private targets are allowed, the connection goes to the address resolved and checked.
    received.length = 0;
    const port = new URL(base).port;
    const res = await guardedPost(
      `http://receiver.test:${port}/hook`,
      '{}',
      {},
      { resolve: async () => [{ address: '127.0.0.1', family: 4 }] },
    );
    expect(res.status).toBe(200);
    expect(received[0]!.headers.host).toBe(`receiver.test:${port}`);
    received.length = 0;
  });

  it('knows private, loopback and link-local addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.0.0.8',
      '172.20.1.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
      '0.0.0.0',
      '100.64.0.1',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '2606:2800:220:1::1', '8.8.8.8'])
      expect(isPrivateAddress(a), a).toBe(false);
  });

  it('retries for more than a day with jitter', () => {
    let total = 0;
    for (let n = 1; backoffSeconds(n, () => 0.5) !== null; n++) total += backoffSeconds(n, () => 0.5)!;
    expect(total).toBeGreaterThan(24 * 3600);
    expect(backoffSeconds(2, () => 0)).toBe(240);
    expect(backoffSeconds(2, () => 1)).toBe(360);
  });
});

describe('deliveries', () => {
  let endpoint: { id: string; secret: string };

  it('signs every event so that the standardwebhooks package verifies it', async () => {
    const res = await api('POST', '/api/v1/webhooks', {
      url: `${base}/hook`,
      events: ['feedback.created', 'response.created', 'case.created', 'case.updated', 'case.closed'],
      description: 'CRM',
    });
    expect(res.statusCode).toBe(201);
    endpoint = res.json();
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    // The secret is shown once.
    expect((await api('GET', `/api/v1/webhooks/${endpoint.id}`)).json()).not.toHaveProperty('secret');
    const r = await submitResponse(ctx.db.sql, acme.org.id, fixture.survey.id, {
      answers: { nps: 3, reason: 'Late' },
      channel: 'api',
    });
    await processCaseIntake(ctx.db.sql, jobs, { orgId: acme.org.id });
    expect(await deliverDueWebhooks(ctx.db.sql)).toBe(3);
    const wh = new Webhook(endpoint.secret);
    const types = received.map((m) => {
      const verified = wh.verify(m.body, m.headers as Record<string, string>) as {
        type: string;
        timestamp: string;
        data: unknown;
      };
      expect(m.headers['webhook-id']).toMatch(/^msg_/);
      expect(m.headers['content-type']).toBe('application/json');
      expect(Object.keys(verified).sort()).toEqual(['data', 'timestamp', 'type']);
      return verified.type;
    });
    expect(types.sort()).toEqual(['case.created', 'feedback.created', 'response.created']);
    const created = received.map((m) => JSON.parse(m.body)).find((p) => p.type === 'case.created');
    expect(created.data.case).toMatchObject({ status: 'open', feedbackId: r.response.feedbackId });
    // A tampered body fails verification.
    expect(() =>
      wh.verify(`${received[0]!.body} `, received[0]!.headers as Record<string, string>),
    ).toThrow();
    // Nothing is delivered twice.
    expect(await deliverDueWebhooks(ctx.db.sql)).toBe(0);
  });

  it('backs off after a failing receiver, keeps the webhook-id, and delivers on a manual retry', async () => {
    received.length = 0;
    answers.push(500);
    const [c] = await ctx.db.sql<
      { id: string }[]
    >`select id from cases where org_id = ${acme.org.id} limit 1`;
    await api('PATCH', `/api/v1/cases/${c!.id}`, { priority: 'urgent' });
    expect(await deliverDueWebhooks(ctx.db.sql)).toBe(1);
    const log = (await api('GET', `/api/v1/webhooks/${endpoint.id}/deliveries?status=pending`)).json().items;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      eventType: 'case.updated',
      status: 'pending',
      attempts: 1,
      lastStatus: 500,
      lastError: 'HTTP 500',
    });
    const wait = (new Date(log[0].nextAttemptAt).getTime() - Date.now()) / 1000;
    expect(wait).toBeGreaterThan(2);
    expect(wait).toBeLessThan(7);
    // Not due yet: nothing goes out.
    expect(await deliverDueWebhooks(ctx.db.sql)).toBe(0);
    const retry = await api('POST', `/api/v1/webhooks/${endpoint.id}/deliveries/${log[0].id}/retry`);
    expect(retry.statusCode).toBe(202);
    expect(await deliverDueWebhooks(ctx.db.sql)).toBe(1);
    expect(received).toHaveLength(2);
    expect(received[1]!.headers['webhook-id']).toBe(received[0]!.headers['webhook-id']);
    new Webhook(endpoint.secret).verify(received[1]!.body, received[1]!.headers as Record<string, string>);
    const done = (await api('GET', `/api/v1/webhooks/${endpoint.id}/deliveries`))
      .json()
      .items.find((d: { id: string }) => d.id === log[0].id);
    expect(done).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(done.log.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200]);
    expect(
      (await api('POST', `/api/v1/webhooks/${endpoint.id}/deliveries/${log[0].id}/retry`)).statusCode,
    ).toBe(409);
  });

  it('follows no redirect, and gives up on a receiver that does not answer in time', async () => {
    const moved = await api('POST', '/api/v1/webhooks', { url: `${base}/moved`, events: ['case.closed'] });
    const [c] = await ctx.db.sql<
      { id: string }[]
    >`select id from cases where org_id = ${acme.org.id} limit 1`;
    await api('POST', `/api/v1/cases/${c!.id}/close`, { resolution: 'Done', recoverySurvey: false });
    received.length = 0;
    await deliverDueWebhooks(ctx.db.sql);
    expect(received.map((m) => m.path).sort()).toEqual(['/hook', '/moved']);
    const log = (await api('GET', `/api/v1/webhooks/${moved.json().id}/deliveries`)).json().items;
    expect(log[0]).toMatchObject({ status: 'pending', lastStatus: 302 });
    expect(log[0].lastError).toMatch(/not followed/);
    await expect(guardedPost(`${base}/hang`, '{}', {}, { timeoutMs: 300 })).rejects.toThrow(
      /no answer within 0.3 s/,
    );
    await api('DELETE', `/api/v1/webhooks/${moved.json().id}`);
  });

  it('disables an endpoint failing for over a day, with the reason, and enables it again on request', async () => {
    await ctx.db
      .sql`update webhook_endpoints set failing_since = now() - interval '25 hours' where id = ${endpoint.id}`;
    answers.push(503);
    const [c] = await ctx.db.sql<
      { id: string }[]
    >`select id from cases where org_id = ${acme.org.id} limit 1`;
    await api('POST', `/api/v1/cases/${c!.id}/reopen`);
    await deliverDueWebhooks(ctx.db.sql);
    const ep = (await api('GET', `/api/v1/webhooks/${endpoint.id}`)).json();
    expect(ep.enabled).toBe(false);
    expect(ep.disabledReason).toMatch(/^failing since .* UTC; last error: HTTP 503$/);
    // Disabled: new events are not queued for it, pending ones wait, and retry asks to enable it first.
    const pending = (await api('GET', `/api/v1/webhooks/${endpoint.id}/deliveries?status=pending`)).json()
      .items;
    expect(
      (await api('POST', `/api/v1/webhooks/${endpoint.id}/deliveries/${pending[0].id}/retry`)).statusCode,
    ).toBe(409);
    const enabled = await api('PATCH', `/api/v1/webhooks/${endpoint.id}`, { enabled: true });
    expect(enabled.json()).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    expect(
      (await api('POST', `/api/v1/webhooks/${endpoint.id}/deliveries/${pending[0].id}/retry`)).statusCode,
    ).toBe(202);
    expect(await deliverDueWebhooks(ctx.db.sql)).toBe(1);
  });

  it('keeps endpoints and their logs to their organisation', async () => {
    const h = globex.headers;
    expect((await api('GET', '/api/v1/webhooks', undefined, h)).json().items).toEqual([]);
    expect((await api('GET', `/api/v1/webhooks/${endpoint.id}`, undefined, h)).statusCode).toBe(404);
    expect((await api('PATCH', `/api/v1/webhooks/${endpoint.id}`, { enabled: false }, h)).statusCode).toBe(
      404,
    );
    expect((await api('GET', `/api/v1/webhooks/${endpoint.id}/deliveries`, undefined, h)).statusCode).toBe(
      404,
    );
    const [d] = await ctx.db.sql<
      { id: string }[]
    >`select id from webhook_deliveries where endpoint_id = ${endpoint.id} limit 1`;
    expect(
      (await api('POST', `/api/v1/webhooks/${endpoint.id}/deliveries/${d!.id}/retry`, undefined, h))
        .statusCode,
    ).toBe(404);
    expect((await api('DELETE', `/api/v1/webhooks/${endpoint.id}`, undefined, h)).statusCode).toBe(404);
    expect((await api('DELETE', `/api/v1/webhooks/${endpoint.id}`)).statusCode).toBe(204);
  });
});
