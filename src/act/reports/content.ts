// What a digest says: its touchpoints' scores with intervals and the significant moves only, top themes
// and their impact, open and breaching cases, and the initiatives there with their verdicts.
import type { Sql } from '../../platform/db/index.js';
import { getTaxonomy } from '../../understand/comments/index.js';
import { compareScores } from '../../understand/compare/index.js';
import { adjustBh, compareNps } from '../../understand/stats/index.js';
import { listInitiatives, measureInitiative } from '../initiatives/index.js';
import { type OpenCase, selectOpenCases, selectThemeCounts } from './queries/digest.js';
import type { Report, ReportFrequency } from './queries/subscriptions.js';

const DAY_MS = 86_400_000;
/** Metrics a digest reports per touchpoint, in this order. */
export const DIGEST_METRICS = ['nps', 'csat', 'ces'] as const;
/** False-discovery rate of the "significant move" flags across one digest's comparisons. */
const FDR = 0.05;

/** A touchpoint's score in the period, and its move from the period before when that move is real. */
export interface DigestScore {
  touchpointId: string;
  touchpoint: string;
  metric: (typeof DIGEST_METRICS)[number];
  n: number;
  score: number | null;
  ci: { low: number; high: number } | null;
  previous: { n: number; score: number | null };
  /** Only when the change is significant (Benjamini-Hochberg across the digest's comparisons, q 0.05). */
  move: { difference: number; ci: { low: number; high: number }; p: number; pAdjusted: number } | null;
}

/** A theme of the period's comments with what it does to NPS. */
export interface DigestTheme {
  theme: string;
  name: string;
  mentions: number;
  share: number;
  npsWith: number | null;
  npsWithout: number | null;
  /** NPS with minus without, adjusted-Wald interval and p. */
  difference: number | null;
  ci: { low: number; high: number } | null;
  p: number | null;
}

/** Everything a digest shows. */
export interface Digest {
  reportId: string;
  name: string;
  frequency: ReportFrequency;
  /** The period reported, [from, to), and the one before it that moves are measured against. */
  period: { from: Date; to: Date };
  previous: { from: Date; to: Date };
  generatedAt: Date;
  team: string | null;
  touchpoints: Array<{ id: string; name: string }>;
  scores: DigestScore[];
  themes: DigestTheme[];
  cases: { open: number; breaching: number; items: OpenCase[] };
  initiatives: Array<{
    id: string;
    title: string;
    status: string;
    metric: string;
    verdict: string;
    estimate: number | null;
    ci: { low: number; high: number } | null;
    p: number | null;
  }>;
}

/**
 * The last complete period before `now`: the 7 days up to today (UTC), or the previous calendar month;
 * moves are measured against the period of the same length just before it.
 */
export function digestPeriod(
  frequency: ReportFrequency,
  now: Date,
): { from: Date; to: Date; previous: { from: Date; to: Date } } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const [from, to] =
    frequency === 'weekly'
      ? [today - 7 * DAY_MS, today]
      : [
          Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1),
          Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1),
        ];
  return {
    from: new Date(from),
    to: new Date(to),
    previous: { from: new Date(from - (to - from)), to: new Date(from) },
  };
}

/** When the digest after one due at `due` is due: a week later, or the first of the next month. */
export function nextRun(frequency: ReportFrequency, due: Date): Date {
  if (frequency === 'weekly') return new Date(due.getTime() + 7 * DAY_MS);
  return new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 1, due.getUTCHours()));
}

const interval = (ci: { low: number; high: number } | null | undefined) =>
  ci ? { low: ci.low, high: ci.high } : null;

async function themeNames(sql: Sql, orgId: string): Promise<Map<string, string>> {
  const { taxonomy } = await getTaxonomy(sql, orgId);
  const names = new Map<string, string>();
  const walk = (defs: typeof taxonomy.themes) => {
    for (const d of defs) {
      names.set(d.id, d.name.en ?? d.id);
      walk(d.subthemes ?? []);
    }
  };
  walk(taxonomy.themes);
  return names;
}

async function scoresOf(
  sql: Sql,
  orgId: string,
  touchpoints: Array<{ id: string; name: string }>,
  period: { from: Date; to: Date },
): Promise<DigestScore[]> {
  const wanted = new Set(touchpoints.map((t) => t.id));
  const scores: DigestScore[] = [];
  const tests: Array<{ score: DigestScore; p: number | null; difference: number | null; ci: unknown }> = [];
  for (const metric of DIGEST_METRICS) {
    const result = await compareScores(sql, orgId, {
      metric,
      mode: 'previous',
      by: 'touchpoint',
      filter: { from: period.from, to: period.to },
      timeZone: 'UTC',
    });
    for (const c of result.comparisons) {
      const id = c.group?.id;
      if (!id || !wanted.has(id) || c.a.n === 0) continue;
      const score: DigestScore = {
        touchpointId: id,
        touchpoint: touchpoints.find((t) => t.id === id)?.name ?? c.group?.name ?? id,
        metric,
        n: c.a.n,
        score: c.a.score,
        ci: interval(c.a.ci),
        previous: { n: c.b.n, score: c.b.score },
        move: null,
      };
      scores.push(score);
      tests.push({ score, p: c.p, difference: c.difference, ci: c.ci });
    }
  }
  // Significance across the comparisons this digest makes, not the organisation's.
  const adjusted = adjustBh(tests.map((t) => t.p));
  tests.forEach((t, i) => {
    const pAdjusted = adjusted[i];
    const ci = t.ci as { low: number; high: number } | null;
    if (pAdjusted != null && pAdjusted <= FDR && t.p !== null && t.difference !== null && ci) {
      t.score.move = { difference: t.difference, ci: { low: ci.low, high: ci.high }, p: t.p, pAdjusted };
    }
  });
  return scores.sort((a, b) => a.touchpoint.localeCompare(b.touchpoint) || a.metric.localeCompare(b.metric));
}

async function themesOf(
  sql: Sql,
  orgId: string,
  touchpointIds: string[],
  period: { from: Date; to: Date },
): Promise<DigestTheme[]> {
  const rows = await selectThemeCounts(sql, orgId, { touchpointIds, ...period });
  const all = rows.find((r) => r.theme === null);
  if (!all) return [];
  const total = all.promoters + all.passives + all.detractors;
  const names = await themeNames(sql, orgId);
  const nps = (c: { promoters: number; passives: number; detractors: number }) => {
    const n = c.promoters + c.passives + c.detractors;
    return n === 0 ? null : (100 * (c.promoters - c.detractors)) / n;
  };
  return rows
    .filter((r) => r.theme !== null)
    .map((r) => {
      const without = {
        promoters: all.promoters - r.promoters,
        passives: all.passives - r.passives,
        detractors: all.detractors - r.detractors,
      };
      const c = compareNps(r, without);
      const mentions = r.promoters + r.passives + r.detractors;
      return {
        theme: r.theme as string,
        name: names.get(r.theme as string) ?? (r.theme as string),
        mentions,
        share: total > 0 ? mentions / total : 0,
        npsWith: nps(r),
        npsWithout: nps(without),
        difference: c.difference,
        ci: interval(c.ci),
        p: c.p,
      };
    })
    .sort((a, b) => b.mentions - a.mentions || a.theme.localeCompare(b.theme))
    .slice(0, 5);
}

/** Gather a digest for a report definition whose touchpoints are resolved, as of `now`. */
export async function buildDigest(
  sql: Sql,
  orgId: string,
  report: Report,
  scope: { team: string | null; touchpoints: Array<{ id: string; name: string }> },
  now: Date,
): Promise<Digest> {
  const p = digestPeriod(report.frequency, now);
  const ids = scope.touchpoints.map((t) => t.id);
  const [scores, themes, cases, initiatives] = await Promise.all([
    scoresOf(sql, orgId, scope.touchpoints, p),
    themesOf(sql, orgId, ids, p),
    selectOpenCases(sql, orgId, { touchpointIds: ids, teamId: report.teamId }),
    listInitiatives(sql, orgId),
  ]);
  const mine = initiatives.filter(
    (i) =>
      (report.teamId !== null && i.teamId === report.teamId) || i.touchpointIds.some((t) => ids.includes(t)),
  );
  const effects = await Promise.all(mine.map((i) => measureInitiative(sql, orgId, i)));
  return {
    reportId: report.id,
    name: report.name,
    frequency: report.frequency,
    period: { from: p.from, to: p.to },
    previous: p.previous,
    generatedAt: now,
    team: scope.team,
    touchpoints: scope.touchpoints,
    scores,
    themes,
    cases: {
      open: cases.length,
      breaching: cases.filter((c) => c.breached).length,
      items: cases.slice(0, 10),
    },
    initiatives: mine.map((i, k) => ({
      id: i.id,
      title: i.title,
      status: i.status,
      metric: i.metric,
      verdict: effects[k]!.verdict,
      estimate: effects[k]!.effect.estimate,
      ci: effects[k]!.effect.ci,
      p: effects[k]!.effect.p,
    })),
  };
}
