import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkBody } from './response-check.js';

const Item = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  tags: z.array(z.object({ name: z.string() })),
});

describe('checkBody', () => {
  it('accepts a body that matches on the wire (Dates become ISO text)', () => {
    expect(checkBody(Item, { id: 'a', at: new Date(0), tags: [{ name: 'x' }] })).toBeUndefined();
  });
  it('names a field of the wrong type or missing', () => {
    expect(checkBody(Item, { id: 1, at: new Date(0), tags: [] })).toMatch(/^body\.id: /);
    expect(checkBody(Item, { id: 'a', tags: [] })).toMatch(/^body\.at: /);
  });
  it('names a field the schema does not document, however deep', () => {
    expect(checkBody(Item, { id: 'a', at: new Date(0), tags: [{ name: 'x', secret: 1 }] })).toBe(
      'body.tags[0].secret is not in the schema',
    );
  });
  it('leaves out undefined fields as JSON does, and keeps free-form records whole', () => {
    const Free = z.object({ meta: z.record(z.string(), z.unknown()), note: z.string().optional() });
    expect(checkBody(Free, { meta: { a: { b: 1 } }, note: undefined })).toBeUndefined();
  });
});
