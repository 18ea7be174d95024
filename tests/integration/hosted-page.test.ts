// The hosted survey page in process: plain form posts without JavaScript, partial save and resume,
// signed form and personal tokens, precise messages next to the question, languages, rate limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonalToken } from '../../src/listen/channels/hosted/index.js';
import { createSurvey } from '../../src/listen/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let surveyId: string;

const definition = {
  title: { en: 'Your visit', fr: 'Votre visite' },
  questions: [
    {
      id: 'nps',
      type: 'nps',
      required: true,
      text: { en: 'Recommend us?', fr: 'Nous recommanderiez-vous ?' },
    },
    {
      id: 'servqual',
      type: 'expectation_perception',
      text: { en: 'Expected and experienced', fr: 'Attendu et vécu' },
      attributes: [{ id: 'speed', text: { en: 'Speed', fr: 'Rapidité' } }],
      scale: { min: 1, max: 5 },
      required: true,
    },
    {
      id: 'why',
      type: 'text',
      text: { en: 'Why {{answer.nps}}?', fr: 'Pourquoi {{answer.nps}} ?' },
      showIf: { question: 'nps', op: 'lte', value: 6 },
    },
  ],
  endings: [
    {
      id: 'fans',
      text: { en: 'Thanks, fan!', fr: 'Merci !' },
      showIf: { question: 'nps', op: 'gte', value: 9 },
    },
    { id: 'rest', text: { en: 'Thanks for helping us improve.', fr: 'Merci de nous aider.' } },
  ],
};

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  surveyId = (await createSurvey(ctx.db.sql, acme.org.id, { name: 'Visit', definition })).id;
});
afterAll(() => ctx.close());

/** A browser without JavaScript: keeps its cookie, reads the form's hidden fields. */
function browser() {
  let cookie = '';
  const keep = (res: { headers: Record<string, unknown> }) => {
    const set = res.headers['set-cookie'];
    const first = Array.isArray(set) ? set[0] : set;
    if (typeof first === 'string') cookie = first.split(';')[0]!;
  };
  return {
    get cookie() {
      return cookie;
    },
    async get(url: string, headers: Record<string, string> = {}) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: { ...headers, cookie } });
      keep(res);
      return res;
    },
    async post(url: string, fields: Record<string, string | string[]>) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
      const res = await ctx.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        payload: body.toString(),
      });
      keep(res);
      return res;
    },
  };
}

const hidden = (page: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';
const responses = async () =>
  ctx.db.sql<{ answers: Record<string, unknown>; channel: string; contact_id: string | null }[]>`
    select answers, channel, contact_id from responses where survey_id = ${surveyId} order by submitted_at`;

describe('the hosted page without JavaScript', () => {
  it('serves the first question as a plain form with a session cookie and a strict CSP', async () => {
    const b = browser();
    const res = await b.get(`/s/${surveyId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(b.cookie).toMatch(/^ns_rs=/);
    expect(res.headers['set-cookie']).toMatch(new RegExp(`Path=/s/${surveyId}; HttpOnly; SameSite=Lax`));
    const page = res.body;
    expect(page).toContain('<html lang="en">');
    expect(page).toContain(`<form class="ns-form" method="post" action="/s/${surveyId}" novalidate>`);
    expect(page).toContain('Question 1 of 2');
    expect(page.match(/type="radio" name="v"/g)).toHaveLength(11);
    expect(hidden(page, 'ft')).toMatch(/\./);
  });

  it('walks the survey step by step, keeps answers on a refused step, resumes, and completes once', async () => {
    const b = browser();
    const first = (await b.get(`/s/${surveyId}`)).body;
    const ft = hidden(first, 'ft');

    // A crafted value: refused with a precise message next to the question, status 422.
    const bad = await b.post(`/s/${surveyId}`, { ft, q: 'nps', nav: 'next', v: '12' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('<title>Error: Your visit</title>');
    expect(bad.body).toMatch(
      /<p class="ns-err" id="ns-nps-err">Error: must be a whole number from 0 to 10<\/p>/,
    );
    expect(bad.body).toContain('aria-describedby="ns-nps-err ns-nps-ends"');

    const ok = await b.post(`/s/${surveyId}`, { ft, q: 'nps', nav: 'next', v: '4' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/s/${surveyId}`);

    // The answer is saved server-side: a reload (same cookie) resumes at the next question.
    const second = (await b.get(`/s/${surveyId}`)).body;
    expect(second).toContain('Question 2 of 3'); // nps ≤ 6 adds the "why" question
    expect(second).toContain('Expected and experienced');
    const [session] = await ctx.db.sql<{ answers: unknown; done: string[] }[]>`
      select answers, done from respondent_sessions where survey_id = ${surveyId} and completed_at is null`;
    expect(session).toEqual({ answers: { nps: 4 }, done: ['nps'] });

    // Half a pair: refused, naming the part; the earlier answer stays.
    const half = await b.post(`/s/${surveyId}`, {
      ft,
      q: 'servqual',
      nav: 'next',
      'v.speed.expectation': '4',
    });
    expect(half.statusCode).toBe(422);
    expect(half.body).toContain('Error: is required (both parts of a pair are)');
    expect(half.body).toContain('value="4" checked');

    // Back, then forward again.
    expect((await b.post(`/s/${surveyId}`, { ft, q: 'servqual', nav: 'back' })).statusCode).toBe(303);
    expect((await b.get(`/s/${surveyId}`)).body).toMatch(/id="ns-nps-4" value="4" checked/);
    await b.post(`/s/${surveyId}`, { ft, q: 'nps', nav: 'next', v: '4' });
    await b.post(`/s/${surveyId}`, {
      ft,
      q: 'servqual',
      nav: 'next',
      'v.speed.expectation': '5',
      'v.speed.perception': '2',
    });
    const third = (await b.get(`/s/${surveyId}`)).body;
    expect(third).toContain('Why 4?'); // piping
    expect(third).toContain('>Submit</button>');
    const done = await b.post(`/s/${surveyId}`, { ft, q: 'why', nav: 'next', v: 'Slow <b>service</b>' });
    expect(done.statusCode).toBe(303);
    const ending = (await b.get(`/s/${surveyId}`)).body;
    expect(ending).toContain('Thanks for helping us improve.');

    const rows = await responses();
    expect(rows.at(-1)).toMatchObject({
      channel: 'link',
      answers: { nps: 4, servqual: { speed: { expectation: 5, perception: 2 } }, why: 'Slow <b>service</b>' },
    });
    // Posting again on a finished session stores nothing more.
    const before = rows.length;
    await b.post(`/s/${surveyId}`, { ft, q: 'why', nav: 'next', v: 'again' });
    expect((await responses()).length).toBe(before);
  });

  it('refuses forged form tokens and a form token without its session cookie', async () => {
    const b = browser();
    const ft = hidden((await b.get(`/s/${surveyId}`)).body, 'ft');
    const forged = `${ft.split('.')[0]}.${'A'.repeat(43)}`;
    expect((await b.post(`/s/${surveyId}`, { ft: forged, q: 'nps', v: '9' })).statusCode).toBe(403);
    const stranger = browser();
    await stranger.get(`/s/${surveyId}`);
    const res = await stranger.post(`/s/${surveyId}`, { ft, q: 'nps', v: '9' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('reload the page');
  });

  it('answers 404 for an unknown survey and shows a notice for a closed one', async () => {
    expect((await browser().get('/s/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await browser().get('/s/not-a-uuid')).statusCode).toBe(404);
    const closed = await createSurvey(ctx.db.sql, acme.org.id, { name: 'Old', status: 'closed', definition });
    expect((await browser().get(`/s/${closed.id}`)).body).toContain('This survey is not open for answers.');
  });
});

describe('languages', () => {
  it('takes the link language, then Accept-Language, then the default', async () => {
    expect((await browser().get(`/s/${surveyId}?lang=fr`)).body).toContain('Nous recommanderiez-vous ?');
    const accept = (await browser().get(`/s/${surveyId}`, { 'accept-language': 'de, fr;q=0.8' })).body;
    expect(accept).toContain('<html lang="fr">');
    expect(accept).toContain('Question 1 sur 2');
    expect((await browser().get(`/s/${surveyId}?lang=de&utm_source=mail`)).body).toContain(
      '<html lang="en">',
    );
    expect((await browser().get(`/s/${surveyId}?lang=%3Cx%3E`)).body).toContain('<html lang="en">');
    const mangled = await browser().get(`/s/${surveyId}?t=abc`);
    expect(mangled.statusCode).toBe(403);
    expect(mangled.body).toContain('This survey link is not valid or has expired');
  });
});

describe('personal single-use links', () => {
  it('takes one response per token, resumes on another device, and refuses forged tokens', async () => {
    const contact = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: acme.headers,
      payload: { externalId: 'guest-7', email: 'guest7@example.com' },
    });
    const link = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/links`,
      headers: acme.headers,
      payload: { contactId: contact.json().id },
    });
    expect(link.statusCode).toBe(201);
    const { token, path } = link.json();
    const phone = browser();
    const page = (await phone.get(path)).body;
    expect(hidden(page, 't')).toBe(token);
    const ft = hidden(page, 'ft');
    const step = await phone.post(`/s/${surveyId}`, { ft, t: token, q: 'nps', v: '10' });
    expect(step.headers.location).toBe(`/s/${surveyId}?t=${encodeURIComponent(token)}`);

    // The same link on a laptop (no cookie) resumes at question 2.
    const laptop = browser();
    const resumed = (await laptop.get(path)).body;
    expect(resumed).toContain('Question 2 of 2');
    const ft2 = hidden(resumed, 'ft');
    const before = (await responses()).length;
    const fields = { t: token, q: 'servqual', 'v.speed.expectation': '3', 'v.speed.perception': '5' };
    const [a, b] = await Promise.all([
      laptop.post(`/s/${surveyId}`, { ...fields, ft: ft2 }),
      phone.post(`/s/${surveyId}`, { ...fields, ft }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([303, 303]);
    const after = await responses();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)?.contact_id).toBe(contact.json().id);
    expect((await laptop.get(path)).body).toContain('Thanks, fan!');

    const forged = `${token.slice(0, -4)}AAAA`;
    expect((await browser().get(`/s/${surveyId}?t=${forged}`)).statusCode).toBe(403);
  });
});

describe('channel of a personal link', () => {
  it("records the response under the token's channel (an email invitation's link)", async () => {
    const token = await createPersonalToken(ctx.db.sql, acme.org.id, surveyId, { channel: 'email' });
    const b = browser();
    const page = (await b.get(`/s/${surveyId}?t=${token}`)).body;
    const ft = hidden(page, 'ft');
    await b.post(`/s/${surveyId}`, { ft, t: token, q: 'nps', v: '9' });
    await b.post(`/s/${surveyId}`, {
      ft,
      t: token,
      q: 'servqual',
      'v.speed.expectation': '4',
      'v.speed.perception': '4',
    });
    expect((await responses()).at(-1)?.channel).toBe('email');
  });
});

describe("the page script's JSON endpoints", () => {
  it('saves partial answers as the respondent goes and completes with precise refusals', async () => {
    const b = browser();
    const ft = hidden((await b.get(`/s/${surveyId}`)).body, 'ft');
    const call = (url: string, payload: unknown) =>
      ctx.app.inject({ method: 'POST', url, headers: { cookie: b.cookie }, payload: payload as never });
    const partial = await call(`/s/${surveyId}/partial`, {
      ft,
      answers: { nps: 9, servqual: { speed: { expectation: 4 } } },
      done: ['nps'],
    });
    expect(partial.statusCode).toBe(204);
    const resumed = (await b.get(`/s/${surveyId}`)).body;
    expect(resumed).toContain('Question 2 of 2');
    expect(resumed).toMatch(/id="ns-servqual-speed-expectation-4" value="4" checked/);

    const unknown = await call(`/s/${surveyId}/partial`, { ft, answers: { colour: 'red' }, done: [] });
    expect(unknown.json().invalid_params).toEqual([
      { name: 'answers.colour', reason: 'is not a question of this survey' },
    ]);

    const refused = await call(`/s/${surveyId}/complete`, {
      ft,
      answers: { nps: 9, servqual: { speed: { expectation: 4, perception: 9 } } },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().invalid_params).toEqual([
      { name: 'answers.servqual.speed.perception', reason: 'must be a whole number from 1 to 5' },
    ]);
    const ok = await call(`/s/${surveyId}/complete`, {
      ft,
      answers: { nps: 9, servqual: { speed: { expectation: 4, perception: 5 } } },
    });
    expect(ok.json()).toEqual({ status: 'completed' });
    expect((await call(`/s/${surveyId}/complete`, { ft, answers: { nps: 1 } })).json()).toEqual({
      status: 'already',
    });
  });

  it('rate-limits the public page per IP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++)
      statuses.push(
        (await ctx.app.inject({ method: 'GET', url: `/s/${surveyId}`, remoteAddress: '10.9.9.9' }))
          .statusCode,
      );
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 100).every((s) => s === 200)).toBe(true);
  });
});
