// Loads a generated demo organisation into PostgreSQL in one transaction, bulk tables through COPY.
import type { Sql, TransactionSql } from 'postgres';
import { ConflictError } from '../platform/errors/index.js';
import { createRandom } from '../shared/random.js';
import { loadDemoCampaigns } from './campaigns.js';
import { loadDemoCases } from './cases.js';
import { copyRows, copyValue } from './copy.js';
import type { DemoFeedback, DemoHead, DemoPlan } from './dataset.js';
import { planDemoData } from './generate.js';
import { insertDemoInitiatives } from './initiatives.js';
import { loadDemoOutcomes } from './outcomes.js';
import { loadDemoPulse } from './pulse.js';
import { copyContactsTarget, copyFeedbackTarget, copyResponsesTarget } from './queries/copy-targets.js';
import {
  analyseContactsAndFeedback,
  insertContactAttributes,
  insertJourney,
  insertOrganisation,
  insertStages,
  insertSurveys,
  insertSurveyVersion,
  insertTouchpoints,
  organisationExists,
} from './queries/structure.js';

/** Options for loadDemoData; every field has a default. */
export interface LoadDemoOptions {
  /** PRNG seed (default 42): the same seed and `now` give the same organisation. */
  seed?: number;
  /** End of the 18-month window (default: the start of today, UTC). */
  now?: Date;
  /** Organisation slug (default 'demo'). */
  slug?: string;
  /** Organisation name (default 'Northstar Demo Retail'). */
  name?: string;
  /** Called as rows are written: rows done, rows in all, and the current stage. */
  onProgress?: (done: number, total: number, stage: string) => void;
}

/** What was loaded: the organisation and how many rows of each kind. */
export interface LoadDemoResult {
  orgId: string;
  slug: string;
  counts: {
    touchpoints: number;
    surveys: number;
    contacts: number;
    responses: number;
    feedback: number;
    comments: number;
  };
}

/** Start of the current UTC day: the default end of the demo window, so it ends today. */
export function startOfToday(): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** The demo organisation's id: derived from seed and slug, so reloading gives the same id. */
export function demoOrgId(seed: number, slug: string): string {
  return createRandom(seed, `organisation:${slug}`).uuid();
}

const iso = (d: Date): string => d.toISOString();
const num = (n: number | null): string => (n === null ? '\\N' : String(n));
/** JSON as a COPY value: JSON text never holds a raw tab or newline, only backslashes to double. */
const json = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text.includes('\\') ? text.replaceAll('\\', '\\\\') : text;
};

/** Load the demo organisation into an empty-of-it database; returns ids and counts. */
export async function loadDemoData(sql: Sql, opts: LoadDemoOptions = {}): Promise<LoadDemoResult> {
  const seed = opts.seed ?? 42;
  const now = opts.now ?? startOfToday();
  const slug = opts.slug ?? 'demo';
  const name = opts.name ?? 'Northstar Demo Retail';
  const onProgress = opts.onProgress;

  onProgress?.(0, 1, 'generate');
  // The head (structure, contacts) is made now; responses are made as the COPY stream asks for
  // them, so generating them overlaps with the server writing the earlier ones.
  const plan = planDemoData({ seed, now, slug });
  const data = plan.head;
  const feedback: DemoFeedback[] = [];
  const orgId = demoOrgId(seed, slug);
  const small =
    1 +
    1 +
    data.stages.length +
    data.touchpoints.length +
    data.contactAttributes.length +
    2 * data.surveys.length;
  const total = small + data.contacts.length + 2 * plan.count;
  let done = 0;
  const progress = (rows: number, stage: string) => {
    done += rows;
    onProgress?.(done, total, stage);
  };

  await sql.begin(async (tx) => {
    if (await organisationExists(tx, slug, orgId)) {
      throw new ConflictError(
        `An organisation with slug '${slug}' (or the demo's id) already exists; choose another slug or remove it first.`,
        [{ name: 'slug', reason: 'already exists' }],
      );
    }
    await insertStructure(tx, data, orgId, slug, name);
    progress(small, 'structure');
    await copyContacts(tx, data, orgId, (n) => progress(n, 'contacts'));
    await copyResponses(tx, plan, feedback, orgId, (n) => progress(n, 'responses'));
    await copyFeedback(tx, feedback, orgId, (n) => progress(n, 'feedback'));
    await insertDemoInitiatives(tx, orgId, data.touchpoints, now);
    await loadDemoOutcomes(tx, orgId, feedback, { seed, now });
    // Fresh statistics for what analytics and segments read, so the first dashboard queries are
    // planned for 50,000 rows, not for an empty table. (Responses are read by key; autovacuum will do.)
    onProgress?.(done, total, 'analyze');
    await analyseContactsAndFeedback(tx);
  });
  await loadDemoCases(sql, { orgId, seed, now, feedback });
  await loadDemoPulse(sql, { orgId, seed, now });
  // Contact lists, a segment and two finished email campaigns (nothing queued to send).
  await loadDemoCampaigns(sql, { orgId, seed, now });

  return {
    orgId,
    slug,
    counts: {
      touchpoints: data.touchpoints.length,
      surveys: data.surveys.length,
      contacts: data.contacts.length,
      responses: plan.count,
      feedback: feedback.length,
      comments: feedback.reduce((n, f) => n + (f.text === null ? 0 : 1), 0),
    },
  };
}

async function insertStructure(
  tx: TransactionSql,
  data: DemoHead,
  orgId: string,
  slug: string,
  name: string,
): Promise<void> {
  const created = data.createdAt;
  await insertOrganisation(tx, { id: orgId, slug, name, createdAt: created });
  await insertJourney(tx, orgId, data.journey, created);
  await insertStages(tx, orgId, data, created);
  await insertTouchpoints(tx, orgId, data, created);
  await insertContactAttributes(tx, orgId, data, created);
  await insertSurveys(tx, orgId, data, created);
  for (const s of data.surveys) await insertSurveyVersion(tx, orgId, s, created);
}

async function copyContacts(
  tx: TransactionSql,
  data: DemoHead,
  orgId: string,
  onRows: (n: number) => void,
): Promise<void> {
  const target = await copyContactsTarget(tx);
  await copyRows(
    target,
    data.contacts,
    (c) => {
      const at = iso(c.createdAt);
      return `${orgId}\t${c.id}\t${copyValue(c.externalId)}\t${copyValue(c.email)}\t${copyValue(c.name)}\t${json(c.attributes)}\t${at}\t${at}\n`;
    },
    onRows,
  );
}

async function copyResponses(
  tx: TransactionSql,
  plan: DemoPlan,
  made: DemoFeedback[],
  orgId: string,
  onRows: (n: number) => void,
): Promise<void> {
  const target = await copyResponsesTarget(tx);
  await copyRows(
    target,
    // Each response is made when the stream wants it; its feedback record is kept for the next COPY.
    (function* () {
      for (let i = 0; i < plan.count; i++) {
        const row = plan.next();
        made.push(row.feedback);
        yield row.response;
      }
    })(),
    // Ids, timestamps, numbers and the fixed channel and language names never need escaping.
    (r) =>
      `${orgId}\t${r.id}\t${r.surveyId}\t${r.surveyVersion}\t${r.contactId}\t${r.touchpointId}\t${r.channel}\t` +
      `${json(r.answers)}\t${json(r.metadata)}\t${r.language}\t${iso(r.startedAt)}\t${iso(r.submittedAt)}\n`,
    onRows,
  );
}

async function copyFeedback(
  tx: TransactionSql,
  feedback: readonly DemoFeedback[],
  orgId: string,
  onRows: (n: number) => void,
): Promise<void> {
  const target = await copyFeedbackTarget(tx);
  await copyRows(
    target,
    feedback,
    (f) => {
      const at = iso(f.occurredAt);
      return (
        `${orgId}\t${f.id}\tsurvey\t${f.responseId}\t${f.responseId}\t${f.surveyId}\t${f.contactId}\t${f.journeyId}\t` +
        `${f.stageId}\t${f.touchpointId}\t${f.channel}\t${at}\t${num(f.nps)}\t${num(f.csat)}\t${num(f.ces)}\t` +
        `${num(f.rating)}\t${num(f.ratingScale)}\t${copyValue(f.text)}\ten\t${json(f.attributes)}\t${json(f.metadata)}\t${at}\n`
      );
    },
    onRows,
  );
}
