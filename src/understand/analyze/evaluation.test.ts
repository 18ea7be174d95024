// Evaluation on real public data from ../shared/data (skipped with a message when that folder is absent).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedData, SHARED_DATA } from '../../../tests/support/require.js';
import { analyseDriversInTable, analyseScores, readCsvFile } from './index.js';

const DATA = SHARED_DATA;
const AIRLINE = resolve(DATA, 'airline-passenger-satisfaction/train.csv');
const GARDEN = resolve(DATA, 'nps-botanic-garden-centre/nps.csv');

/** The 14 touchpoint ratings of the airline data (0 = not applicable). */
const AIRLINE_TOUCHPOINTS = [
  'Inflight wifi service',
  'Departure/Arrival time convenient',
  'Ease of Online booking',
  'Gate location',
  'Food and drink',
  'Online boarding',
  'Seat comfort',
  'Inflight entertainment',
  'On-board service',
  'Leg room service',
  'Baggage handling',
  'Checkin service',
  'Inflight service',
  'Cleanliness',
];

const skipGarden = !hasSharedData('garden-centre evaluation', ['nps-botanic-garden-centre/nps.csv']);
const skipAirline = !hasSharedData('airline evaluation', ['airline-passenger-satisfaction/train.csv']);

describe.skipIf(skipGarden)('garden-centre NPS (real data, ../shared/data)', () => {
  it('reproduces NPS +53.4 on 13,612 responses and the commenter bias (+39.2)', async () => {
    const table = await readCsvFile(GARDEN, { encoding: 'latin1' });
    const r = analyseScores(table, { column: 'nps', metric: 'nps', by: 't', commenters: 'explication' });
    expect(r.overall.n).toBe(13_612);
    expect(r.overall.estimate).toBeCloseTo(53.416, 3);
    expect(r.overall.low).toBeLessThan(53.4);
    expect(r.overall.high).toBeGreaterThan(53.4);
    expect(r.commenters?.subgroup.score).toBeCloseTo(39.216, 3);
    expect(r.commenters?.test.p).toBeLessThan(1e-6);
    expect(r.groups.reduce((a, g) => a + g.n, 0)).toBe(13_594); // 18 scored rows have no t
  }, 60_000);
});

describe.skipIf(skipAirline)('airline key drivers (real data, ../shared/data)', () => {
  it('ranks Online boarding and Inflight wifi service at the top', async () => {
    const table = await readCsvFile(AIRLINE);
    const r = analyseDriversInTable(table, {
      outcome: 'satisfaction',
      positive: 'satisfied',
      drivers: AIRLINE_TOUCHPOINTS,
      notApplicable: [0],
    });
    expect(r.ranking.slice(0, 2)).toEqual(['Online boarding', 'Inflight wifi service']);
    const total = r.drivers.reduce((a, d) => a + (d.shapley ?? 0), 0);
    expect(total).toBeCloseTo(r.r2, 10);
    expect(r.outcome).toBe('binary');
  }, 60_000);
});
