import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../platform/errors/index.js';
import { defineRoute, inRequest, queryFields } from './route.js';

describe('inRequest', () => {
  it('renames the domain fields a service names to where they are in the request', () => {
    const err = new ValidationError('Bad', [
      { name: 'surveyId', reason: 'a' },
      { name: 'timeZones.2', reason: 'b' },
      { name: 'answers.q1', reason: 'c' },
    ]);
    const out = inRequest(err, { surveyId: 'query.survey', timeZones: 'body.timeZones' });
    expect(out).toBe(err);
    expect(err.invalidParams.map((p) => p.name)).toEqual(['query.survey', 'body.timeZones.2', 'answers.q1']);
  });
  it('leaves errors alone without a map, and errors that are not the API', () => {
    const err = new ValidationError('Bad', [{ name: 'engine', reason: 'x' }]);
    expect(inRequest(err, undefined)).toBe(err);
    expect(err.invalidParams[0]?.name).toBe('engine');
    const other = new Error('boom');
    expect(inRequest(other, queryFields('engine'))).toBe(other);
    const missing = new NotFoundError('gone');
    expect((inRequest(missing, queryFields('engine')) as NotFoundError).invalidParams).toEqual([]);
  });
  it('maps query parameters of the same name', () => {
    expect(queryFields('from', 'to')).toEqual({ from: 'query.from', to: 'query.to' });
  });
});

describe('defineRoute', () => {
  const Thing = z.object({ id: z.string(), at: z.iso.datetime(), n: z.number().nullable() });
  it('types the handler against the response schemas (checked by npm run typecheck)', () => {
    const ok = defineRoute({
      summary: 'a thing',
      tags: [],
      schema: { response: { 200: Thing } },
      // A Date stands for the ISO text it serializes to.
      handler: async () => ({ id: 'a', at: new Date(0), n: null }),
    });
    const missing = defineRoute({
      summary: 'a thing without its n',
      tags: [],
      schema: { response: { 200: Thing } },
      // @ts-expect-error: the schema requires n
      handler: async () => ({ id: 'a', at: new Date(0) }),
    });
    const wrongType = defineRoute({
      summary: 'a thing with a numeric id',
      tags: [],
      schema: { response: { 200: Thing } },
      // @ts-expect-error: id is text in the schema
      handler: async () => ({ id: 1, at: '2026-01-01T00:00:00Z', n: 1 }),
    });
    expect([ok, missing, wrongType].every((r) => r.schema.response[200] === Thing)).toBe(true);
  });
});
