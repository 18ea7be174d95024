// Seeded synthetic feedback for the analytics bench: 20 touchpoints, 5 channels, 3 segment attributes, 2 years.
import { mulberry32 as prng } from '../../src/shared/random.js';

/** Fixed dimension values; ids are derived from these names so every run builds the same rows. */
export const CHANNELS = ['web', 'email', 'app', 'phone', 'store'] as const;
export const PLANS = ['basic', 'plus', 'pro'] as const;
export const REGIONS = ['north', 'south', 'east', 'west', 'central'] as const;
export const TENURES = ['lt1y', '1to2y', '2to5y', '5yplus'] as const;
export const DEVICES = ['mobile', 'desktop', 'tablet'] as const;
export const STAGES = ['discover', 'buy', 'receive', 'use', 'support'] as const;
export const TOUCHPOINTS = 20;
export const DAYS = 730;
/** First day (UTC midnight) of the two years of data; the data ends on 2026-11-01. */
export const START = Date.UTC(2024, 10, 1);
export const COMMENTS = [
  'Quick and easy, thank you',
  'Delivery was late again',
  'Great staff in the store',
  'The app keeps logging me out',
  'Price is too high for what you get',
  'Support solved it on the first call',
  'Could not find the return form',
  'Love the new website',
];

/** The generated rows, column by column (-1 marks a missing answer). */
export interface Columns {
  rows: number;
  /** Day index from START. */
  day: Uint16Array;
  /** Second of the UTC day. */
  second: Uint32Array;
  touchpoint: Uint8Array;
  channel: Uint8Array;
  plan: Uint8Array;
  region: Uint8Array;
  tenure: Uint8Array;
  device: Uint8Array;
  nps: Int8Array;
  csat: Int8Array;
  ces: Int8Array;
  /** Rating on 1..5 (stored normalised to 0..1 with scale 5). */
  rating: Int8Array;
  comment: Int8Array;
}

function pick(r: number, weights: readonly number[]): number {
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i] as number;
    if (r < acc) return i;
  }
  return weights.length - 1;
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

/**
 * Generate `rows` feedback records, in time order. Volume grows 50% over the two years with fewer
 * answers at weekends and at night; satisfaction depends on touchpoint, plan, region, tenure and time
 * (two touchpoints slip in the last quarter, one improves), plus noise.
 */
export function generate(rows: number, seed = 42): Columns {
  const rand = prng(seed);
  const normal = () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const c: Columns = {
    rows,
    day: new Uint16Array(rows),
    second: new Uint32Array(rows),
    touchpoint: new Uint8Array(rows),
    channel: new Uint8Array(rows),
    plan: new Uint8Array(rows),
    region: new Uint8Array(rows),
    tenure: new Uint8Array(rows),
    device: new Uint8Array(rows),
    nps: new Int8Array(rows),
    csat: new Int8Array(rows),
    ces: new Int8Array(rows),
    rating: new Int8Array(rows),
    comment: new Int8Array(rows),
  };
  // Rows per day: growth and a weekly pattern, rounded so that the total is exactly `rows`.
  const weight = Array.from({ length: DAYS }, (_, d) => {
    const dow = new Date(START + d * 86_400_000).getUTCDay();
    return (1 + (0.5 * d) / DAYS) * (dow === 0 || dow === 6 ? 0.6 : 1.1);
  });
  const totalWeight = weight.reduce((a, b) => a + b, 0);
  const perDay = weight.map((w) => Math.floor((w / totalWeight) * rows));
  let short = rows - perDay.reduce((a, b) => a + b, 0);
  for (let d = 0; short > 0; d = (d + 1) % DAYS, short--) perDay[d] = (perDay[d] as number) + 1;
  const tpQuality = Array.from({ length: TOUCHPOINTS }, (_, t) => -0.5 + ((t * 7919) % 20) / 20);
  const tpChannel = Array.from({ length: TOUCHPOINTS }, (_, t) => t % CHANNELS.length);
  const tpWeight = Array.from({ length: TOUCHPOINTS }, (_, t) => 1 + ((t * 31) % 5));
  const tpTotal = tpWeight.reduce((a, b) => a + b, 0);
  const tpShare = tpWeight.map((w) => w / tpTotal);
  const planEffect = [-0.15, 0.05, 0.3];
  const regionEffect = [0.1, -0.1, 0, 0.05, -0.05];
  const tenureEffect = [-0.1, 0, 0.05, 0.15];
  const hourWeights = Array.from({ length: 24 }, (_, h) => (h < 6 ? 0.2 : h < 9 ? 0.8 : h < 22 ? 1.5 : 0.6));
  const hourTotal = hourWeights.reduce((a, b) => a + b, 0);
  const hourShare = hourWeights.map((w) => w / hourTotal);
  let i = 0;
  for (let d = 0; d < DAYS; d++) {
    const n = perDay[d] as number;
    const trend = (0.2 * d) / DAYS;
    for (let k = 0; k < n; k++, i++) {
      const tp = pick(rand(), tpShare);
      const ch = rand() < 0.7 ? (tpChannel[tp] as number) : Math.floor(rand() * CHANNELS.length);
      const plan = pick(rand(), [0.55, 0.3, 0.15]);
      const region = pick(rand(), [0.25, 0.2, 0.2, 0.2, 0.15]);
      const tenure = pick(rand(), [0.3, 0.25, 0.3, 0.15]);
      let shift = 0;
      if (d >= DAYS - 92) shift = tp === 3 ? -0.6 : tp === 11 ? -0.4 : tp === 7 ? 0.4 : 0;
      const z =
        0.35 +
        (tpQuality[tp] as number) +
        (planEffect[plan] as number) +
        (regionEffect[region] as number) +
        (tenureEffect[tenure] as number) +
        trend +
        shift +
        normal();
      c.day[i] = d;
      c.second[i] = pick(rand(), hourShare) * 3600 + Math.floor(rand() * 3600);
      c.touchpoint[i] = tp;
      c.channel[i] = ch;
      c.plan[i] = plan;
      c.region[i] = region;
      c.tenure[i] = tenure;
      c.device[i] = pick(rand(), [0.55, 0.38, 0.07]);
      c.nps[i] = rand() < 0.92 ? clamp(Math.round(7.6 + 1.9 * z), 0, 10) : -1;
      c.csat[i] = rand() < 0.4 ? clamp(Math.round(3.9 + 0.9 * z + 0.4 * normal()), 1, 5) : -1;
      c.ces[i] = rand() < 0.25 ? clamp(Math.round(5.1 + 1.1 * z + 0.5 * normal()), 1, 7) : -1;
      c.rating[i] = rand() < 0.2 ? clamp(Math.round(3.8 + 0.9 * z + 0.4 * normal()), 1, 5) : -1;
      c.comment[i] = rand() < 0.15 ? Math.floor(rand() * COMMENTS.length) : -1;
    }
  }
  return c;
}
