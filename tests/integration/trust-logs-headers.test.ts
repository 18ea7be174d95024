// Secrets and personal data stay out of logs and files; the dashboard cannot be framed.
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/listen/channels/email/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, type TestOrg } from '../support/factories.js';

let db: TestDatabase;
let dir: string;
let acme: TestOrg;
const lines: string[] = [];
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'northstar-trust-'));
  await writeFile(
    path.join(dir, 'index.html'),
    '<!doctype html><title>Northstar</title><div id="root"></div>',
  );
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  app = await buildApp({ sql: db.sql, logger: pino({ level: 'info' }, sink), webDir: dir });
  await app.ready();
  acme = await createTestOrg(db.sql, 'Acme');
});
afterAll(async () => {
  await app.close();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('logs', () => {
  it('logs requests without one-click tokens, emails or search words', async () => {
    await app.inject({ method: 'GET', url: '/e/SECRETTOKEN1234567890/9' });
    await app.inject({
      method: 'GET',
      url: '/api/v1/contacts?email=jane.doe%40example.com',
      headers: acme.headers,
    });
    await app.inject({ method: 'GET', url: '/api/v1/text/search?q=divorce+lawyer', headers: acme.headers });
    const all = lines.join('');
    expect(all).toContain('request completed');
    expect(all).toContain('/api/v1/contacts?email=');
    for (const secret of ['SECRETTOKEN1234567890', 'jane', 'divorce', acme.apiKey]) {
      expect(all).not.toContain(secret);
    }
  });

  it('writes outbox messages readable by the owner only', async () => {
    const outbox = path.join(dir, 'outbox');
    const mailer = createMailer({ smtpUrl: undefined, outboxDir: outbox });
    await mailer.send({
      to: 'jane@example.com',
      from: 'cx@example.com',
      subject: 'How did we do?',
      html: '<p>Hi</p>',
      text: 'Hi',
      tag: 'test',
    });
    const [file] = await readdir(outbox);
    expect((await stat(path.join(outbox, file!))).mode & 0o777).toBe(0o600);
  });
});

describe('dashboard headers', () => {
  it('serves the dashboard with a CSP that forbids framing, nosniff and a referrer policy', async () => {
    for (const url of ['/', '/overview', '/index.html']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBeTruthy();
    }
    const api = await app.inject({ method: 'GET', url: '/api/v1/journeys', headers: acme.headers });
    expect(api.headers['x-content-type-options']).toBe('nosniff');
  });
});
