// Every package the server runs on must support the Node version the README promises (package.json
// "engines"): a dependency that moves to a newer Node has to be pinned (see "overrides") or the promise raised.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from './index.js';

type Version = [number, number, number];
const parse = (v: string): Version => {
  const [a = 0, b = 0, c = 0] = v.replace(/^[v=]/, '').split('.').map(Number);
  return [a, b, c];
};
const cmp = (x: Version, y: Version) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];

/** Whether `v` satisfies an engines range of the forms npm packages use: `>=X`, `^X`, `X`, `X.x`, `A || B`. */
function satisfies(v: Version, range: string): boolean {
  return range.split('||').some((alt) =>
    alt
      .trim()
      .replace(/(>=|<=|>|<|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .every((part) => {
        const m = /^(>=|>|<=|<|\^|~)?\s*(\d+(?:\.\d+|\.x)*)$/.exec(part);
        if (!m) throw new Error(`unsupported range "${range}"`);
        const bound = parse(m[2]!.replaceAll('.x', ''));
        const whole = m[2]!.split('.').length;
        switch (m[1]) {
          case '>=':
            return cmp(v, bound) >= 0;
          case '>':
            return cmp(v, bound) > 0;
          case '<=':
            return cmp(v, bound) <= 0;
          case '<':
            return cmp(v, bound) < 0;
          case '^':
            return v[0] === bound[0] && cmp(v, bound) >= 0;
          default:
            // A bare version: that major (and minor, patch when given).
            return v.slice(0, whole).every((n, i) => n === bound[i]);
        }
      }),
  );
}

describe('runtime dependencies', () => {
  it('all support the Node version the package promises', () => {
    const root = packageRoot();
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const promised = parse(/(\d+(?:\.\d+)*)/.exec(pkg.engines.node)![1]!);
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
    const needNewer = Object.entries(
      lock.packages as Record<string, { dev?: boolean; engines?: unknown; version: string }>,
    )
      .filter(([where, p]) => where && !p.dev && typeof p.engines === 'object' && p.engines !== null)
      .map(([where, p]) => ({ where, node: (p.engines as { node?: string }).node }))
      .filter((p) => p.node !== undefined && !satisfies(promised, p.node))
      .map((p) => `${p.where} (node ${p.node})`);
    expect(needNewer).toEqual([]);
  });

  it('reads engines ranges as npm does for the forms in use', () => {
    expect(satisfies([20, 19, 0], '20 || >=22')).toBe(true);
    expect(satisfies([20, 19, 0], '>=22')).toBe(false);
    expect(satisfies([20, 19, 0], '^18.17.0 || >=20.5.0')).toBe(true);
    expect(satisfies([20, 19, 0], '>=18 <20')).toBe(false);
  });
});
