// `northstar analyze` end to end in process, on small CSV files the test writes itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCaptured } from '../../tests/support/cli.js';

let dir = '';
const file = (name: string) => join(dir, name);

const run = runCaptured;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-analyze-'));
  // 40 promoters, 30 passives, 30 detractors over two periods; the example A of ../shared/docs/METHODS.md.
  const rows = ['id,nps,period,comment,wifi,boarding,food,role,billing,superior'];
  for (let i = 0; i < 100; i++) {
    const nps = i < 40 ? 10 : i < 70 ? 7 : 3;
    const wifi = 1 + (i % 5);
    const boarding = 1 + ((i * 7) % 5);
    const food = i % 3 === 0 ? 0 : 1 + ((i * 3) % 5);
    const role = i < 20 ? 'employee' : 'customer';
    const billing = role === 'employee' ? 5 - (i % 2) : 1 + (i % 5);
    const superior = role === 'employee' ? (i % 5 === 0 ? 0 : 1) : i % 10 === 0 ? 1 : 0;
    rows.push(
      [
        i,
        nps,
        i % 2,
        i % 4 === 0 ? '"slow, but fine"' : '',
        wifi,
        boarding,
        food,
        role,
        billing,
        superior,
      ].join(','),
    );
  }
  writeFileSync(file('small.csv'), `${rows.join('\n')}\n`);
  writeFileSync(file('bad.csv'), 'nps,period\n10,1\n9,1\nten,2\n');
  writeFileSync(file('latin1.csv'), Buffer.from('qualité,nps\nbien,9\ntrès bien,10\n', 'latin1'));
  const servqual = ['P1,E1,P2,E2'];
  for (let i = 0; i < 30; i++) servqual.push([4 + (i % 3), 6, 5 + (i % 2), 5].join(','));
  writeFileSync(file('servqual.csv'), `${servqual.join('\n')}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('northstar analyze', () => {
  it('scores NPS with the adjusted-Wald interval, as JSON', async () => {
    const r = await run(['analyze', 'scores', '--file', file('small.csv'), '--column', 'nps', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.overall.n).toBe(100);
    expect(report.overall.estimate).toBeCloseTo(10, 9);
    expect(report.overall.low).toBeCloseTo(-6.27, 2);
    expect(report.overall.high).toBeCloseTo(25.69, 2);
  });

  it('prints a table with groups, changes, trend and commenter bias', async () => {
    const r = await run([
      'analyze',
      'scores',
      '--file',
      file('small.csv'),
      '--column',
      'nps',
      '--by',
      'period',
      '--commenters',
      'comment',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^NPS of 'nps'/);
    expect(r.out).toContain('+10.0');
    expect(r.out).toContain('trend:');
    expect(r.out).toContain('with text');
  });

  it('compares groups with BH-adjusted p-values', async () => {
    const r = await run([
      'analyze',
      'compare',
      '--file',
      file('small.csv'),
      '--column',
      'nps',
      '--by',
      'period',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.rows).toHaveLength(2);
    expect(report.rows[0].pAdjusted).toBeGreaterThanOrEqual(report.rows[0].p);
  });

  it('runs drivers and ipa with 0 = not applicable', async () => {
    const args = ['--file', file('small.csv'), '--outcome', 'nps', '--drivers', 'wifi,boarding,food'];
    const d = await run(['analyze', 'drivers', ...args, '--not-applicable', '0', '--json']);
    expect(d.code).toBe(0);
    const report = JSON.parse(d.out);
    const total = report.drivers.reduce((a: number, x: { shapley: number }) => a + x.shapley, 0);
    expect(total).toBeCloseTo(report.r2, 12);
    expect(report.n).toBeLessThan(100); // food = 0 rows dropped listwise
    const ipa = await run(['analyze', 'ipa', ...args, '--not-applicable', '0']);
    expect(ipa.code).toBe(0);
    expect(ipa.out).toMatch(/concentrate here|keep up the good work|low priority|possible overkill/);
  });

  it('computes expectation and delivery gaps', async () => {
    const g = await run([
      'analyze',
      'gap',
      '--file',
      file('servqual.csv'),
      '--pair',
      'P1:E1:A',
      '--pair',
      'P2:E2:B',
      '--json',
    ]);
    expect(g.code).toBe(0);
    const report = JSON.parse(g.out);
    expect(report.items[0].gap.mean).toBeCloseTo(-1, 12);
    expect(report.items[1].gap.mean).toBeCloseTo(0.5, 12);
    const d = await run([
      'analyze',
      'gap',
      '--kind',
      'delivery',
      '--file',
      file('small.csv'),
      '--group-column',
      'role',
      '--internal',
      'employee',
      '--customer',
      'customer',
      '--items',
      'billing',
      '--superior',
      'superior',
    ]);
    expect(d.code).toBe(0);
    expect(d.out).toContain('over-estimated');
    expect(d.out).toContain('superior experience: 80.0% internal vs 10.0% of customers');
  });

  it('fails on a missing column by listing the columns the file has', async () => {
    const r = await run(['analyze', 'scores', '--file', file('small.csv'), '--column', 'score']);
    expect(r.code).toBe(1);
    expect(r.err).toContain("column 'score' not found; the file has: 'id', 'nps', 'period'");
  });

  it('reports the row and column of a bad value', async () => {
    const r = await run(['analyze', 'scores', '--file', file('bad.csv'), '--column', 'nps']);
    expect(r.code).toBe(1);
    expect(r.err).toContain("row 3 (line 4), column 'nps': 'ten' is not a number");
  });

  it('reads latin-1 with --encoding and explains the failure without it', async () => {
    const bad = await run(['analyze', 'scores', '--file', file('latin1.csv'), '--column', 'nps']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--encoding latin1');
    const ok = await run([
      'analyze',
      'scores',
      '--file',
      file('latin1.csv'),
      '--encoding',
      'latin1',
      '--column',
      'nps',
      '--by',
      'qualité',
      '--json',
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).groups.map((g: { group: string }) => g.group)).toEqual(['bien', 'très bien']);
  });
});
