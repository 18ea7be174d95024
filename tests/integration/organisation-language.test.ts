// The organisation's language: read and set through its route (one of the product's languages, else 400
// naming `language`; administrators only; audited; one organisation's choice never another's), the
// language of a campaign's invitation email over SMTP when the campaign names none, and the default
// language of a new survey whose definition names none.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_JOBS, INVITATION_LANGUAGES, useMail } from '../../src/listen/channels/email/index.js';
import { createSurvey } from '../../src/listen/index.js';
import { createApiKey } from '../../src/platform/auth/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { PRODUCT_LANGUAGES } from '../../src/shared/languages.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, type TestOrg } from '../support/factories.js';
import { startSmtpReceiver } from '../support/receivers.js';

let db: TestDatabase;
let app: FastifyInstance;
let jobs: JobQueue;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let outbox: string;
let acme: TestOrg;
let globex: TestOrg;
let surveyId: string;

const definition = {
  defaultLanguage: 'en',
  languages: ['en', 'de'],
  title: { en: 'How are we doing?', de: 'Wie machen wir uns?' },
  questions: [
    {
      id: 'nps',
      type: 'nps',
      text: { en: 'Would you recommend us?', de: 'Würden Sie uns empfehlen?' },
    },
  ],
};

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  outbox = mkdtempSync(path.join(tmpdir(), 'northstar-org-language-'));
  useMail({
    smtpUrl: smtp.url,
    outboxDir: outbox,
    from: 'Acme <surveys@acme.test>',
    publicUrl: 'http://s.test',
  });
  db = await createTestDatabase();
  jobs = new JobQueue({ sql: db.sql, log: createLogger('silent') });
  app = await buildApp({ sql: db.sql, logger: createLogger('silent'), jobs, checkResponses: true });
  await app.ready();
  acme = await createTestOrg(db.sql, 'Acme');
  globex = await createTestOrg(db.sql, 'Globex');
  surveyId = (await createSurvey(db.sql, acme.org.id, { name: 'NPS', definition })).id;
});
afterAll(async () => {
  await app.close();
  await jobs.stop();
  await db.drop();
  await smtp.close();
  rmSync(outbox, { recursive: true, force: true });
});

const call = (org: TestOrg, method: 'GET' | 'PUT' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: org.headers, ...(payload ? { payload: payload as never } : {}) });
const LANGUAGE = '/api/v1/organisation/language';

describe("the organisation's language", () => {
  it('is English until set, and may be any language the product speaks (and only those)', async () => {
    expect(PRODUCT_LANGUAGES.slice().sort()).toEqual(INVITATION_LANGUAGES.slice().sort());
    const first = await call(acme, 'GET', LANGUAGE);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ language: 'en', supported: ['en', 'fr', 'de', 'es'] });
    for (const bad of ['it', 'DE', '', 'de-DE']) {
      const res = await call(acme, 'PUT', LANGUAGE, { language: bad });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().invalid_params).toEqual([
        { name: 'language', reason: 'must be one of en, fr, de, es' },
      ]);
    }
    const missing = await call(acme, 'PUT', LANGUAGE, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().invalid_params[0].name).toBe('body.language');
    const set = await call(acme, 'PUT', LANGUAGE, { language: 'de' });
    expect(set.statusCode).toBe(200);
    expect(set.json().language).toBe('de');
    expect((await call(acme, 'GET', LANGUAGE)).json().language).toBe('de');
    const [row] = await db.sql<
      { language: string }[]
    >`select language from organisations where id = ${acme.org.id}`;
    expect(row!.language).toBe('de');
    const [audit] = await db.sql<{ detail: unknown }[]>`
      select detail from audit_log where org_id = ${acme.org.id} and action = 'organisation.language'`;
    expect(audit!.detail).toEqual({ language: 'de' });
    // Another organisation's stays its own.
    expect((await call(globex, 'GET', LANGUAGE)).json().language).toBe('en');
  });

  it('may be set by administrators only', async () => {
    for (const role of ['viewer', 'analyst'] as const) {
      const { key } = await createApiKey(db.sql, acme.org.id, role, { role });
      const headers = { authorization: `Bearer ${key}` };
      const put = await app.inject({ method: 'PUT', url: LANGUAGE, headers, payload: { language: 'es' } });
      expect(put.statusCode, role).toBe(403);
      expect((await app.inject({ method: 'GET', url: LANGUAGE, headers })).statusCode).toBe(200);
    }
    expect((await call(acme, 'GET', LANGUAGE)).json().language).toBe('de');
  });

  it('writes the invitation email of a campaign that names no language, sent over SMTP', async () => {
    const contact = (await call(acme, 'POST', '/api/v1/contacts', { email: 'kim@example.com' })).json();
    const list = (await call(acme, 'POST', '/api/v1/contact-lists', { name: 'Kim' })).json();
    await call(acme, 'POST', `/api/v1/contact-lists/${list.id}/members`, { contactIds: [contact.id] });
    const campaign = await call(acme, 'POST', '/api/v1/campaigns', {
      surveyId,
      name: 'No language named',
      audience: { listId: list.id },
      subject: { en: 'A minute?', de: 'Eine Minute?' },
    });
    expect(campaign.statusCode).toBe(201);
    expect(campaign.json().language).toBe('de');
    expect((await call(acme, 'POST', `/api/v1/campaigns/${campaign.json().id}/launch`)).statusCode).toBe(202);
    await jobs.drain(EMAIL_JOBS as never);
    const mail = smtp.inbox.find((m) => m.to.includes('kim@example.com'));
    expect(mail).toBeDefined();
    expect(mail!.raw).toMatch(/lang=3D"de"|lang="de"/);
    expect(mail!.raw).not.toContain('Unsubscribe from survey emails');
    // A campaign that names its language keeps it.
    const english = await call(acme, 'POST', '/api/v1/campaigns', {
      surveyId,
      name: 'English named',
      audience: { listId: list.id },
      subject: 'A minute?',
      language: 'en',
    });
    expect(english.json().language).toBe('en');
  });

  it("is a new survey's default language when its definition names none", async () => {
    const { defaultLanguage: _, ...bare } = definition;
    const res = await call(acme, 'POST', '/api/v1/surveys', { name: 'Bare', definition: bare });
    expect(res.statusCode).toBe(201);
    expect(res.json().definition.defaultLanguage).toBe('de');
    const named = await call(acme, 'POST', '/api/v1/surveys', { name: 'Named', definition });
    expect(named.json().definition.defaultLanguage).toBe('en');
    const other = await call(globex, 'POST', '/api/v1/surveys', { name: 'Globex', definition: bare });
    expect(other.json().definition.defaultLanguage).toBe('en');
  });

  it("keeps a survey's language when a new version names none, whatever the organisation's is", async () => {
    const { defaultLanguage: _, ...bare } = definition;
    const created = await call(acme, 'POST', '/api/v1/surveys', { name: 'Kept', definition: bare });
    expect(created.json().definition.defaultLanguage).toBe('de');
    const id = created.json().id as string;
    // The organisation's language changes; the survey's texts do not.
    expect((await call(acme, 'PUT', LANGUAGE, { language: 'fr' })).statusCode).toBe(200);
    const edited = await call(acme, 'PATCH', `/api/v1/surveys/${id}`, { definition: bare });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().version).toBe(2);
    expect(edited.json().definition.defaultLanguage).toBe('de');
    // A survey written in English stays English when edited without naming it.
    const english = await call(acme, 'PATCH', `/api/v1/surveys/${surveyId}`, { definition: bare });
    expect(english.json().definition.defaultLanguage).toBe('en');
    // Naming one still changes it.
    const renamed = await call(acme, 'PATCH', `/api/v1/surveys/${id}`, {
      definition: { ...bare, defaultLanguage: 'en' },
    });
    expect(renamed.json().definition.defaultLanguage).toBe('en');
    // An unknown survey is still not found, not a validation error.
    const missing = await call(acme, 'PATCH', '/api/v1/surveys/00000000-0000-4000-8000-000000000000', {
      definition: bare,
    });
    expect(missing.statusCode).toBe(404);
    // Another organisation's survey is not found either.
    expect((await call(globex, 'PATCH', `/api/v1/surveys/${id}`, { definition: bare })).statusCode).toBe(404);
  });
});
