// Churn risk in the server: per-contact features from feedback, outcomes and attributes, a model trained
// on a past cutoff (features before it, churn in the horizon after it), scores for today, read by the API.
import { z } from 'zod';
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError, ValidationError } from '../../platform/errors/index.js';
import { defineJob, type JobQueue } from '../../platform/jobs/index.js';
import {
  type ChurnModel,
  type ChurnReport,
  type GbdtOptions,
  type StringTable,
  scoreChurn,
  trainChurn,
} from '../models/index.js';
import { formatMinorUnits } from '../outcomes/money.js';
import { selectOrgCurrency } from '../value/queries.js';
import { themeNames } from '../value/themes.js';
import { explainReasons, reasonText } from './explain.js';
import {
  type ContactFeatureRow,
  contactExists,
  insertChurnModel,
  type RiskRow,
  replaceChurnScores,
  selectContactFeatures,
  selectContactRisk,
  selectLatestModel,
  selectRiskDistribution,
  selectTopRisks,
} from './queries.js';

/** Most theme flags a model takes (the most frequent themes). */
const MAX_THEMES = 15;
/** Trees for organisations with fewer than 20,000 contacts. */
const SMALL_DATA_GBDT: GbdtOptions = {
  trees: 200,
  learningRate: 0.05,
  maxDepth: 3,
  minLeaf: 60,
  subsample: 0.7,
};
/** Fewest churned and retained contacts needed to train. */
export const MIN_CLASS = 20;

const NUMERIC: Array<keyof ContactFeatureRow> = [
  'last_nps',
  'last_csat',
  'last_ces',
  'answers',
  'nps_trend',
  'days_since_answer',
  'negative_comments',
  'comments',
  'complaints',
  'support_cost',
  'orders',
  'revenue',
  'days_since_order',
  'tenure_days',
];

/** The columns a model is trained on; saved with it so today's rows are built the same way. */
interface FeatureLayout {
  attributes: string[];
  themes: string[];
}

function layoutOf(rows: ContactFeatureRow[]): FeatureLayout {
  const attributes = new Set<string>();
  const themes = new Map<string, number>();
  for (const r of rows) {
    for (const [k, v] of Object.entries(r.attributes ?? {})) {
      if (v === null || typeof v === 'object') continue;
      attributes.add(k);
    }
    for (const t of r.themes) themes.set(t, (themes.get(t) ?? 0) + 1);
  }
  return {
    attributes: [...attributes].sort(),
    themes: [...themes.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_THEMES)
      .map(([t]) => t),
  };
}

function tableOf(rows: ContactFeatureRow[], layout: FeatureLayout): StringTable {
  const header = [
    'contact_id',
    ...NUMERIC,
    ...layout.attributes.map((a) => `attribute ${a}`),
    ...layout.themes.map((t) => `theme ${t}`),
    'churned',
  ];
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return {
    header,
    rows: rows.map((r) => {
      const themes = new Set(r.themes);
      return [
        r.contact_id,
        ...NUMERIC.map((k) => str(r[k])),
        ...layout.attributes.map((a) => str(r.attributes?.[a])),
        ...layout.themes.map((t) => (themes.has(t) ? '1' : '0')),
        r.churned === null ? '' : r.churned ? '1' : '0',
      ];
    }),
  };
}

/** What a training run produced. */
export interface TrainResult {
  modelId: string;
  report: ChurnReport;
  scored: number;
}

/**
 * Train on the state of `horizonDays` ago (features from before that cutoff, label: churned in the
 * horizon since), store the model, then score every contact not yet churned on today's features.
 */
export async function trainChurnForOrg(
  sql: Sql,
  orgId: string,
  opts: { horizonDays?: number; now?: Date; churnKind?: string; folds?: number; gbdt?: GbdtOptions } = {},
): Promise<TrainResult> {
  const horizonDays = opts.horizonDays ?? 180;
  const now = opts.now ?? new Date();
  const churnKind = opts.churnKind ?? 'churn';
  const cutoff = new Date(now.getTime() - horizonDays * 86_400_000);
  const past = await selectContactFeatures(sql, orgId, { cutoff, horizon: `${horizonDays} days`, churnKind });
  const positives = past.filter((r) => r.churned).length;
  if (positives < MIN_CLASS || past.length - positives < MIN_CLASS) {
    throw new ValidationError(
      `a churn model needs at least ${MIN_CLASS} contacts who churned in the ${horizonDays} days before today and ${MIN_CLASS} who stayed; there are ${positives} and ${past.length - positives}`,
      [{ name: 'outcomes', reason: `too few '${churnKind}' outcomes` }],
    );
  }
  const layout = layoutOf(past);
  const model: ChurnModel = trainChurn(tableOf(past, layout), {
    outcome: 'churned',
    id: 'contact_id',
    folds: 5,
    // a few thousand contacts: larger leaves and row sampling keep the trees off the noise
    gbdt: opts.gbdt ?? (past.length < 20_000 ? SMALL_DATA_GBDT : {}),
  });
  const modelId = await insertChurnModel(sql, orgId, {
    outcome: churnKind,
    horizonDays,
    rows: model.report.rows,
    positives: model.report.positives,
    report: model.report,
    model: { ...model, layout },
  });
  const today = await selectContactFeatures(sql, orgId, { cutoff: now, horizon: null, churnKind });
  const scores = scoreChurn(model, tableOf(today, layout), 3);
  await replaceChurnScores(
    sql,
    orgId,
    modelId,
    scores.map((s) => ({
      contactId: s.id as string,
      probability: s.probability,
      band: s.band,
      reasons: s.reasons,
    })),
  );
  return { modelId, report: model.report, scored: scores.length };
}

/** The background job that (re)trains an organisation's churn model and rescores its contacts. */
export const churnTrainJob = defineJob({
  name: 'prove.churn-train',
  schema: z.object({ orgId: z.uuid(), horizonDays: z.number().int().min(7).max(730).optional() }),
  // Deterministic: a failure (too few churners) would fail again.
  retry: { limit: 0, delaySeconds: 60, backoff: false },
  expireInSeconds: 1800,
  handle: async (payload, ctx) => {
    try {
      await trainChurnForOrg(ctx.sql, payload.orgId, { horizonDays: payload.horizonDays ?? 180 });
    } catch (err) {
      if (err instanceof ValidationError) {
        ctx.log.warn({ orgId: payload.orgId, reason: err.message }, 'churn model not trained');
        return;
      }
      throw err;
    }
  },
});

/** Queue a training run (one queued per organisation at a time). */
export async function requestChurnTraining(
  jobs: JobQueue,
  orgId: string,
  horizonDays?: number,
): Promise<void> {
  await jobs.enqueue(
    churnTrainJob,
    { orgId, ...(horizonDays ? { horizonDays } : {}) },
    { singletonKey: `churn-train:${orgId}` },
  );
}

type Words = { theme: (id: string) => string; money: (minor: string) => string };

/** What reasons are told in: the organisation's theme names and money currency. */
async function wordsFor(sql: Sql, orgId: string): Promise<Words> {
  const [theme, currency] = await Promise.all([themeNames(sql, orgId), selectOrgCurrency(sql, orgId)]);
  return {
    theme,
    money: (minor) => {
      try {
        const c = currency ?? 'EUR';
        return `${formatMinorUnits(BigInt(minor.replace(/\.0*$/, '')), c)} ${c}`;
      } catch {
        return minor;
      }
    },
  };
}

const presentRisk = (r: RiskRow, words: Words) => ({
  contactId: r.contact_id,
  externalId: r.external_id,
  name: r.name,
  email: r.email,
  probability: r.probability,
  band: r.band,
  reasons: r.reasons.map((x) => ({ ...x, text: reasonText(x, words) })),
  explanation: explainReasons(r.reasons, words),
  scoredAt: r.scored_at.toISOString(),
  modelId: r.model_id,
});

/** The model in use and its quality, or null before the first training. */
export async function getChurnModelSummary(sql: Sql, orgId: string) {
  const m = await selectLatestModel(sql, orgId);
  if (!m) return null;
  return {
    id: m.id,
    trainedAt: m.trained_at.toISOString(),
    outcome: m.outcome,
    horizonDays: m.horizon_days,
    rows: m.rows,
    positives: m.positives,
    // models stored before the selection were always the trees
    model: m.report.model ?? ('gbdt' as const),
    selection:
      m.report.selection ??
      (m.report.cv.auc > m.report.baseline.auc
        ? 'gradient-boosted trees (stored before model selection)'
        : 'gradient-boosted trees, although the logistic baseline did as well (stored before model selection; retrain to use the baseline)'),
    cv: {
      auc: m.report.cv.auc,
      aucSd: m.report.cv.aucSd,
      logLoss: m.report.cv.logLoss,
      calibration: m.report.cv.calibration,
    },
    baseline: { model: 'logistic' as const, auc: m.report.baseline.auc },
    importance: m.report.importance.slice(0, 15),
  };
}

/** Top risks with the model and the distribution of risk. */
export async function getChurnRisk(sql: Sql, orgId: string, limit: number) {
  const [model, items, dist, words] = await Promise.all([
    getChurnModelSummary(sql, orgId),
    selectTopRisks(sql, orgId, limit),
    selectRiskDistribution(sql, orgId),
    wordsFor(sql, orgId),
  ]);
  const band = (b: string) => dist.bands.find((x) => x.band === b)?.n ?? 0;
  return {
    model,
    bands: { high: band('high'), medium: band('medium'), low: band('low') },
    histogram: Array.from({ length: 10 }, (_, i) => ({
      low: i / 10,
      high: (i + 1) / 10,
      n: dist.histogram.find((h) => h.bin === i)?.n ?? 0,
    })),
    items: items.map((r) => presentRisk(r, words)),
  };
}

/** One contact's risk; 404 for a contact of another organisation, `risk: null` when not scored yet. */
export async function getContactRisk(sql: Sql, orgId: string, contactId: string) {
  if (!(await contactExists(sql, orgId, contactId))) throw new NotFoundError(`no contact ${contactId}`);
  const r = await selectContactRisk(sql, orgId, contactId);
  return {
    contactId,
    risk: r ? presentRisk(r, await wordsFor(sql, orgId)) : null,
    model: await getChurnModelSummary(sql, orgId),
  };
}
