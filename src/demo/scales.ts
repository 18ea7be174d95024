// Answer scales and dates of the demo generator: a latent satisfaction mapped onto each scale.

import { normalCdf } from '../shared/random.js';
import type { Tone } from './comments.js';

export const DAY_MS = 86_400_000;

// Base answer distributions at latent 0 (percent per scale point, lowest first). Shifting the
// latent moves mass up or down the scale. NPS +37, CSAT top-2-box 80%, CES mean 5.1.
const NPS_BASE = [1.5, 0.8, 1, 1.5, 1.7, 3.5, 5, 12, 21, 24, 28];
const CSAT_BASE = [4, 5, 11, 38, 42];
const CES_BASE = [3, 5, 8, 14, 23, 28, 19];
const RATING_BASE = [4, 7, 15, 37, 37];

function cumulative(pmf: readonly number[]): Float64Array {
  const total = pmf.reduce((a, b) => a + b, 0);
  const out = new Float64Array(pmf.length);
  let acc = 0;
  for (let i = 0; i < pmf.length; i++) {
    acc += (pmf[i] as number) / total;
    out[i] = acc;
  }
  out[pmf.length - 1] = 1;
  return out;
}
export const SCALES = {
  nps: { min: 0, cdf: cumulative(NPS_BASE) },
  csat: { min: 1, cdf: cumulative(CSAT_BASE) },
  ces: { min: 1, cdf: cumulative(CES_BASE) },
  rating: { min: 1, cdf: cumulative(RATING_BASE) },
} as const;

/** Maps a latent satisfaction (standard normal at baseline) to a point on a scale. */
export function toScale(z: number, scale: { min: number; cdf: Float64Array }): number {
  const u = normalCdf(z);
  const cdf = scale.cdf;
  let i = 0;
  while (i < cdf.length - 1 && (cdf[i] as number) <= u) i++;
  return scale.min + i;
}

export function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function addUtcMonths(d: Date, months: number): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()));
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The tone a score gives a comment. */
export function toneOf(kind: 'nps' | 'csat' | 'ces' | 'rating', v: number): Tone {
  switch (kind) {
    case 'nps':
      return v >= 9 ? 'positive' : v <= 6 ? 'negative' : 'neutral';
    case 'ces':
      return v >= 6 ? 'positive' : v <= 3 ? 'negative' : 'neutral';
    default:
      return v >= 4 ? 'positive' : v <= 2 ? 'negative' : 'neutral';
  }
}
