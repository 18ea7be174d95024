import { describe, expect, it } from 'vitest';
import { everyContactPasses } from './every-contact.js';
import type { SegmentRule } from './rules.js';

describe('everyContactPasses', () => {
  it.each<[string, SegmentRule]>([
    [
      'an email or no email (the contacts page)',
      {
        any: [
          { field: 'email', op: 'exists' },
          { field: 'email', op: 'not_exists' },
        ],
      },
    ],
    [
      'not (set and not set)',
      {
        not: {
          all: [
            { attribute: 'plan', op: 'exists' },
            { attribute: 'plan', op: 'not_exists' },
          ],
        },
      },
    ],
    [
      'not of an unknown test',
      {
        any: [
          { not: { attribute: 'plan', op: 'eq', value: 'pro' } },
          { attribute: 'plan', op: 'eq', value: 'pro' },
        ],
      },
    ],
    [
      'nested, with other tests',
      {
        all: [
          {
            any: [
              { field: 'name', op: 'not_exists' },
              { attribute: 'x', op: 'gt', value: 1 },
              { field: 'name', op: 'exists' },
            ],
          },
          {
            not: {
              all: [
                { attribute: 'y', op: 'eq', value: 'a' },
                { not: { attribute: 'y', op: 'eq', value: 'a' } },
              ],
            },
          },
        ],
      },
    ],
  ])('recognises %s', (_name, rule) => {
    expect(everyContactPasses(rule)).toBe(true);
  });

  it.each<[string, SegmentRule]>([
    ['one test', { field: 'email', op: 'exists' }],
    [
      'two columns',
      {
        any: [
          { field: 'email', op: 'exists' },
          { field: 'name', op: 'not_exists' },
        ],
      },
    ],
    // eq is unknown (null) for a contact without the attribute: `x = v or not (x = v)` in SQL is not
    // `or` of a value and its negation; here the `not` is a coalesce, so it is, but eq or neq is left alone.
    [
      'eq or neq',
      {
        any: [
          { attribute: 'plan', op: 'eq', value: 'pro' },
          { attribute: 'plan', op: 'neq', value: 'pro' },
        ],
      },
    ],
    [
      'all of both',
      {
        all: [
          { field: 'email', op: 'exists' },
          { field: 'email', op: 'not_exists' },
        ],
      },
    ],
    [
      'too many tests to try',
      {
        any: [
          ...Array.from({ length: 12 }, (_, i) => ({ attribute: `a${i}`, op: 'eq' as const, value: 1 })),
          { field: 'email', op: 'exists' },
          { field: 'email', op: 'not_exists' },
        ],
      },
    ],
  ])('does not take %s for every contact', (_name, rule) => {
    expect(everyContactPasses(rule)).toBe(false);
  });
});
