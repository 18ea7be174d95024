// The OpenAPI document: valid OpenAPI 3.1, every reference resolves, every operation documents its
// responses (a schema for every JSON one) and its problems.
import { Validator } from '@seriousme/openapi-schema-validator';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_CODES, PROBLEM_TYPES, problemType } from '../../src/platform/errors/index.js';
import { ROUTES } from '../../src/server/routes.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, createTestUser } from '../support/factories.js';

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, { description: string; content?: Record<string, { schema?: Json }> }>;
}

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };

beforeAll(async () => {
  ctx = await createTestApp();
  doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
});
afterAll(async () => ctx.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })),
  );

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document whose references all resolve', async () => {
    const validator = new Validator();
    const res = await validator.validate(structuredClone(doc));
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs))
      expect(doc.components.schemas, `$ref ${ref}`).toHaveProperty([ref as string]);
    // The recursive survey condition is a component, not an unresolved schema0.
    expect(JSON.stringify(doc)).not.toMatch(/schema\d+"/);
    expect(doc.components.schemas.SurveyCondition).toBeDefined();
  });

  it('has every route of the table, each with its success responses and the problem response', () => {
    const ops = operations();
    expect(ops).toHaveLength(ROUTES.length);
    const nonJson: string[] = [];
    let json = 0;
    for (const { id, op } of ops) {
      const success = Object.keys(op.responses).filter((s) => /^[23]\d\d$/.test(s));
      expect(success.length, `${id} documents a success`).toBeGreaterThan(0);
      for (const status of success) {
        const r = op.responses[status]!;
        // Each success says what its body is, not the generator's placeholder.
        expect(r.description, `${id} ${status} is described`).toBeTruthy();
        expect(
          r.description,
          `${id} ${status}: describe its body in src/server/openapi-descriptions.ts`,
        ).not.toBe('Default Response');
        if (status === '204') {
          expect(r.content, `${id} 204 has no body`).toBeUndefined();
          continue;
        }
        const types = Object.keys(r.content ?? {});
        expect(types.length, `${id} ${status} has a media type`).toBeGreaterThan(0);
        for (const t of types) {
          const schema = r.content![t]!.schema;
          expect(schema, `${id} ${status} ${t} has a schema`).toBeDefined();
          if (t === 'application/json') {
            // A JSON body is described: an object with properties, or a reference to a component.
            expect(schema!.$ref ?? schema!.properties, `${id} ${status} describes its body`).toBeDefined();
            json += 1;
          } else nonJson.push(`${id} ${t}`);
        }
      }
      const problem = op.responses.default?.content?.['application/problem+json']?.schema;
      expect(problem?.$ref, `${id} documents its problems`).toBe('#/components/schemas/Problem');
    }
    expect(json, 'JSON success responses with a schema').toBeGreaterThan(100);
    expect(JSON.stringify(doc)).not.toContain('Default Response');
    expect(JSON.stringify(doc)).not.toContain('x-response-description');
    // The pages (survey, email links, shared view), the pixel, the event stream, the single sign-on
    // redirects and the report PDFs are the only bodies that are not JSON.
    expect(
      nonJson.filter(
        (n) =>
          !/^(GET|POST) \/(e|s|shared)\/|stream text\/event-stream|^GET \/api\/v1\/auth\/oidc\/|\/reports\/\{id\}\.pdf application\/pdf$/.test(
            n,
          ),
      ),
    ).toEqual([]);
  });

  it('lists the closed set of problem codes in the Problem schema', () => {
    const problem = doc.components.schemas.Problem as { properties: { code: { enum: string[] } } };
    expect(problem.properties.code.enum).toEqual([...PROBLEM_CODES]);
  });
});

describe('the problems the API answers with', () => {
  it('each carry a code of the closed set, its status and its type URI', async () => {
    const acme = await createTestOrg(ctx.db.sql, 'Problems');
    const { email, password } = await createTestUser(ctx.db.sql, acme.org.id, 'viewer');
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
    });
    const viewer = { cookie: String(login.headers['set-cookie']).split(';')[0]! };
    const json = { ...acme.headers, 'content-type': 'application/json' };
    const seen = new Map<string, number>();
    const probe = async (code: string, req: InjectOptions) => {
      const res = await ctx.app.inject(req);
      expect(res.headers['content-type'], code).toMatch(/^application\/problem\+json/);
      const body = res.json();
      expect(body.code, `${JSON.stringify(req)}`).toBe(code);
      const type = PROBLEM_TYPES.find((p) => p.code === body.code);
      expect(type, `${body.code} is in the set`).toBeDefined();
      expect(res.statusCode).toBe(type!.status);
      expect(body.status).toBe(type!.status);
      expect(body.type).toBe(problemType(body.code));
      seen.set(body.code, res.statusCode);
    };
    await probe('route_not_found', { method: 'GET', url: '/api/v1/nothing-here', headers: acme.headers });
    await probe('unauthorized', { method: 'GET', url: '/api/v1/journeys' });
    await probe('forbidden', {
      method: 'POST',
      url: '/api/v1/journeys',
      headers: viewer,
      payload: { name: 'x' },
    });
    await probe('validation_failed', {
      method: 'POST',
      url: '/api/v1/journeys',
      headers: acme.headers,
      payload: {},
    });
    await probe('malformed_body', {
      method: 'POST',
      url: '/api/v1/journeys',
      headers: json,
      payload: '{"name":',
    });
    await probe('unsupported_media_type', {
      method: 'POST',
      url: '/api/v1/journeys',
      headers: { ...acme.headers, 'content-type': 'text/csv' },
      payload: 'name\nx',
    });
    await probe('not_found', {
      method: 'GET',
      url: '/api/v1/journeys/00000000-0000-4000-8000-000000000000',
      headers: acme.headers,
    });
    await probe('body_too_large', {
      method: 'POST',
      url: '/api/v1/journeys',
      headers: json,
      payload: JSON.stringify({ name: 'x'.repeat(2_000_000) }),
    });
    const list = {
      method: 'POST' as const,
      url: '/api/v1/contact-lists',
      headers: acme.headers,
      payload: { name: 'VIP' },
    };
    expect((await ctx.app.inject(list)).statusCode).toBe(201);
    await probe('conflict', list);
    // Every code the server's own error paths give (the rest come from services: limit_exceeded, and
    // internal_error / database_unreachable, which a healthy test server does not give).
    expect([...seen.keys()].every((c) => (PROBLEM_CODES as readonly string[]).includes(c))).toBe(true);
    expect(seen.size).toBe(9);
  });
});

describe('the responses of the routes no other test reads', () => {
  // The tests run with NORTHSTAR_CHECK_RESPONSES=1: a body that does not match its schema answers 500.
  it('match their schemas', async () => {
    const acme = await createTestOrg(ctx.db.sql, 'Contract');
    const { touchpoint, survey } = await createTestSurvey(ctx.db.sql, acme.org.id);
    const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
      const res = await ctx.app.inject({
        method,
        url,
        headers: acme.headers,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
      return res.statusCode === 204 ? undefined : res.json();
    };
    const contact = await call('POST', '/api/v1/contacts', {
      email: 'ada@example.com',
      attributes: { plan: 'pro' },
      consent: { email: true },
    });
    await call('POST', '/api/v1/segments', {
      name: 'Pro',
      rules: { attribute: 'plan', op: 'eq', value: 'pro' },
    });
    const rule = await call('POST', '/api/v1/frequency-rules', { maxInvitations: 2, windowDays: 30 });
    await call('POST', '/api/v1/trigger-rules', {
      touchpointId: touchpoint.id,
      surveyId: survey.id,
      channel: 'link',
    });
    expect((await call('GET', `/api/v1/touchpoints/${touchpoint.id}`)).id).toBe(touchpoint.id);
    expect((await call('GET', '/api/v1/surveys')).items).toHaveLength(1);
    expect((await call('GET', '/api/v1/contacts')).items).toHaveLength(1);
    expect((await call('GET', `/api/v1/contacts/${contact.id}`)).email).toBe('ada@example.com');
    expect((await call('GET', '/api/v1/segments')).items[0].rules).toEqual({
      attribute: 'plan',
      op: 'eq',
      value: 'pro',
    });
    expect((await call('GET', '/api/v1/frequency-rules')).items).toHaveLength(1);
    expect((await call('GET', '/api/v1/trigger-rules')).items).toHaveLength(1);
    expect((await call('GET', '/api/v1/text/runs')).items).toEqual([]);
    expect((await call('GET', '/api/v1/imports')).items).toEqual([]);
    expect(await call('DELETE', `/api/v1/frequency-rules/${rule.id}`)).toBeUndefined();
  });
});
