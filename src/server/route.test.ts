import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../platform/errors/index.js';
import { inRequest, queryFields } from './route.js';

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
