// Invitation emails in each language of the hosted survey page, sent over SMTP to a real receiver on
// loopback: a campaign in German and one in Spanish carry the survey's question, the scale's ends, the
// unsubscribe words and the html lang in that language; a language without words of its own gets English.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_JOBS, INVITATION_LANGUAGES, useMail } from '../../src/listen/channels/email/index.js';
import { createSurvey } from '../../src/listen/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, type TestOrg } from '../support/factories.js';
import { startSmtpReceiver } from '../support/receivers.js';

/**
 * The decoded text of a message's parts: quoted-printable or base64 bodies read as UTF-8 (the subject's
 * encoded words too), so words with accents can be matched as written.
 */
function textOf(raw: string): string {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const subject = head.replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, kind: string, body: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(body, 'base64').toString('utf8')
      : Buffer.from(
          body
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
  const body = rest.join('\n\n');
  const qp = Buffer.from(
    body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
  const b64 = [
    ...body.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/g),
  ]
    .map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64').toString('utf8'))
    .join('\n');
  return `${subject}\n${qp}\n${b64}`;
}

let db: TestDatabase;
let app: FastifyInstance;
let jobs: JobQueue;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let outbox: string;
let acme: TestOrg;
let surveyId: string;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  outbox = mkdtempSync(path.join(tmpdir(), 'northstar-languages-'));
  useMail({
    smtpUrl: smtp.url,
    outboxDir: outbox,
    from: 'Acme <surveys@acme.test>',
    publicUrl: 'http://s.acme.test',
  });
  db = await createTestDatabase();
  jobs = new JobQueue({ sql: db.sql, log: createLogger('silent') });
  app = await buildApp({ sql: db.sql, logger: createLogger('silent'), jobs });
  await app.ready();
  acme = await createTestOrg(db.sql, 'Acme');
  surveyId = (
    await createSurvey(db.sql, acme.org.id, {
      name: 'NPS',
      definition: {
        defaultLanguage: 'en',
        languages: ['en', 'fr', 'de', 'es'],
        title: {
          en: 'How are we doing?',
          fr: 'Comment allons-nous ?',
          de: 'Wie machen wir uns?',
          es: '¿Qué tal lo hacemos?',
        },
        questions: [
          {
            id: 'nps',
            type: 'nps',
            text: {
              en: 'Would you recommend us?',
              fr: 'Nous recommanderiez-vous ?',
              de: 'Würden Sie uns empfehlen?',
              es: '¿Nos recomendaría?',
            },
          },
        ],
      },
    })
  ).id;
});
afterAll(async () => {
  await app.close();
  await jobs.stop();
  await db.drop();
  await smtp.close();
  rmSync(outbox, { recursive: true, force: true });
});

const api = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: acme.headers, ...(payload ? { payload: payload as never } : {}) });

async function send(language: string, email: string): Promise<string> {
  const contact = (await api('POST', '/api/v1/contacts', { email, name: 'Kim' })).json();
  const list = (await api('POST', '/api/v1/contact-lists', { name: `List ${language}` })).json();
  await api('POST', `/api/v1/contact-lists/${list.id}/members`, { contactIds: [contact.id] });
  const campaign = await api('POST', '/api/v1/campaigns', {
    surveyId,
    name: `Campaign ${language}`,
    audience: { listId: list.id },
    subject: { en: 'A minute?', de: 'Eine Minute?', es: '¿Un minuto?' },
    language,
  });
  expect(campaign.statusCode).toBe(201);
  expect((await api('POST', `/api/v1/campaigns/${campaign.json().id}/launch`)).statusCode).toBe(202);
  await jobs.drain(EMAIL_JOBS as never);
  const mail = smtp.inbox.find((m) => m.to.includes(email));
  expect(mail, `a message to ${email}`).toBeDefined();
  return mail!.raw;
}

describe('invitation emails by language', () => {
  it("has words in every language of the hosted page's interface", () => {
    expect(INVITATION_LANGUAGES.sort()).toEqual(['de', 'en', 'es', 'fr']);
  });

  it('writes a German campaign in German', async () => {
    const raw = await send('de', 'kim.de@example.com');
    const text = textOf(raw);
    expect(text).toMatch(/^Subject: Eine Minute\?/m);
    expect(text).toContain('Würden Sie uns empfehlen?');
    expect(text).toContain('Keine Umfrage-E-Mails mehr erhalten');
    expect(text).toContain('lang="de"');
    expect(text).toContain('Sehr unwahrscheinlich');
    expect(text).toContain('Sehr wahrscheinlich');
    expect(text).not.toContain('Unsubscribe from survey emails');
  });

  it('writes a Spanish campaign in Spanish', async () => {
    const raw = await send('es', 'kim.es@example.com');
    const text = textOf(raw);
    expect(text).toContain('¿Nos recomendaría?');
    expect(text).toContain('Dejar de recibir correos de encuestas');
    expect(text).toContain('Nada probable');
    expect(text).toContain('lang="es"');
  });

  it("falls back to English words, and the survey's default texts, for a language it lacks", async () => {
    const text = textOf(await send('it', 'kim.it@example.com'));
    expect(text).toContain('Would you recommend us?');
    expect(text).toContain('Unsubscribe from survey emails');
    expect(text).toContain('Not at all likely');
  });
});
