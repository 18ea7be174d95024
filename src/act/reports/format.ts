// Words and numbers of a digest, shared by its email and its PDF (plain ASCII: the PDF's built-in
// fonts carry Latin-1 only).
import type { Digest, DigestScore } from './content.js';

/** A number with one decimal, with an ASCII minus. */
export const num = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits);

/** "+3.2" / "-1.0". */
export const signed = (v: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(1)}`;

/** A 95% interval as text. */
export const ciText = (ci: { low: number; high: number } | null): string =>
  ci ? `95% CI ${num(ci.low)} to ${num(ci.high)}` : 'no interval';

const METRIC_NAMES: Record<string, string> = {
  nps: 'NPS',
  csat: 'CSAT %',
  ces: 'CES',
  rating: 'Rating',
  theme_share: 'Theme share %',
  recovery_rate: 'Recovery %',
};
/** A metric's short name. */
export const metricName = (m: string): string => METRIC_NAMES[m] ?? m;

const VERDICTS: Record<string, string> = {
  win: 'Win: it worked',
  worse: 'Worse: it made things worse',
  no_detectable_change: 'No detectable change',
  too_early: 'Too early to tell',
};
/** A verdict in plain words. */
export const verdictText = (v: string): string => VERDICTS[v] ?? v;

/** YYYY-MM-DD of a date. */
export const day = (d: Date): string => d.toISOString().slice(0, 10);

/** "2026-11-23 to 2026-11-29" (the end shown inclusive). */
export const periodText = (p: { from: Date; to: Date }): string =>
  `${day(p.from)} to ${day(new Date(p.to.getTime() - 86_400_000))}`;

/** One score line: "Checkout NPS 42.0 (95% CI 30.1 to 52.3), n 120". */
export const scoreLine = (s: DigestScore): string =>
  `${s.touchpoint} ${metricName(s.metric)} ${num(s.score)} (${ciText(s.ci)}), n ${s.n}`;

/** A significant move as text, or null. */
export const moveText = (s: DigestScore): string | null =>
  s.move
    ? `${signed(s.move.difference)} vs the period before (${ciText(s.move.ci)}, p ${num(s.move.p, 3)})`
    : null;

/** The digest's subject line. */
export const subjectOf = (d: Digest): string => `${d.name}: ${d.frequency} digest, ${periodText(d.period)}`;
