import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES, PROBLEM_TYPES, problemType } from './index.js';

describe('the problem types', () => {
  it('are documented in docs/api.md exactly as defined, in the same order', () => {
    const md = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
    const table = md.split('<!-- problem-types:start -->')[1]?.split('<!-- problem-types:end -->')[0] ?? '';
    const rows = [...table.matchAll(/^\| `(\w+)` \| (\d{3}) \| (.+) \|$/gm)].map((m) => ({
      code: m[1],
      status: Number(m[2]),
      meaning: m[3],
    }));
    expect(rows).toEqual(PROBLEM_TYPES.map((p) => ({ code: p.code, status: p.status, meaning: p.meaning })));
  });

  it('have unique codes and type URIs', () => {
    expect(new Set(PROBLEM_CODES).size).toBe(PROBLEM_CODES.length);
    expect(problemType('route_not_found')).toBe('https://northstar.dev/problems/route-not-found');
  });
});
