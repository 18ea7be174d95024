// Due times of cases: calendar hours, or working hours in a time zone (pure, no I/O).

/** Working hours: ISO weekdays (1 = Monday … 7 = Sunday) from `start` to `end` o'clock in `timeZone`. */
export interface BusinessHours {
  timeZone: string;
  days: number[];
  start: number;
  end: number;
}

const HOUR_MS = 3_600_000;

// The zone's offset from UTC (ms) at an instant.
function offsetAt(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(at / 1000) * 1000;
}

// The instant of a local wall-clock time in the zone (the later one in a repeated hour).
function localToUtc(timeZone: string, y: number, m: number, d: number, hour: number): number {
  const wall = Date.UTC(y, m, d, hour);
  let guess = wall - offsetAt(timeZone, wall);
  guess = wall - offsetAt(timeZone, guess);
  return guess;
}

// The local calendar date of an instant in the zone.
function localDate(timeZone: string, at: number): { y: number; m: number; d: number } {
  const local = new Date(at + offsetAt(timeZone, at));
  return { y: local.getUTCFullYear(), m: local.getUTCMonth(), d: local.getUTCDate() };
}

/**
 * When a case opened at `from` is due after `hours` of service time: calendar hours without business
 * hours, else only the time inside the working windows counts (a case opened on Friday evening with
 * 4 working hours is due Monday at start + 4).
 */
export function dueAt(from: Date, hours: number, business?: BusinessHours | null): Date {
  let remaining = hours * HOUR_MS;
  if (!business || business.days.length === 0 || business.end <= business.start) {
    return new Date(from.getTime() + remaining);
  }
  const tz = business.timeZone;
  let t = from.getTime();
  let { y, m, d } = localDate(tz, t);
  // At most ten years of days: a misconfiguration can never loop forever.
  for (let i = 0; i < 3_660; i++) {
    const weekday = new Date(Date.UTC(y, m, d)).getUTCDay() || 7;
    if (business.days.includes(weekday)) {
      const open = localToUtc(tz, y, m, d, business.start);
      const close = localToUtc(tz, y, m, d, business.end);
      const s = Math.max(t, open);
      if (s < close) {
        if (remaining <= close - s) return new Date(s + remaining);
        remaining -= close - s;
      }
    }
    const next = new Date(Date.UTC(y, m, d + 1));
    y = next.getUTCFullYear();
    m = next.getUTCMonth();
    d = next.getUTCDate();
    t = Math.max(t, localToUtc(tz, y, m, d, 0));
  }
  return new Date(t + remaining);
}

/** Whether a time zone name is known to this runtime. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
