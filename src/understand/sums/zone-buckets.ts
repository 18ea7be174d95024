// Local-time buckets (day, week, month, quarter, year) of an IANA zone as UTC intervals, without a
// per-row zone lookup: the zone's offset transitions are found once per year and cached, and every
// stretch of constant offset is cut at the local bucket starts. Pure (Intl only).
import type { TimeBucket } from './types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Offsets are sampled this often and bisected to the second between samples that differ. */
const SAMPLE_MS = 6 * HOUR_MS;

/** A UTC interval [start, end) whose instants all fall in one local bucket. */
export interface BucketInterval {
  start: number;
  end: number;
  bucket: number;
}

/** The buckets of a range: their local start dates ('YYYY-MM-DD'), and the UTC intervals mapping to them. */
export interface BucketPlan {
  labels: string[];
  intervals: BucketInterval[];
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Whether Intl knows the zone (PostgreSQL may know more, e.g. POSIX forms; those are not planned here). */
export function knownZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formats.set(zone, f);
  }
  return f;
}

/** Local wall time minus UTC, in ms, at instant t (whole seconds). */
export function offsetAt(zone: string, t: number): number {
  const s = Math.floor(t / 1000) * 1000;
  const p: Record<string, string> = {};
  for (const part of formatter(zone).formatToParts(s)) p[part.type] = part.value;
  let year = Number(p.year);
  if (p.era === 'BC' || p.era === 'B') year = 1 - year;
  const wall = Date.UTC(
    year,
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  // Date.UTC maps years 0..99 to 1900..1999.
  const fixed = year >= 0 && year < 100 ? new Date(wall).setUTCFullYear(year) : wall;
  return fixed - s;
}

/** Stretches of constant offset covering one UTC year: [start, end) with the offset. */
interface Stretch {
  start: number;
  end: number;
  offset: number;
}

const stretchCache = new Map<string, Stretch[]>();

function yearStretches(zone: string, year: number): Stretch[] {
  const key = `${zone}|${year}`;
  const hit = stretchCache.get(key);
  if (hit) return hit;
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const out: Stretch[] = [];
  let from = start;
  let offset = offsetAt(zone, start);
  for (let t = start + SAMPLE_MS; ; t += SAMPLE_MS) {
    const at = Math.min(t, end);
    const o = offsetAt(zone, at);
    if (o !== offset) {
      // First second in (at - SAMPLE_MS, at] with the new offset.
      let lo = (at - SAMPLE_MS) / 1000;
      let hi = at / 1000;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(zone, mid * 1000) === offset) lo = mid;
        else hi = mid;
      }
      out.push({ start: from, end: hi * 1000, offset });
      from = hi * 1000;
      offset = offsetAt(zone, from);
    }
    if (at >= end) break;
  }
  out.push({ start: from, end, offset });
  if (stretchCache.size > 4096) stretchCache.clear();
  stretchCache.set(key, out);
  return out;
}

/** Stretches of constant offset covering [start, end). */
export function stretches(zone: string, start: number, end: number): Stretch[] {
  const out: Stretch[] = [];
  const y0 = new Date(start).getUTCFullYear();
  const y1 = new Date(end - 1).getUTCFullYear();
  for (let y = y0; y <= y1; y++) {
    for (const s of yearStretches(zone, y)) {
      const a = Math.max(s.start, start);
      const b = Math.min(s.end, end);
      if (a >= b) continue;
      const last = out[out.length - 1];
      if (last && last.end === a && last.offset === s.offset) last.end = b;
      else out.push({ start: a, end: b, offset: s.offset });
    }
  }
  return out;
}

/** Start of the bucket holding wall time w (wall times are local clock readings written as UTC). */
export function bucketStart(w: number, interval: TimeBucket): number {
  const d = new Date(Math.floor(w / DAY_MS) * DAY_MS);
  if (interval === 'day') return d.getTime();
  if (interval === 'week') return d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS;
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const at = (year: number, month: number) => {
    const x = new Date(Date.UTC(2000, month, 1));
    x.setUTCFullYear(year);
    return x.getTime();
  };
  if (interval === 'month') return at(y, m);
  if (interval === 'quarter') return at(y, m - (m % 3));
  return at(y, 0);
}

/** Start of the bucket after the one starting at wall time b. */
export function nextBucket(b: number, interval: TimeBucket): number {
  if (interval === 'day') return b + DAY_MS;
  if (interval === 'week') return b + 7 * DAY_MS;
  const d = new Date(b);
  d.setUTCMonth(d.getUTCMonth() + (interval === 'month' ? 1 : interval === 'quarter' ? 3 : 12));
  return d.getTime();
}

/** 'YYYY-MM-DD' of a wall time, as PostgreSQL's to_char(…, 'YYYY-MM-DD') writes it for years 1..9999. */
export function dateLabel(w: number): string {
  const d = new Date(w);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * The UTC intervals of [start, end) cut at the local bucket starts of `interval` in `zone`, in time
 * order, each with its bucket's index into `labels` (a bucket can own several intervals when the clock
 * goes back across a bucket start).
 */
export function bucketPlan(zone: string, interval: TimeBucket, start: number, end: number): BucketPlan {
  const labels: string[] = [];
  const index = new Map<number, number>();
  const intervals: BucketInterval[] = [];
  const bucketOf = (b: number) => {
    let i = index.get(b);
    if (i === undefined) {
      i = labels.length;
      labels.push(dateLabel(b));
      index.set(b, i);
    }
    return i;
  };
  if (start >= end) return { labels, intervals };
  for (const s of stretches(zone, start, end)) {
    let b = bucketStart(s.start + s.offset, interval);
    let from = s.start;
    while (from < s.end) {
      const next = nextBucket(b, interval);
      const to = Math.min(s.end, next - s.offset);
      if (to > from) intervals.push({ start: from, end: to, bucket: bucketOf(b) });
      from = Math.max(from, to);
      b = next;
    }
  }
  return { labels, intervals };
}
