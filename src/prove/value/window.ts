// Time windows of the value analyses: `90d`, `12w`, `6m`, `1y` or a number of days.
import { ValidationError } from '../../platform/errors/index.js';

/** A parsed window: its text and the PostgreSQL interval it stands for. */
export interface Window {
  text: string;
  interval: string;
}

const UNITS: Record<string, string> = { d: 'days', w: 'weeks', m: 'months', y: 'years' };

/** Parse a window; default 180 days. */
export function parseWindow(text: string | undefined, fallback = '180d'): Window {
  const t = (text ?? fallback).trim().toLowerCase();
  const m = /^(\d{1,4})\s*(d|w|m|y)?$/.exec(t);
  if (!m || Number(m[1]) === 0) {
    throw new ValidationError(`window '${text}' is not a duration such as 90d, 12w, 6m or 1y`, [
      { name: 'window', reason: 'not a duration (90d, 12w, 6m, 1y)' },
    ]);
  }
  const n = Number(m[1]);
  const unit = m[2] ?? 'd';
  return { text: `${n}${unit}`, interval: `${n} ${UNITS[unit]}` };
}
