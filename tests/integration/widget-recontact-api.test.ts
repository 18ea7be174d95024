// The widget site's scroll-depth triggers, recontact rules and targeting through the sites route: stored
// as sent and handed to the widget in the public configuration; bad values refused with the field named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSurvey } from '../../src/listen/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, npsDefinition, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let surveyId: string;
let siteId: string;
let siteKey: string;
const SHOP = 'https://shop.example.com';

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  surveyId = (await createSurvey(ctx.db.sql, acme.org.id, { name: 'Web NPS', definition: npsDefinition })).id;
  const site = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/widget/sites',
    headers: acme.headers,
    payload: { name: 'Shop', origins: [SHOP], surveys: [{ surveyId, triggers: [{ type: 'pageview' }] }] },
  });
  siteId = site.json().id;
  siteKey = site.json().siteKey;
});
afterAll(() => ctx.close());

const put = (rules: Record<string, unknown>) =>
  ctx.app.inject({
    method: 'PUT',
    url: `/api/v1/widget/sites/${siteId}`,
    headers: acme.headers,
    payload: { name: 'Shop', origins: [SHOP], surveys: [{ surveyId, ...rules }] },
  });

describe('scroll depth, recontact rules and targeting', () => {
  it('stores them and hands them to the widget', async () => {
    const rules = {
      triggers: [{ type: 'scroll', percent: 60, url: { op: 'starts_with', value: '/blog' } }],
      frequency: { displayGapDays: 14, responseGapDays: 90, maxDisplays: 3 },
      targeting: {
        all: [
          { attribute: 'plan', op: 'eq', value: 'pro' },
          { attribute: 'orders', op: 'gte', value: 2 },
        ],
      },
    };
    const res = await put(rules);
    expect(res.statusCode).toBe(200);
    expect(res.json().surveys[0]).toEqual({ surveyId, sampling: 100, position: 'bottom-right', ...rules });
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/widget/sites', headers: acme.headers });
    expect(list.json().items[0].surveys[0]).toMatchObject(rules);
    const [stored] = await ctx.db.sql<{ surveys: unknown[] }[]>`
      select surveys from widget_sites where id = ${siteId}`;
    expect(stored!.surveys[0]).toMatchObject(rules);
    const config = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/public/widget/${siteKey}/config`,
      headers: { origin: SHOP },
    });
    expect(config.statusCode).toBe(200);
    expect(config.json().surveys[0]).toMatchObject({ id: surveyId, ...rules });
  });

  it('names the field of a bad scroll depth or recontact rule', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ triggers: [{ type: 'scroll', percent: 0 }] }, 'body.surveys.0.triggers.0.percent'],
      [{ triggers: [{ type: 'scroll', percent: 101 }] }, 'body.surveys.0.triggers.0.percent'],
      [{ triggers: [{ type: 'scroll' }] }, 'body.surveys.0.triggers.0.percent'],
      [
        { triggers: [{ type: 'pageview' }], frequency: { displayGapDays: 0 } },
        'body.surveys.0.frequency.displayGapDays',
      ],
      [
        { triggers: [{ type: 'pageview' }], frequency: { responseGapDays: 1.5 } },
        'body.surveys.0.frequency.responseGapDays',
      ],
      [
        { triggers: [{ type: 'pageview' }], frequency: { maxDisplays: 0 } },
        'body.surveys.0.frequency.maxDisplays',
      ],
      [{ triggers: [{ type: 'pageview' }], frequency: {} }, 'body.surveys.0.frequency'],
      [{ triggers: [{ type: 'pageview' }], frequency: { everyDays: 3 } }, 'body.surveys.0.frequency'],
      [
        { triggers: [{ type: 'pageview' }], targeting: { attribute: '1plan', op: 'eq', value: 'x' } },
        'body.surveys.0.targeting',
      ],
    ];
    for (const [rules, field] of cases) {
      const res = await put(rules);
      expect(res.statusCode, JSON.stringify(rules)).toBe(400);
      const names = (res.json().invalid_params as { name: string }[]).map((p) => p.name);
      expect(
        names.some((n) => n.startsWith(field)),
        `${JSON.stringify(rules)}: ${names}`,
      ).toBe(true);
    }
    // None of them changed what is stored.
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/widget/sites', headers: acme.headers });
    expect(list.json().items[0].surveys[0].frequency).toEqual({
      displayGapDays: 14,
      responseGapDays: 90,
      maxDisplays: 3,
    });
  });
});
